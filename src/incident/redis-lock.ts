import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { lockBusy } from './local-lock.js';
import type { RedisConnection } from './redis-connection.js';

/**
 * Deletes KEYS[1] only while it still holds ARGV[1]: releases a lease only by its holder, and removes an
 * alarm binding only while it still points at the incident being closed.
 */
export const COMPARE_AND_DELETE = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/**
 * Writes an incident only if KEYS[1] still holds exactly ARGV[1] (what the caller read; '' for absent), and
 * derives its indexes in the same step: the open set (KEYS[2]; ARGV[3] is the score, '' to remove) and the
 * alarm binding (KEYS[3] unbound only while it points at ARGV[4]; KEYS[4] bound to ARGV[4]). Returns 1 or 0.
 */
export const COMPARE_AND_SET_INCIDENT = `local current = redis.call('GET', KEYS[1])
if (current or '') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
if ARGV[3] ~= '' then redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4]) else redis.call('ZREM', KEYS[2], ARGV[4]) end
if KEYS[3] ~= '' and redis.call('GET', KEYS[3]) == ARGV[4] then redis.call('DEL', KEYS[3]) end
if KEYS[4] ~= '' then redis.call('SET', KEYS[4], ARGV[4]) end
return 1`;

/** Takes the lease `SET key token NX PX leaseMs`, polling with jittered sleeps until `waitMs` has passed. */
export async function acquireLease(
  connection: RedisConnection,
  key: string,
  displayKey: string,
  { leaseMs, waitMs }: { leaseMs: number; waitMs: number },
): Promise<string> {
  const token = randomUUID();
  const deadline = Date.now() + waitMs;
  const px = Math.max(1, Math.ceil(leaseMs));
  for (;;) {
    const taken = await connection.run('withLock', (client) => client.set(key, token, 'PX', px, 'NX'));
    if (taken === 'OK') return token;
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw lockBusy(displayKey);
    // Jitter keeps replicas that lost the same race from polling in lockstep.
    await sleep(Math.min(remaining, 10 + Math.random() * 40));
  }
}

export async function releaseLease(connection: RedisConnection, key: string, token: string): Promise<void> {
  await connection.run('withLock', (client) => client.eval(COMPARE_AND_DELETE, 1, key, token));
}
