import { setTimeout as sleep } from 'node:timers/promises';
import { FirebreakError } from '../errors.js';
import { openRedisConnection, type StoreLogger } from './redis-connection.js';

/**
 * The request budget shared by every replica (src/investigate/token-bucket.ts defines the TokenBucket interface
 * this implements; incident/ imports nothing of the phases, so the shape is repeated here and TypeScript checks
 * it structurally where main.ts passes one for the other).
 *
 * GCRA as a reservation, in one Lua script so the read-modify-write is atomic across replicas, on Redis's own
 * clock (`TIME`) so replicas with skewed clocks still share one schedule. Key: `<prefix>ratelimit:<key>`, a
 * string holding the theoretical arrival time of the next request (ms), expiring once it is in the past.
 */

export interface RedisTokenBucketOptions {
  url: string;
  /** Same prefix as the store's (REDIS_KEY_PREFIX), so one Redis can serve several deployments. */
  keyPrefix?: string;
  commandTimeoutMs?: number;
  logger?: StoreLogger;
  /** Requests per second per key; CloudTrail LookupEvents allows 2. */
  ratePerSecond?: number;
  /** 1 spaces every request by the interval: the only setting that keeps every run at or under the rate. */
  capacity?: number;
  /** Added to every interval, against jitter between replicas (5 ms on 500 ms). */
  marginMs?: number;
  /** A slot further away than this is refused (TRAIL_BUSY), not queued without end. */
  maxWaitMs?: number;
}

export interface RedisTokenBucket {
  /** waits until a request may be made under the key's budget */
  acquire(key: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * KEYS[1] the schedule; ARGV: interval ms, burst ms, max wait ms. Returns {1, wait ms} with the slot reserved,
 * or {0, wait ms} refused and nothing written. Numbers travel as strings: Redis truncates Lua numbers to integers.
 */
export const RESERVE_SLOT = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local max_wait = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if tat < now then tat = now end
local allowed = tat - burst
if allowed < now then allowed = now end
local wait = allowed - now
if wait > max_wait then return {0, string.format('%.3f', wait)} end
local next_tat = tat + interval
redis.call('SET', KEYS[1], string.format('%.3f', next_tat), 'PX', math.ceil(next_tat - now) + 1000)
return {1, string.format('%.3f', wait)}`;

/**
 * KEYS[1] the schedule; ARGV[1] interval ms. A caller that woke late pushes the schedule to (server now +
 * interval) unless it is already later, so its late request and the next one stay an interval apart.
 */
export const PUSH_SCHEDULE = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local next_tat = now + tonumber(ARGV[1])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if tat >= next_tat then return 0 end
redis.call('SET', KEYS[1], string.format('%.3f', next_tat), 'PX', math.ceil(next_tat - now) + 1000)
return 1`;

export function createRedisTokenBucket(options: RedisTokenBucketOptions): RedisTokenBucket {
  const { url, keyPrefix = 'firebreak:', commandTimeoutMs = 1000, logger } = options;
  const rate = options.ratePerSecond ?? 2;
  const capacity = options.capacity ?? 1;
  if (!(rate > 0) || !Number.isInteger(capacity) || capacity < 1) {
    throw new FirebreakError(
      'CONFIG_INVALID',
      'A rate limit needs a positive rate and a whole capacity of at least 1.',
    );
  }
  const marginMs = options.marginMs ?? 5;
  const intervalMs = 1000 / rate + marginMs;
  const burstMs = (capacity - 1) * intervalMs;
  const maxWaitMs = options.maxWaitMs ?? 120_000;
  const connection = openRedisConnection({ url, commandTimeoutMs, logger, name: 'firebreak-ratelimit' });

  return {
    async acquire(key) {
      const redisKey = `${keyPrefix}ratelimit:${key}`;
      const reply = await connection.run('CloudTrail rate limit', (client) =>
        client.eval(RESERVE_SLOT, 1, redisKey, String(intervalMs), String(burstMs), String(maxWaitMs)),
      );
      const [reserved, wait] = reply as [number, string];
      const waitMs = Number(wait);
      if (reserved !== 1) {
        throw new FirebreakError(
          'TRAIL_BUSY',
          `Other CloudTrail searches already hold the request budget for ${key} for the next ${Math.ceil(waitMs / 1000)} s; try again shortly or narrow the query.`,
        );
      }
      if (waitMs <= 0) return;
      const wakeAt = Date.now() + waitMs;
      await sleep(Math.ceil(waitMs));
      // Only a late wake costs a second round trip; lateness within the margin is already absorbed by it.
      if (Date.now() - wakeAt > marginMs) {
        await connection.run('CloudTrail rate limit', (client) =>
          client.eval(PUSH_SCHEDULE, 1, redisKey, String(intervalMs)),
        );
      }
    },
    close: () => connection.close(),
  };
}
