import { describe, expect, it } from 'vitest';
import { createMemoryTokenBucket, gcraSettings, reserve } from '../../src/investigate/token-bucket.js';

/** A fake clock: `sleep` records when each caller may go instead of waiting. */
function fakeClock() {
  let now = 0;
  const wakes: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      wakes.push(now + ms);
    },
    advance: (ms: number) => {
      now += ms;
    },
    wakes,
  };
}

/**
 * When each acquire may make its request: the fake time it was called, plus the wait it was given. The memory
 * bucket decides synchronously (it calls `sleep` before its first await), so the wake is known right away.
 */
async function acquireAll(
  clock: ReturnType<typeof fakeClock>,
  bucket: ReturnType<typeof createMemoryTokenBucket>,
  keys: string[],
) {
  const times: number[] = [];
  const pending: Promise<void>[] = [];
  for (const key of keys) {
    const before = clock.wakes.length;
    pending.push(bucket.acquire(key));
    times.push(clock.wakes.length > before ? clock.wakes.at(-1)! : clock.now());
  }
  await Promise.all(pending);
  return times;
}

const rate = (times: number[]) => (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000);

describe('createMemoryTokenBucket', () => {
  it('spaces requests on one key so any run of 20 or more stays at or under 2 per second', async () => {
    const clock = fakeClock();
    const bucket = createMemoryTokenBucket({ now: clock.now, sleep: clock.sleep });
    const times = await acquireAll(
      clock,
      bucket,
      Array.from({ length: 30 }, () => 'acct:eu-west-1'),
    );
    expect(times.slice(0, 3)).toEqual([0, 505, 1010]);
    for (let size = 20; size <= times.length; size += 1) {
      for (let start = 0; start + size <= times.length; start += 1) {
        expect(rate(times.slice(start, start + size))).toBeLessThanOrEqual(2);
      }
    }
  });

  it('gives each key its own budget', async () => {
    const clock = fakeClock();
    const bucket = createMemoryTokenBucket({ now: clock.now, sleep: clock.sleep });
    const times = await acquireAll(clock, bucket, [
      'a:eu-west-1',
      'a:eu-west-1',
      'a:us-east-1',
      'b:eu-west-1',
    ]);
    expect(times).toEqual([0, 505, 0, 0]);
  });

  it('lets an idle key go at once again', async () => {
    const clock = fakeClock();
    const bucket = createMemoryTokenBucket({ now: clock.now, sleep: clock.sleep });
    await acquireAll(clock, bucket, ['k', 'k', 'k']);
    clock.advance(10_000);
    expect(await acquireAll(clock, bucket, ['k', 'k'])).toEqual([10_000, 10_505]);
  });

  it('allows a burst of `capacity` after a quiet spell, then the steady rate', async () => {
    const clock = fakeClock();
    const bucket = createMemoryTokenBucket({ now: clock.now, sleep: clock.sleep, capacity: 3, marginMs: 0 });
    expect(await acquireAll(clock, bucket, ['k', 'k', 'k', 'k', 'k'])).toEqual([0, 0, 0, 500, 1000]);
  });

  it('refuses a caller whose slot is further away than maxWaitMs, without reserving it', async () => {
    const clock = fakeClock();
    const bucket = createMemoryTokenBucket({ now: clock.now, sleep: clock.sleep, maxWaitMs: 1200 });
    await acquireAll(clock, bucket, ['k', 'k', 'k']);
    await expect(bucket.acquire('k')).rejects.toMatchObject({ code: 'TRAIL_BUSY' });
    clock.advance(600);
    await bucket.acquire('k');
    expect(clock.wakes.at(-1)).toBe(1515);
  });

  it('counts the next slot from a late wake, so a late request and an on-time one stay an interval apart', async () => {
    let now = 0;
    const sent: number[] = [];
    // A busy event loop delays one timer by 50 ms; the others fire on time.
    const lateness = [50, 0, 0];
    const bucket = createMemoryTokenBucket({
      now: () => now,
      sleep: async (ms) => {
        now += ms + (lateness.shift() ?? 0);
      },
    });
    for (let i = 0; i < 4; i += 1) {
      await bucket.acquire('k');
      sent.push(now);
    }
    // Without the push the third request would go at 1010, 455 ms after the late second one.
    expect(sent).toEqual([0, 555, 1060, 1565]);
  });

  it('refuses nonsense settings', () => {
    expect(() => gcraSettings({ ratePerSecond: 0 })).toThrow(/positive rate/);
    expect(() => gcraSettings({ capacity: 0.5 })).toThrow(/whole capacity/);
  });
});

describe('reserve (GCRA)', () => {
  it('moves the schedule one interval per request and never waits for a past schedule', () => {
    const settings = gcraSettings({ marginMs: 0 });
    expect(reserve(undefined, 1000, settings)).toEqual({ waitMs: 0, tat: 1500 });
    expect(reserve(1500, 1000, settings)).toEqual({ waitMs: 500, tat: 2000 });
    expect(reserve(500, 1000, settings)).toEqual({ waitMs: 0, tat: 1500 });
  });
});
