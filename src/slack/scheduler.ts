import { FirebreakError } from '../errors.js';
import type { SlackCallQueue } from './gateway.js';

/**
 * The one scheduler every outgoing Slack call goes through. It exists because the Web API client's own handling
 * of a 429 pauses every call in the process, while Slack's limits are narrower:
 * - chat.postMessage: about 1 per second per channel, so each channel has its own lane;
 * - chat.update: Tier 3 (about 50 a minute) for the workspace, so one shared budget;
 * - modals, ephemerals and response_url replies answer a person who is waiting (a trigger_id lives 3 s),
 *   so they never queue behind posts and updates.
 * Calls that write to the same channel go out one at a time in call order: the last card update must win.
 */

export type CallPriority = 'interactive' | 'normal';
export type CallOutcome = 'ok' | 'error' | 'ratelimited';

export interface SchedulerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface SlackScheduler extends SlackCallQueue {
  call(
    method: string,
    args: Record<string, unknown>,
    options?: { priority?: CallPriority },
  ): Promise<unknown>;
  /** Resolves once every call made so far has settled (used at shutdown). */
  drain(): Promise<void>;
  /** Calls accepted and not yet settled, queued or in flight. */
  pending(): number;
}

export interface SlackSchedulerOptions {
  send: (method: string, args: Record<string, unknown>) => Promise<unknown>;
  postsPerSecondPerChannel?: number;
  updatesPerMinute?: number;
  /** chat.updates allowed back to back before the per-minute rate applies. */
  updateBurst?: number;
  clock?: SchedulerClock;
  onCall?: (method: string, outcome: CallOutcome) => void;
}

/** Methods that answer a person who is waiting; they go first unless the caller says otherwise. */
export const INTERACTIVE_METHODS: ReadonlySet<string> = new Set([
  'views.open',
  'views.update',
  'views.push',
  'chat.postEphemeral',
  'response_url',
]);

export const MAX_RATE_LIMIT_RETRIES = 5;

/** Methods whose calls to one channel must keep their order (later writes must not overtake earlier ones). */
const CHANNEL_ORDERED = /^(chat|reactions|pins)\./;

const realClock: SchedulerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * How long Slack asked us to wait, if the error is a rate limit: the @slack/web-api error (with
 * `rejectRateLimitedCalls`), or a platform error whose `data.error` is `ratelimited`.
 */
export function rateLimitDelayMs(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as {
    code?: unknown;
    retryAfter?: unknown;
    data?: { error?: unknown; response_metadata?: { retryAfter?: unknown } };
  };
  const limited = e.code === 'slack_webapi_rate_limited_error' || e.data?.error === 'ratelimited';
  if (!limited) return undefined;
  const seconds = Number(e.retryAfter ?? e.data?.response_metadata?.retryAfter);
  // A missing or zero Retry-After would turn into a tight retry loop; Slack's windows are at least a second.
  return (Number.isFinite(seconds) && seconds > 1 ? seconds : 1) * 1000;
}

/** A token bucket that may be reserved into debt: the caller learns how long to wait for its token. */
function createBudget(perMinute: number, burst: number, now: () => number) {
  const perMs = perMinute / 60_000;
  let tokens = burst;
  let at = now();
  const refill = () => {
    const t = now();
    tokens = Math.min(burst, tokens + (t - at) * perMs);
    at = t;
  };
  return {
    reserve(): number {
      refill();
      tokens -= 1;
      return tokens >= 0 ? 0 : Math.ceil(-tokens / perMs);
    },
    /** After a 429 no token exists before `until`. */
    blockUntil(until: number): void {
      refill();
      tokens = Math.min(tokens, 1 - (until - at) * perMs);
    },
  };
}

interface Job {
  method: string;
  args: Record<string, unknown>;
  retries: number;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Lane {
  queue: Job[];
  pausedUntil: number;
  nextPostAt: number;
}

type Attempt =
  | { kind: 'ok'; value: unknown }
  | { kind: 'error'; error: unknown }
  | { kind: 'ratelimited'; delayMs: number; error: unknown };

export function createSlackScheduler(options: SlackSchedulerOptions): SlackScheduler {
  const clock = options.clock ?? realClock;
  const postIntervalMs = 1000 / (options.postsPerSecondPerChannel ?? 1);
  const updates = createBudget(options.updatesPerMinute ?? 50, options.updateBurst ?? 5, () => clock.now());
  const lanes = new Map<string, Lane>();
  let outstanding = 0;
  let idle: Array<() => void> = [];

  const report = (method: string, outcome: CallOutcome) => {
    try {
      options.onCall?.(method, outcome);
    } catch {
      // Metrics must never break delivery.
    }
  };

  async function attempt(job: Job): Promise<Attempt> {
    try {
      const value = await options.send(job.method, job.args);
      report(job.method, 'ok');
      return { kind: 'ok', value };
    } catch (error) {
      const delayMs = rateLimitDelayMs(error);
      report(job.method, delayMs === undefined ? 'error' : 'ratelimited');
      return delayMs === undefined ? { kind: 'error', error } : { kind: 'ratelimited', delayMs, error };
    }
  }

  const giveUp = (job: Job, cause: unknown) =>
    new FirebreakError(
      'SLACK_RATE_LIMITED',
      `Slack kept rate-limiting ${job.method} after ${MAX_RATE_LIMIT_RETRIES} retries, so it was not sent. Try again in a minute.`,
      { cause },
    );

  /** Settles a job unless it should be retried; returns whether it is finished. */
  function finish(job: Job, result: Attempt): boolean {
    if (result.kind === 'ok') job.resolve(result.value);
    else if (result.kind === 'error') job.reject(result.error);
    else if (job.retries >= MAX_RATE_LIMIT_RETRIES) job.reject(giveUp(job, result.error));
    else {
      job.retries += 1;
      return false;
    }
    return true;
  }

  async function sleepUntil(t: number): Promise<void> {
    const wait = t - clock.now();
    if (wait > 0) await clock.sleep(wait);
  }

  async function runDirect(job: Job): Promise<void> {
    for (;;) {
      const result = await attempt(job);
      if (finish(job, result)) return;
      if (result.kind === 'ratelimited') await clock.sleep(result.delayMs);
    }
  }

  async function runLane(key: string, lane: Lane): Promise<void> {
    for (let job = lane.queue[0]; job; job = lane.queue[0]) {
      await sleepUntil(
        job.method === 'chat.postMessage' ? Math.max(lane.pausedUntil, lane.nextPostAt) : lane.pausedUntil,
      );
      if (job.method === 'chat.update') {
        const wait = updates.reserve();
        if (wait > 0) await clock.sleep(wait);
      }
      if (job.method === 'chat.postMessage') lane.nextPostAt = clock.now() + postIntervalMs;
      const result = await attempt(job);
      if (result.kind === 'ratelimited') {
        lane.pausedUntil = clock.now() + result.delayMs;
        // chat.update's limit is the workspace's, so every channel's updates wait, not just this one's.
        if (job.method === 'chat.update') updates.blockUntil(lane.pausedUntil);
      }
      if (finish(job, result)) lane.queue.shift();
    }
    // An idle lane is kept while it still holds a pause or a post interval, so the next call respects them.
    if (lane.pausedUntil <= clock.now() && lane.nextPostAt <= clock.now()) lanes.delete(key);
  }

  function settled(): void {
    outstanding -= 1;
    if (outstanding === 0) {
      const waiters = idle;
      idle = [];
      for (const wake of waiters) wake();
    }
  }

  return {
    call(method, args, callOptions) {
      const priority = callOptions?.priority ?? (INTERACTIVE_METHODS.has(method) ? 'interactive' : 'normal');
      outstanding += 1;
      const result = new Promise<unknown>((resolve, reject) => {
        const job: Job = { method, args, retries: 0, resolve, reject };
        const channel = args.channel;
        if (priority === 'interactive' || typeof channel !== 'string' || !CHANNEL_ORDERED.test(method)) {
          void runDirect(job);
          return;
        }
        const lane = lanes.get(channel) ?? { queue: [], pausedUntil: 0, nextPostAt: 0 };
        lanes.set(channel, lane);
        lane.queue.push(job);
        if (lane.queue.length === 1) void runLane(channel, lane);
      });
      result.then(settled, settled);
      return result;
    },
    async drain() {
      while (outstanding > 0) await new Promise<void>((resolve) => idle.push(resolve));
    },
    pending: () => outstanding,
  };
}
