import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { FirebreakError } from '../../src/errors.js';
import type { Incident } from '../../src/incident/incident.js';
import { createMemoryStore } from '../../src/incident/memory-store.js';
import { createRedisStore } from '../../src/incident/redis-store.js';
import type { IncidentStore } from '../../src/incident/store.js';
import type { TimelineEvent } from '../../src/incident/timeline.js';

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'INC-1',
    title: 'CPU high on web-1',
    severity: 2,
    status: 'open',
    resources: [{ kind: 'InstanceId', id: 'i-0123456789abcdef0' }],
    alarmCount: 0,
    channel: 'C0INCIDENTS',
    declaredAt: '2025-03-01T10:00:00.000Z',
    declaredBy: 'system',
    ...overrides,
  };
}

const note = (text: string, at: string): TimelineEvent => ({ type: 'note', text, at, actor: 'U0RESPONDER' });

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A fresh key prefix per Redis store keeps tests apart on the one shared redis-server. */
const redisStore = (prefix = `test:${randomUUID()}:`) =>
  createRedisStore({ url: inject('redisUrl'), keyPrefix: prefix });

const factories: { name: string; create: () => IncidentStore }[] = [
  { name: 'memory', create: () => createMemoryStore() },
  { name: 'redis', create: () => redisStore() },
];

describe.each(factories)('IncidentStore contract: $name', ({ name, create }) => {
  let store: IncidentStore;
  beforeEach(() => {
    store = create();
  });
  afterEach(async () => {
    await store.close();
  });

  it('names its kind and answers ping', async () => {
    expect(store.kind).toBe(name);
    await expect(store.ping()).resolves.toBeUndefined();
  });

  describe('incidents', () => {
    it('round-trips an incident and hands out copies, not its own state', async () => {
      const original = incident({ alarmKey: '111111111111/eu-west-1/cpu-high' });
      await store.create(original);
      original.title = 'changed by the caller after create';

      const first = await store.get('INC-1');
      expect(first).toEqual(incident({ alarmKey: '111111111111/eu-west-1/cpu-high' }));
      if (!first) throw new Error('missing');
      first.resources.push({ kind: 'InstanceId', id: 'i-injected' });

      const second = await store.get('INC-1');
      expect(second?.title).toBe('CPU high on web-1');
      expect(second?.resources).toHaveLength(1);
      expect(await store.get('INC-404')).toBeUndefined();
    });

    it('refuses to create an id that is taken, leaving the first incident as it was', async () => {
      await store.create(incident());
      const duplicate = store.create(incident({ title: 'other' }));
      await expect(duplicate).rejects.toBeInstanceOf(FirebreakError);
      await expect(duplicate).rejects.toMatchObject({ code: 'INCIDENT_EXISTS' });
      expect((await store.get('INC-1'))?.title).toBe('CPU high on web-1');
    });

    it('applies 50 concurrent increments without losing one', async () => {
      await store.create(incident());
      await Promise.all(
        Array.from({ length: 50 }, () =>
          store.update('INC-1', (current) => ({ ...current, alarmCount: current.alarmCount + 1 })),
        ),
      );
      expect((await store.get('INC-1'))?.alarmCount).toBe(50);
    });

    it('resolves to the stored incident, and a copy of it', async () => {
      await store.create(incident());
      const updated = await store.update('INC-1', (current) => ({ ...current, severity: 1 }));
      expect(updated).toEqual(incident({ severity: 1 }));
      if (updated) updated.title = 'caller scribbles on the result';
      expect(await store.get('INC-1')).toEqual(incident({ severity: 1 }));
    });

    it('changes nothing when the mutation returns undefined, even if it scribbled on its argument', async () => {
      await store.create(incident());
      const result = await store.update('INC-1', (current) => {
        current.title = 'scribbled';
        return undefined;
      });
      expect(result).toEqual(incident());
      expect(await store.get('INC-1')).toEqual(incident());
    });

    it('resolves to undefined for an unknown incident without calling the mutation', async () => {
      let called = false;
      const result = await store.update('INC-404', (current) => {
        called = true;
        return current;
      });
      expect(result).toBeUndefined();
      expect(called).toBe(false);
      expect(await store.get('INC-404')).toBeUndefined();
    });

    it('passes an error thrown by the mutation through unchanged and writes nothing', async () => {
      await store.create(incident());
      const bug = new Error('mutation failed');
      await expect(
        store.update('INC-1', () => {
          throw bug;
        }),
      ).rejects.toBe(bug);
      expect(await store.get('INC-1')).toEqual(incident());
      // The store is still usable afterwards.
      await store.update('INC-1', (current) => ({ ...current, alarmCount: 1 }));
      expect((await store.get('INC-1'))?.alarmCount).toBe(1);
    });

    it('lists open incidents oldest first and leaves closed ones out', async () => {
      await store.create(incident({ id: 'INC-3', declaredAt: '2025-03-01T12:00:00.000Z' }));
      await store.create(incident({ id: 'INC-1', declaredAt: '2025-03-01T10:00:00.000Z' }));
      await store.create(incident({ id: 'INC-4', declaredAt: '2025-03-01T09:00:00.000Z', status: 'closed' }));
      await store.create(
        incident({ id: 'INC-2', declaredAt: '2025-03-01T11:00:00.000Z', status: 'contained' }),
      );
      expect((await store.listOpen()).map((i) => i.id)).toEqual(['INC-1', 'INC-2', 'INC-3']);

      await store.update('INC-2', (current) => ({ ...current, status: 'closed', resolution: 'resolved' }));
      expect((await store.listOpen()).map((i) => i.id)).toEqual(['INC-1', 'INC-3']);
    });
  });

  describe('alarm binding', () => {
    const cpu = '111111111111/eu-west-1/cpu-high';
    const disk = '111111111111/eu-west-1/disk-full';

    it('appears on create, follows the alarm key, and disappears on close', async () => {
      await store.create(incident({ alarmKey: cpu }));
      expect(await store.openIncidentIdForAlarm(cpu)).toBe('INC-1');

      await store.update('INC-1', (current) => ({ ...current, alarmKey: disk }));
      expect(await store.openIncidentIdForAlarm(cpu)).toBeUndefined();
      expect(await store.openIncidentIdForAlarm(disk)).toBe('INC-1');

      await store.update('INC-1', (current) => ({ ...current, status: 'closed', resolution: 'resolved' }));
      expect(await store.openIncidentIdForAlarm(disk)).toBeUndefined();
    });

    it('is not created for a closed incident or one without an alarm key', async () => {
      await store.create(incident({ id: 'INC-1', alarmKey: cpu, status: 'closed' }));
      await store.create(incident({ id: 'INC-2' }));
      expect(await store.openIncidentIdForAlarm(cpu)).toBeUndefined();
    });

    it('is not removed by closing a different incident that once had the same alarm key', async () => {
      await store.create(incident({ id: 'INC-1', alarmKey: cpu }));
      await store.create(incident({ id: 'INC-2', alarmKey: cpu, declaredAt: '2025-03-01T11:00:00.000Z' }));
      expect(await store.openIncidentIdForAlarm(cpu)).toBe('INC-2');

      await store.update('INC-1', (current) => ({ ...current, status: 'closed', resolution: 'duplicate' }));
      expect(await store.openIncidentIdForAlarm(cpu)).toBe('INC-2');

      await store.update('INC-2', (current) => ({ ...current, status: 'closed', resolution: 'resolved' }));
      expect(await store.openIncidentIdForAlarm(cpu)).toBeUndefined();
    });
  });

  describe('timeline', () => {
    it('keeps events in the order they were appended, per incident', async () => {
      const events = Array.from({ length: 5 }, (_, n) => note(`note ${n}`, `2025-03-01T10:00:0${n}.000Z`));
      for (const event of events) await store.appendTimeline('INC-1', event);
      await store.appendTimeline('INC-2', note('elsewhere', '2025-03-01T10:00:00.000Z'));

      expect(await store.timeline('INC-1')).toEqual(events);
      expect(await store.timeline('INC-2')).toHaveLength(1);
      expect(await store.timeline('INC-404')).toEqual([]);
    });
  });

  describe('sequences', () => {
    it('hands out 100 distinct, consecutive numbers to 100 parallel callers', async () => {
      const numbers = await Promise.all(Array.from({ length: 100 }, () => store.nextSequence('incident')));
      expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, n) => n + 1));
      expect(await store.nextSequence('incident')).toBe(101);
      expect(await store.nextSequence('other')).toBe(1);
    });
  });

  describe('claims', () => {
    it('grants a key once, and again after it is released', async () => {
      expect(await store.claimOnce('sns:msg-1', 60)).toBe(true);
      expect(await store.claimOnce('sns:msg-1', 60)).toBe(false);
      expect(await store.claimOnce('sns:msg-2', 60)).toBe(true);

      await store.releaseClaim('sns:msg-1');
      expect(await store.claimOnce('sns:msg-1', 60)).toBe(true);
      await store.releaseClaim('sns:never-claimed');
    });

    it('lets a claim expire after its ttl', async () => {
      expect(await store.claimOnce('sns:msg-ttl', 1)).toBe(true);
      expect(await store.claimOnce('sns:msg-ttl', 1)).toBe(false);
      await sleep(1200);
      expect(await store.claimOnce('sns:msg-ttl', 1)).toBe(true);
    });
  });

  describe('locks', () => {
    const lease = { leaseMs: 10_000, waitMs: 10_000 };

    it('never lets two of 20 concurrent critical sections overlap', async () => {
      let inside = 0;
      let most = 0;
      let entered = 0;
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, n) =>
          store.withLock('incident:INC-1', lease, async () => {
            inside += 1;
            most = Math.max(most, inside);
            entered += 1;
            await sleep(2);
            inside -= 1;
            return n;
          }),
        ),
      );
      expect(results).toEqual(Array.from({ length: 20 }, (_, n) => n));
      expect(entered).toBe(20);
      expect(most).toBe(1);
    });

    it('does not make different keys wait for each other', async () => {
      const held = deferred();
      const holding = store.withLock('incident:INC-1', lease, () => held.promise);
      await expect(
        store.withLock('incident:INC-2', { leaseMs: 1000, waitMs: 0 }, async () => 'other'),
      ).resolves.toBe('other');
      held.resolve();
      await holding;
    });

    it('releases the lock when the critical section throws, and passes the error on', async () => {
      const bug = new Error('containment step failed');
      await expect(
        store.withLock('incident:INC-1', lease, async () => {
          throw bug;
        }),
      ).rejects.toBe(bug);
      await expect(
        store.withLock('incident:INC-1', { leaseMs: 1000, waitMs: 0 }, async () => 'free'),
      ).resolves.toBe('free');
    });

    it('gives up with LOCK_BUSY after waitMs while the lock is held, and never runs the waiter', async () => {
      const held = deferred();
      let entered = false;
      const holding = store.withLock('incident:INC-1', lease, async () => {
        entered = true;
        await held.promise;
      });
      while (!entered) await sleep(1);

      let waiterRan = false;
      const waiting = store.withLock('incident:INC-1', { leaseMs: 1000, waitMs: 100 }, async () => {
        waiterRan = true;
      });
      await expect(waiting).rejects.toMatchObject({ code: 'LOCK_BUSY' });
      expect(waiterRan).toBe(false);

      held.resolve();
      await holding;
      await expect(
        store.withLock('incident:INC-1', { leaseMs: 1000, waitMs: 0 }, async () => 'next'),
      ).resolves.toBe('next');
    });

    it('lets a waiter in once the lease of a holder that never finishes has expired', async () => {
      const never = deferred();
      let entered = false;
      void store.withLock('incident:INC-1', { leaseMs: 200, waitMs: 0 }, async () => {
        entered = true;
        await never.promise;
      });
      while (!entered) await sleep(1);
      await expect(
        store.withLock('incident:INC-1', { leaseMs: 1000, waitMs: 5000 }, async () => 'taken over'),
      ).resolves.toBe('taken over');
      never.resolve();
    });
  });

  describe('records', () => {
    it('stores, overwrites, copies and lists records by kind', async () => {
      const action = { id: 'act-1', steps: [{ name: 'isolate', state: 'pending' }] };
      await store.putRecord('action', 'act-1', action);
      action.steps.push({ name: 'injected', state: 'done' });
      await store.putRecord('action', 'act-2', { id: 'act-2', steps: [] });
      await store.putRecord('rollback', 'act-1', { sgs: ['sg-1'] });

      expect(await store.getRecord('action', 'act-1')).toEqual({
        id: 'act-1',
        steps: [{ name: 'isolate', state: 'pending' }],
      });
      expect(await store.getRecord('action', 'act-404')).toBeUndefined();

      await store.putRecord('action', 'act-1', { id: 'act-1', steps: [{ name: 'isolate', state: 'done' }] });
      const listed = await store.listRecords<{ id: string; steps: unknown[] }>('action');
      expect(listed.map((r) => r.id).sort()).toEqual(['act-1', 'act-2']);
      expect(listed.find((r) => r.id === 'act-1')?.steps).toEqual([{ name: 'isolate', state: 'done' }]);
      expect(await store.listRecords('rollback')).toEqual([{ sgs: ['sg-1'] }]);
      expect(await store.listRecords('unknown')).toEqual([]);
    });
  });
});

/** Behaviour that only exists when several replicas share one Redis. */
describe('Redis store shared by replicas', () => {
  let replicas: IncidentStore[];
  beforeEach(() => {
    const prefix = `test:${randomUUID()}:`;
    replicas = [redisStore(prefix), redisStore(prefix)];
  });
  afterEach(async () => {
    await Promise.all(replicas.map((replica) => replica.close()));
  });

  it('loses no update when two replicas increment the same incident concurrently', async () => {
    const [a, b] = replicas as [IncidentStore, IncidentStore];
    await a.create(incident());
    const increment = (store: IncidentStore) =>
      store.update('INC-1', (current) => ({ ...current, alarmCount: current.alarmCount + 1 }));
    await Promise.all(Array.from({ length: 50 }, (_, n) => increment(n % 2 === 0 ? a : b)));
    expect((await b.get('INC-1'))?.alarmCount).toBe(50);
  });

  it('lets only one replica create an id', async () => {
    const outcomes = await Promise.allSettled(replicas.map((store) => store.create(incident())));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({
      reason: { code: 'INCIDENT_EXISTS' },
    });
  });

  it('excludes a critical section on one replica from the other', async () => {
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        (replicas[n % 2] as IncidentStore).withLock(
          'incident:INC-1',
          { leaseMs: 10_000, waitMs: 10_000 },
          async () => {
            inside += 1;
            most = Math.max(most, inside);
            await sleep(2);
            inside -= 1;
          },
        ),
      ),
    );
    expect(most).toBe(1);
  });
});
