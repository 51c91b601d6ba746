/**
 * The Redis store, shared by replicas. Key layout (every key starts with `keyPrefix`, default `firebreak:`):
 *
 *   inc:<id>             string  the incident as JSON
 *   open                 zset    ids of incidents whose status is not closed, scored by declared time (ms)
 *   alarm:<alarmKey>     string  id of the open incident an alarm key is bound to
 *   tl:<id>              list    timeline events as JSON, appended with RPUSH
 *   seq:<name>           string  counter for nextSequence (INCR)
 *   claim:<key>          string  "1" with a TTL: claimOnce (SET NX PX), releaseClaim (DEL)
 *   lock:<key>           string  a random token with a TTL: the lease of withLock
 *   rec:<kind>:<id>      string  an opaque record as JSON
 *   recs:<kind>          set     ids of the records of one kind
 *
 * `open` and `alarm:*` are derived from the incident on every create and update (store-index.ts) and written
 * by the same compare-and-set script as the incident, so they never disagree with it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { FirebreakError } from '../errors.js';
import type { Incident } from './incident.js';
import { createLocalLocks } from './local-lock.js';
import { openRedisConnection, type StoreLogger } from './redis-connection.js';
import { acquireLease, COMPARE_AND_SET_INCIDENT, releaseLease } from './redis-lock.js';
import type { IncidentStore } from './store.js';
import { indexChange } from './store-index.js';
import type { TimelineEvent } from './timeline.js';

export type { StoreLogger } from './redis-connection.js';

export interface RedisStoreOptions {
  url: string;
  keyPrefix?: string;
  commandTimeoutMs?: number;
  logger?: StoreLogger;
}

const MAX_TRANSACTION_ATTEMPTS = 20;

type Attempt<T> = { done: true; value: T } | { done: false };
type Plan<T> = (current: Incident | undefined) => { write?: Incident; result: T };

const parse = <T>(raw: string): T => JSON.parse(raw) as T;
const copy = <T>(value: T): T => parse(JSON.stringify(value));

export function createRedisStore(options: RedisStoreOptions): IncidentStore {
  const { url, keyPrefix: p = 'firebreak:', commandTimeoutMs = 1000, logger } = options;
  const keys = {
    incident: (id: string) => `${p}inc:${id}`,
    open: `${p}open`,
    alarm: (alarmKey: string) => `${p}alarm:${alarmKey}`,
    timeline: (id: string) => `${p}tl:${id}`,
    sequence: (name: string) => `${p}seq:${name}`,
    claim: (key: string) => `${p}claim:${key}`,
    lock: (key: string) => `${p}lock:${key}`,
    record: (kind: string, id: string) => `${p}rec:${kind}:${id}`,
    records: (kind: string) => `${p}recs:${kind}`,
  };
  const main = openRedisConnection({ url, commandTimeoutMs, logger, name: 'firebreak' });
  const localLocks = createLocalLocks();

  /**
   * One optimistic attempt: read the incident, let `plan` decide, then write it only if it is still exactly what
   * was read (a compare-and-set in Lua, atomic in Redis). Unlike WATCH, this needs no connection of its own, so
   * concurrent updates of different incidents pipeline on one connection instead of taking turns.
   */
  async function attempt<T>(operation: string, id: string, plan: Plan<T>): Promise<Attempt<T>> {
    const key = keys.incident(id);
    const raw = await main.run(operation, (client) => client.get(key));
    const before = raw === null ? undefined : parse<Incident>(raw);
    const { write, result } = plan(before);
    if (write === undefined) return { done: true, value: result };
    const change = indexChange(before, write);
    const written = await main.run(operation, (client) =>
      client.eval(
        COMPARE_AND_SET_INCIDENT,
        4,
        key,
        keys.open,
        change.unbind === undefined ? '' : keys.alarm(change.unbind),
        change.bind === undefined ? '' : keys.alarm(change.bind),
        raw ?? '',
        JSON.stringify(write),
        change.open ? String(change.score) : '',
        write.id,
      ),
    );
    return written === 1 ? { done: true, value: result } : { done: false };
  }

  async function withLease<T>(
    key: string,
    lease: { leaseMs: number; waitMs: number },
    fn: () => Promise<T>,
  ): Promise<T> {
    const lockKey = keys.lock(key);
    const token = await acquireLease(main, lockKey, key, lease);
    try {
      return await fn();
    } finally {
      // fn's outcome stands even if Redis went away meanwhile: the lease then simply expires.
      await releaseLease(main, lockKey, token).catch((error: Error) => {
        logger?.warn(
          { lock: key, err: error.message },
          'could not release a lock; it will expire with its lease',
        );
      });
    }
  }

  async function transact<T>(operation: string, id: string, plan: Plan<T>): Promise<T> {
    for (let n = 1; n <= MAX_TRANSACTION_ATTEMPTS; n += 1) {
      const outcome = await attempt(operation, id, plan);
      if (outcome.done) return outcome.value;
      await sleep(Math.random() * Math.min(5 * n, 50));
    }
    throw new FirebreakError('STORE_CONFLICT', `Incident ${id} changed too often to save this; try again.`);
  }

  return {
    kind: 'redis',

    async ping() {
      await main.run('ping', (client) => client.ping());
    },

    async nextSequence(name) {
      return main.run('nextSequence', (client) => client.incr(keys.sequence(name)));
    },

    async create(incident) {
      const stored = copy(incident);
      await transact('create', incident.id, (current) => {
        if (current !== undefined) {
          throw new FirebreakError('INCIDENT_EXISTS', `Incident ${incident.id} already exists.`);
        }
        return { write: stored, result: undefined };
      });
    },

    async get(id) {
      const raw = await main.run('get', (client) => client.get(keys.incident(id)));
      return raw === null ? undefined : parse<Incident>(raw);
    },

    async update(id, mutate) {
      return transact('update', id, (current) => {
        if (current === undefined) return { result: undefined };
        const next = mutate(copy(current));
        if (next === undefined) return { result: current };
        if (next.id !== id) throw new Error(`update of ${id} tried to change its id to ${next.id}`);
        const stored = copy(next);
        return { write: stored, result: copy(stored) };
      });
    },

    async listOpen() {
      const raws = await main.run('listOpen', async (client) => {
        const ids = await client.zrange(keys.open, 0, '-1');
        return ids.length === 0 ? [] : client.mget(...ids.map((id) => keys.incident(id)));
      });
      return raws.flatMap((raw) => (raw === null ? [] : [parse<Incident>(raw)]));
    },

    async openIncidentIdForAlarm(alarmKey) {
      const id = await main.run('openIncidentIdForAlarm', (client) => client.get(keys.alarm(alarmKey)));
      return id ?? undefined;
    },

    async appendTimeline(incidentId, event) {
      await main.run('appendTimeline', (client) =>
        client.rpush(keys.timeline(incidentId), JSON.stringify(event)),
      );
    },

    async timeline(incidentId) {
      const raws = await main.run('timeline', (client) => client.lrange(keys.timeline(incidentId), 0, -1));
      return raws.map((raw) => parse<TimelineEvent>(raw));
    },

    async claimOnce(key, ttlSeconds) {
      const ttlMs = Math.max(1, Math.round(ttlSeconds * 1000));
      const claimed = await main.run('claimOnce', (client) =>
        client.set(keys.claim(key), '1', 'PX', ttlMs, 'NX'),
      );
      return claimed === 'OK';
    },

    async releaseClaim(key) {
      await main.run('releaseClaim', (client) => client.del(keys.claim(key)));
    },

    async withLock(key, lockOptions, fn) {
      // Waiters in this process queue locally, first come first served, so only one of them polls Redis for
      // the shared lease; polling is left for contention between replicas.
      const startedAt = Date.now();
      return localLocks.withLock(key, lockOptions, async () => {
        const waitMs = Math.max(0, lockOptions.waitMs - (Date.now() - startedAt));
        return withLease(key, { leaseMs: lockOptions.leaseMs, waitMs }, fn);
      });
    },
    async putRecord(kind, id, value) {
      await main.run('putRecord', async (client) => {
        const replies = await client
          .multi()
          .set(keys.record(kind, id), JSON.stringify(value ?? null))
          .sadd(keys.records(kind), id)
          .exec();
        const failed = replies?.find(([error]) => error !== null);
        if (failed) throw failed[0];
      });
    },

    async getRecord<T>(kind: string, id: string) {
      const raw = await main.run('getRecord', (client) => client.get(keys.record(kind, id)));
      return raw === null ? undefined : parse<T>(raw);
    },

    async listRecords<T>(kind: string) {
      const raws = await main.run('listRecords', async (client) => {
        const ids = (await client.smembers(keys.records(kind))).sort();
        return ids.length === 0 ? [] : client.mget(...ids.map((id) => keys.record(kind, id)));
      });
      return raws.flatMap((raw) => (raw === null ? [] : [parse<T>(raw)]));
    },

    async close() {
      await main.close();
    },
  };
}
