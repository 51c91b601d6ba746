import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { IncidentStore } from './incident/store.js';

/** One registry per process (not prom-client's global), so tests and replicas never share counters by accident. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'firebreak_' });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: 'firebreak_http_requests_total',
      help: 'HTTP requests by route and status code',
      labelNames: ['route', 'status'] as const,
      registers,
    }),
    alarmsReceived: new Counter({
      name: 'firebreak_alarms_received_total',
      help: 'Verified SNS notifications carrying alarms, by new state',
      labelNames: ['state'] as const,
      registers,
    }),
    alarmsDeduped: new Counter({
      name: 'firebreak_alarms_deduped_total',
      help: 'SNS messages dropped as redeliveries of a MessageId already processed',
      registers,
    }),
    alarmsRejected: new Counter({
      name: 'firebreak_sns_rejected_total',
      help: 'SNS messages refused, by reason code',
      labelNames: ['code'] as const,
      registers,
    }),
    slackCalls: new Counter({
      name: 'firebreak_slack_calls_total',
      help: 'Outgoing Slack Web API calls by method and outcome (ok, error, ratelimited)',
      labelNames: ['method', 'outcome'] as const,
      registers,
    }),
    slackRejected: new Counter({
      name: 'firebreak_slack_requests_rejected_total',
      help: 'Incoming Slack requests refused at the edge, by reason',
      labelNames: ['reason'] as const,
      registers,
    }),
    storeLatency: new Histogram({
      name: 'firebreak_store_latency_seconds',
      help: 'Incident store call latency by operation and outcome',
      labelNames: ['op', 'outcome'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Wraps every store method with a latency observation, leaving the interface unchanged. */
export function instrumentStore(store: IncidentStore, metrics: Metrics): IncidentStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'withLock') return value;
      return (...args: unknown[]) => {
        const stop = metrics.storeLatency.startTimer({ op: String(property) });
        return Promise.resolve((value as (...a: unknown[]) => unknown).apply(target, args)).then(
          (result) => {
            stop({ outcome: 'ok' });
            return result;
          },
          (error: unknown) => {
            stop({ outcome: 'error' });
            throw error;
          },
        );
      };
    },
  });
}
