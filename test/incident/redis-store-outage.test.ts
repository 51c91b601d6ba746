import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/errors.js';
import type { Incident } from '../../src/incident/incident.js';
import { createRedisStore, type StoreLogger } from '../../src/incident/redis-store.js';
import type { IncidentStore } from '../../src/incident/store.js';
import { freePort, type RunningRedis, startRedis } from '../support/redis-server.js';

const incident: Incident = {
  id: 'INC-1',
  title: 'CPU high on web-1',
  severity: 2,
  status: 'open',
  resources: [],
  alarmCount: 0,
  channel: 'C0INCIDENTS',
  declaredAt: '2025-03-01T10:00:00.000Z',
  declaredBy: 'system',
};

/** Generous on purpose: the point is "fails instead of hanging", not how fast. */
const PROMPTLY_MS = 5000;

async function expectUnavailable(operation: string, call: () => Promise<unknown>): Promise<void> {
  const outcome = await Promise.race([
    call().then(
      () => ({ settled: 'resolved' as const }),
      (error: unknown) => ({ settled: 'rejected' as const, error }),
    ),
    sleep(PROMPTLY_MS).then(() => ({ settled: 'hung' as const })),
  ]);
  expect(outcome.settled, operation).toBe('rejected');
  if (outcome.settled !== 'rejected') return;
  expect(outcome.error, operation).toBeInstanceOf(StoreUnavailableError);
  expect(outcome.error, operation).toMatchObject({ code: 'STORE_UNAVAILABLE' });
  expect((outcome.error as Error).message, operation).toContain(operation);
}

function capturingLogger(): StoreLogger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (fields, message) => lines.push(`info ${message} ${JSON.stringify(fields)}`),
    warn: (fields, message) => lines.push(`warn ${message} ${JSON.stringify(fields)}`),
  };
}

describe('Redis store while Redis is unreachable', () => {
  let store: IncidentStore | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('is created without throwing, and every method rejects with STORE_UNAVAILABLE instead of hanging', async () => {
    const port = await freePort();
    const logger = capturingLogger();
    const url = `redis://:not-a-real-secret@127.0.0.1:${port}`;
    const down = createRedisStore({ url, keyPrefix: 'outage:', logger });
    store = down;
    let lockedSectionRan = false;
    let mutated = false;

    const calls: [string, () => Promise<unknown>][] = [
      ['ping', () => down.ping()],
      ['get', () => down.get('INC-1')],
      ['create', () => down.create(incident)],
      [
        'update',
        () =>
          down.update('INC-1', (current) => {
            mutated = true;
            return current;
          }),
      ],
      ['listOpen', () => down.listOpen()],
      ['openIncidentIdForAlarm', () => down.openIncidentIdForAlarm('111111111111/eu-west-1/cpu-high')],
      [
        'appendTimeline',
        () => down.appendTimeline('INC-1', { type: 'acknowledged', at: incident.declaredAt, actor: 'U1' }),
      ],
      ['timeline', () => down.timeline('INC-1')],
      ['nextSequence', () => down.nextSequence('incident')],
      ['claimOnce', () => down.claimOnce('sns:msg-1', 60)],
      ['releaseClaim', () => down.releaseClaim('sns:msg-1')],
      [
        'withLock',
        () =>
          down.withLock('incident:INC-1', { leaseMs: 1000, waitMs: 10_000 }, async () => {
            lockedSectionRan = true;
          }),
      ],
      ['putRecord', () => down.putRecord('action', 'act-1', { id: 'act-1' })],
      ['getRecord', () => down.getRecord('action', 'act-1')],
      ['listRecords', () => down.listRecords('action')],
    ];
    // Twice: the first round meets a connection attempt in progress, the second a client known to be down.
    for (let round = 0; round < 2; round += 1) {
      for (const [operation, call] of calls) await expectUnavailable(operation, call);
    }
    expect(lockedSectionRan).toBe(false);
    expect(mutated).toBe(false);

    await down.close();
    store = undefined;
    // The outage is logged once per connection rather than once per retry, and the password never appears.
    const warnings = logger.lines.filter((line) => line.startsWith('warn'));
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(warnings.length).toBeLessThanOrEqual(2);
    expect(logger.lines.join('\n')).not.toContain('not-a-real-secret');
  });

  it('fails as unavailable after close()', async () => {
    const port = await freePort();
    const closed = createRedisStore({ url: `redis://127.0.0.1:${port}` });
    await closed.close();
    await expectUnavailable('get', () => closed.get('INC-1'));
  });
});

describe('Redis store across a Redis restart', () => {
  let redis: RunningRedis | undefined;
  let store: IncidentStore | undefined;
  afterEach(async () => {
    await store?.close();
    await redis?.stop();
    store = undefined;
    redis = undefined;
  });

  it('fails fast while Redis is gone and recovers by itself when it is back on the same port', async () => {
    redis = await startRedis();
    const port = redis.port;
    const logger = capturingLogger();
    const live = createRedisStore({ url: redis.url, keyPrefix: 'restart:', logger });
    store = live;
    await live.create(incident);
    expect(await live.nextSequence('incident')).toBe(1);

    await redis.stop();
    redis = undefined;
    await expectUnavailable('get', () => live.get('INC-1'));
    await expectUnavailable('update', () => live.update('INC-1', (current) => current));
    await expectUnavailable('ping', () => live.ping());

    redis = await startRedis(port);
    // Reconnecting happens in the background; wait for it, but not forever.
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        await live.ping();
        break;
      } catch (error) {
        expect(error).toBeInstanceOf(StoreUnavailableError);
        if (Date.now() > deadline) throw new Error('the store did not recover within 15 s');
        await sleep(100);
      }
    }

    // A new, empty Redis: both connections (plain commands and transactions) work again.
    expect(await live.get('INC-1')).toBeUndefined();
    await live.create(incident);
    expect(await live.update('INC-1', (current) => ({ ...current, alarmCount: 1 }))).toMatchObject({
      alarmCount: 1,
    });
    expect(await live.claimOnce('sns:msg-1', 60)).toBe(true);
    expect(await live.withLock('incident:INC-1', { leaseMs: 1000, waitMs: 1000 }, async () => 'locked')).toBe(
      'locked',
    );
    expect(logger.lines.some((line) => line.startsWith('info redis is reachable again'))).toBe(true);
  });
});
