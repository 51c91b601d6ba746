import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createRedisTokenBucket, type RedisTokenBucket } from '../../src/incident/redis-token-bucket.js';
import type { TokenBucket } from '../../src/investigate/token-bucket.js';
import { freePort } from '../support/redis-server.js';

/** DB 10 and a fresh prefix keep this file apart from every other user of the shared redis-server. */
const url = () => `${inject('redisUrl')}/10`;

const opened: RedisTokenBucket[] = [];
function bucket(
  prefix: string,
  options: Partial<Parameters<typeof createRedisTokenBucket>[0]> = {},
): TokenBucket {
  const created = createRedisTokenBucket({ url: url(), keyPrefix: prefix, ...options });
  opened.push(created);
  return created;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((b) => b.close()));
});

/** Requests per second over a run: (n - 1) intervals over the time from first to last. */
const rate = (times: number[]) => (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000);

describe('Redis token bucket', () => {
  it('keeps two workers sharing one key at or under 2 requests per second over a run of 22', async () => {
    const prefix = `test:${randomUUID()}:`;
    // Two independent workers: separate bucket instances, each with its own Redis connection.
    const workers = [bucket(prefix), bucket(prefix)];
    const times: number[] = [];
    const perWorker = [0, 0];
    await Promise.all(
      workers.map(async (worker, index) => {
        for (let i = 0; i < 11; i += 1) {
          await worker.acquire('123456789012:eu-west-1');
          times.push(Date.now());
          perWorker[index]! += 1;
        }
      }),
    );
    times.sort((a, b) => a - b);
    expect(times).toHaveLength(22);
    expect(perWorker).toEqual([11, 11]);
    for (let size = 20; size <= times.length; size += 1) {
      for (let start = 0; start + size <= times.length; start += 1) {
        const window = times.slice(start, start + size);
        expect(rate(window), `requests ${start}..${start + size - 1}`).toBeLessThanOrEqual(2);
      }
    }
    // The schedule lives in Redis under the store's prefix, and expires once it is in the past.
    const redis = new Redis(url());
    try {
      const key = `${prefix}ratelimit:123456789012:eu-west-1`;
      expect(await redis.exists(key)).toBe(1);
      expect(await redis.pttl(key)).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  }, 30_000);

  it('gives different keys their own budgets', async () => {
    const prefix = `test:${randomUUID()}:`;
    const [a, b] = [bucket(prefix), bucket(prefix)];
    const order: string[] = [];
    const busy = Array.from({ length: 3 }, (_, i) =>
      a.acquire('acct:eu-west-1').then(() => order.push(`eu-west-1 #${i + 1}`)),
    );
    const other = b.acquire('acct:us-east-1').then(() => order.push('us-east-1'));
    await Promise.all([...busy, other]);
    // us-east-1 did not queue behind eu-west-1's second and third slots.
    expect(order.indexOf('us-east-1')).toBeLessThan(order.indexOf('eu-west-1 #2'));
    expect(order.indexOf('eu-west-1 #3')).toBe(3);
  });

  it('refuses a slot beyond maxWaitMs with TRAIL_BUSY, without reserving it', async () => {
    const prefix = `test:${randomUUID()}:`;
    const limited = bucket(prefix, { maxWaitMs: 600 });
    await limited.acquire('k');
    const second = limited.acquire('k');
    await expect(limited.acquire('k')).rejects.toMatchObject({ code: 'TRAIL_BUSY' });
    await second;
  });

  it('fails with STORE_UNAVAILABLE instead of hanging when Redis is down', async () => {
    const down = createRedisTokenBucket({
      url: `redis://127.0.0.1:${await freePort()}`,
      commandTimeoutMs: 300,
    });
    opened.push(down);
    const outcome = await Promise.race([
      down.acquire('k').then(
        () => 'resolved',
        (error: unknown) => error,
      ),
      sleep(5000).then(() => 'hung'),
    ]);
    expect(outcome).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect((outcome as Error).message).toMatch(/CloudTrail rate limit/);
  });
});
