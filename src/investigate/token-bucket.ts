import { FirebreakError } from '../errors.js';

/**
 * A request budget per key (`${account}:${region}` for CloudTrail LookupEvents, which AWS limits to 2 requests
 * per second per account and region). `acquire` reserves the next slot and waits for it, so callers queue in
 * order instead of polling.
 */
export interface TokenBucket {
  /** waits until a request may be made under the key's budget */
  acquire(key: string): Promise<void>;
}

export interface TokenBucketOptions {
  /** Requests per second per key; LookupEvents allows 2. */
  ratePerSecond?: number;
  /**
   * Requests that may go back to back after a quiet spell. 1 (the default) spaces every request by the interval,
   * which is the only setting that keeps every run of requests, however short or long, at or under the rate.
   */
  capacity?: number;
  /**
   * Added to the spacing of every request so that clock reads and network jitter between replicas never push a
   * measured window over the rate: 5 ms on 500 ms is 1.98 requests per second.
   */
  marginMs?: number;
  /** A caller whose slot is further away than this is refused (TRAIL_BUSY) instead of queued without end. */
  maxWaitMs?: number;
}

export const LOOKUP_EVENTS_RATE = 2;
export const DEFAULT_MARGIN_MS = 5;
export const DEFAULT_MAX_WAIT_MS = 120_000;

export interface GcraSettings {
  /** ms between requests, margin included */
  intervalMs: number;
  /** how far ahead of the schedule a burst may run, ms: (capacity - 1) × interval */
  burstMs: number;
  maxWaitMs: number;
  /** A caller that wakes later than this after its slot pushes the schedule back (see `afterLateWake`). */
  lateToleranceMs: number;
}

export function gcraSettings(options: TokenBucketOptions = {}): GcraSettings {
  const rate = options.ratePerSecond ?? LOOKUP_EVENTS_RATE;
  const capacity = options.capacity ?? 1;
  if (!(rate > 0) || !Number.isInteger(capacity) || capacity < 1) {
    throw new FirebreakError(
      'CONFIG_INVALID',
      'A rate limit needs a positive rate and a whole capacity of at least 1.',
    );
  }
  const marginMs = options.marginMs ?? DEFAULT_MARGIN_MS;
  const intervalMs = 1000 / rate + marginMs;
  return {
    intervalMs,
    burstMs: (capacity - 1) * intervalMs,
    maxWaitMs: options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS,
    lateToleranceMs: marginMs,
  };
}

/**
 * GCRA ("generic cell rate algorithm") as a reservation: `tat` is the theoretical arrival time of the next
 * request. A caller may go at max(now, tat - burst) and moves tat one interval on. The same arithmetic runs in
 * Redis's Lua (src/incident/redis-token-bucket.ts) for replicas that share a budget.
 */
export function reserve(
  tat: number | undefined,
  now: number,
  settings: GcraSettings,
): { waitMs: number; tat: number } | { refusedWaitMs: number } {
  const current = Math.max(tat ?? now, now);
  const allowedAt = Math.max(now, current - settings.burstMs);
  const waitMs = allowedAt - now;
  if (waitMs > settings.maxWaitMs) return { refusedWaitMs: waitMs };
  return { waitMs, tat: current + settings.intervalMs };
}

/**
 * The schedule after a caller woke at `wokeAt`, late for its slot (a busy event loop, a slow timer). Its request goes
 * out now, not at the slot, so the next slot must count from now: otherwise a late request and an on-time next
 * one land closer together than the interval, and a burst of three inside one second gets throttled.
 */
export function afterLateWake(tat: number | undefined, wokeAt: number, settings: GcraSettings): number {
  return Math.max(tat ?? 0, wokeAt + settings.intervalMs);
}

export function budgetBusy(key: string, waitMs: number): FirebreakError {
  return new FirebreakError(
    'TRAIL_BUSY',
    `Other CloudTrail searches already hold the request budget for ${key} for the next ${Math.ceil(waitMs / 1000)} s; try again shortly or narrow the query.`,
  );
}

/** One process's budget. Several replicas need the Redis bucket instead, or each would spend the whole rate. */
export function createMemoryTokenBucket(
  options: TokenBucketOptions & { now?: () => number; sleep?: (ms: number) => Promise<void> } = {},
): TokenBucket {
  const settings = gcraSettings(options);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const tats = new Map<string, number>();
  return {
    async acquire(key) {
      const at = now();
      const slot = reserve(tats.get(key), at, settings);
      if ('refusedWaitMs' in slot) throw budgetBusy(key, slot.refusedWaitMs);
      tats.set(key, slot.tat);
      // A key whose schedule is already in the past acts as if absent, so it is forgotten and the map stays small.
      for (const [other, tat] of tats) if (tat <= at) tats.delete(other);
      if (slot.waitMs <= 0) return;
      await sleep(Math.ceil(slot.waitMs));
      const wokeAt = now();
      if (wokeAt - (at + slot.waitMs) > settings.lateToleranceMs) {
        tats.set(key, afterLateWake(tats.get(key), wokeAt, settings));
      }
    },
  };
}
