/**
 * Slack's posting limit as the simulator enforces it: about one message per second per channel, with short bursts
 * tolerated. Modelled as one token bucket per key (the channel), so a test posting to two channels sees only the
 * busy one refused.
 */
export interface KeyedRateLimiter {
  /** Takes a token for `key`, or says how many whole seconds to wait (the value of `Retry-After`). */
  take(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number };
  reset(): void;
}

export function createKeyedRateLimiter(options: {
  perSecond: number;
  burst: number;
  now: () => number;
}): KeyedRateLimiter {
  const { perSecond, burst, now } = options;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key) {
      const t = now();
      const bucket = buckets.get(key) ?? { tokens: burst, at: t };
      bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.at) / 1000) * perSecond);
      bucket.at = t;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true };
      }
      const waitMs = ((1 - bucket.tokens) / perSecond) * 1000;
      // Slack's Retry-After is whole seconds and never 0 (a 0 would invite an immediate, equally refused retry).
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    },
    reset() {
      buckets.clear();
    },
  };
}
