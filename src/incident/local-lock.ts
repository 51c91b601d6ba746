import { FirebreakError } from '../errors.js';

export interface LockOptions {
  leaseMs: number;
  waitMs: number;
}

/** In-process exclusive leases per key, granted first come, first served. */
export interface LocalLocks {
  withLock<T>(key: string, options: LockOptions, fn: () => Promise<T>): Promise<T>;
}

interface Waiter {
  grant(): void;
  timer: NodeJS.Timeout;
}

interface Slot {
  holder: symbol | undefined;
  lease: NodeJS.Timeout | undefined;
  waiters: Waiter[];
}

/** Node fires over-long timers at once, so an "effectively forever" wait or lease is capped instead. */
const MAX_TIMER_MS = 2_147_483_647;
const timerDelay = (ms: number): number => Math.min(Math.max(0, ms), MAX_TIMER_MS);

export function lockBusy(key: string): FirebreakError {
  return new FirebreakError(
    'LOCK_BUSY',
    `Someone else is working on this right now (${key}); try again in a moment.`,
  );
}

export function createLocalLocks(): LocalLocks {
  const slots = new Map<string, Slot>();

  function take(key: string, slot: Slot, leaseMs: number): symbol {
    const token = Symbol(key);
    slot.holder = token;
    // The lease mirrors Redis: a holder that overruns it loses exclusivity rather than blocking everyone forever.
    slot.lease = setTimeout(() => release(key, token), timerDelay(leaseMs));
    slot.lease.unref();
    return token;
  }

  function release(key: string, token: symbol): void {
    const slot = slots.get(key);
    // A holder whose lease already expired must not release its successor's lease.
    if (slot?.holder !== token) return;
    clearTimeout(slot.lease);
    slot.holder = undefined;
    slot.lease = undefined;
    const next = slot.waiters.shift();
    if (next) next.grant();
    else slots.delete(key);
  }

  function acquire(key: string, { leaseMs, waitMs }: LockOptions): Promise<symbol> {
    let slot = slots.get(key);
    if (!slot) {
      slot = { holder: undefined, lease: undefined, waiters: [] };
      slots.set(key, slot);
    }
    if (slot.holder === undefined && slot.waiters.length === 0)
      return Promise.resolve(take(key, slot, leaseMs));
    const queued = slot;
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant() {
          clearTimeout(waiter.timer);
          resolve(take(key, queued, leaseMs));
        },
        timer: setTimeout(() => {
          queued.waiters.splice(queued.waiters.indexOf(waiter), 1);
          reject(lockBusy(key));
        }, timerDelay(waitMs)),
      };
      queued.waiters.push(waiter);
    });
  }

  return {
    async withLock(key, options, fn) {
      const token = await acquire(key, options);
      try {
        return await fn();
      } finally {
        release(key, token);
      }
    },
  };
}
