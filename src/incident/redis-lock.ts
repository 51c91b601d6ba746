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
