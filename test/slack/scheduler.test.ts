import { WebAPIPlatformError, WebAPIRateLimitedError } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { FirebreakError } from '../../src/errors.js';
import {
  type CallOutcome,
  createSlackScheduler,
  MAX_RATE_LIMIT_RETRIES,
  rateLimitDelayMs,
  type SchedulerClock,
} from '../../src/slack/scheduler.js';

const START = 1_732_608_343_000;

/** Simulated time: sleeps resolve only when the test moves the clock, so nothing here waits for real. */
function fakeClock() {
  let now = START;
  let seq = 0;
  const timers: Array<{ at: number; seq: number; wake: () => void }> = [];
  const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
  const clock: SchedulerClock & {
    elapsed(): number;
    runAll(): Promise<void>;
    advance(ms: number): Promise<void>;
  } = {
    now: () => now,
    sleep: (ms) =>
      new Promise<void>((wake) => {
        timers.push({ at: now + Math.max(0, ms), seq: seq++, wake });
      }),
    elapsed: () => now - START,
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        await flush();
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = timers[0];
        if (!next || next.at > end) break;
        timers.shift();
        now = next.at;
        next.wake();
      }
      now = end;
      await flush();
    },
    async runAll() {
      for (;;) {
        await flush();
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = timers.shift();
        if (!next) return;
        now = next.at;
        next.wake();
      }
    },
  };
  return clock;
}

interface Sent {
  method: string;
  channel?: unknown;
  n?: unknown;
  at: number;
}

/** A Slack stand-in that records when each call reached it; `failWith` decides per call whether it throws. */
function fakeSlack(
  clock: SchedulerClock,
  failWith?: (method: string, args: Record<string, unknown>) => unknown,
) {
  const sent: Sent[] = [];
  const send = async (method: string, args: Record<string, unknown>) => {
    sent.push({ method, channel: args.channel, n: args.n, at: clock.now() - START });
    const error = failWith?.(method, args);
    if (error) throw error;
    return { ok: true, ts: `${sent.length}.000000`, n: args.n };
  };
  return { sent, send };
}

describe('createSlackScheduler', () => {
  it('sends at most one chat.postMessage per second to a channel without delaying other channels', async () => {
    const clock = fakeClock();
    const slack = fakeSlack(clock);
    const scheduler = createSlackScheduler({ send: slack.send, clock });

    const busy = Array.from({ length: 10 }, (_, n) =>
      scheduler.call('chat.postMessage', { channel: 'C1', text: `post ${n}`, n }, { priority: 'normal' }),
    );
    const other = scheduler.call(
      'chat.postMessage',
      { channel: 'C2', text: 'elsewhere' },
      { priority: 'normal' },
    );
    expect(scheduler.pending()).toBe(11);
    await clock.runAll();
    await Promise.all([...busy, other]);

    const c1 = slack.sent.filter((s) => s.channel === 'C1');
    expect(c1.map((s) => s.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(c1.at(-1)!.at - c1[0]!.at).toBeGreaterThanOrEqual(9000);
    for (let i = 1; i < c1.length; i++) expect(c1[i]!.at - c1[i - 1]!.at).toBeGreaterThanOrEqual(1000);
    expect(slack.sent.find((s) => s.channel === 'C2')!.at).toBe(0);
    expect(scheduler.pending()).toBe(0);
  });

  it('pauses only the rate-limited channel for Retry-After, then succeeds with the same call', async () => {
    const clock = fakeClock();
    let limited = false;
    const slack = fakeSlack(clock, (_method, args) => {
      if (args.channel === 'C1' && !limited) {
        limited = true;
        return new WebAPIRateLimitedError(5);
      }
      return undefined;
    });
    const scheduler = createSlackScheduler({ send: slack.send, clock });

    const first = scheduler.call('chat.postMessage', { channel: 'C1', n: 'a' }, { priority: 'normal' });
    const second = scheduler.call('chat.postMessage', { channel: 'C1', n: 'b' }, { priority: 'normal' });
    const elsewhere = [
      scheduler.call('chat.postMessage', { channel: 'C2', n: 'x' }, { priority: 'normal' }),
      scheduler.call('chat.postMessage', { channel: 'C2', n: 'y' }, { priority: 'normal' }),
    ];
    await clock.runAll();

    await expect(first).resolves.toMatchObject({ ok: true, n: 'a' });
    await expect(second).resolves.toMatchObject({ ok: true, n: 'b' });
    await Promise.all(elsewhere);
    const c1 = slack.sent.filter((s) => s.channel === 'C1').map((s) => [s.n, s.at]);
    expect(c1).toEqual([
      ['a', 0],
      ['a', 5000],
      ['b', 6000],
    ]);
    expect(slack.sent.filter((s) => s.channel === 'C2').map((s) => s.at)).toEqual([0, 1000]);
  });

  it('also recognises a platform error whose data says ratelimited', async () => {
    const clock = fakeClock();
    let calls = 0;
    const slack = fakeSlack(clock, () =>
      calls++ === 0
        ? new WebAPIPlatformError({ ok: false, error: 'ratelimited', response_metadata: { retryAfter: 3 } })
        : undefined,
    );
    const scheduler = createSlackScheduler({ send: slack.send, clock });
    const done = scheduler.call('chat.update', { channel: 'C1', ts: '1.0' }, { priority: 'normal' });
    await clock.runAll();
    await expect(done).resolves.toMatchObject({ ok: true });
    expect(slack.sent.map((s) => s.at)).toEqual([0, 3000]);
  });

  it('lets interactive calls overtake normal calls queued for the same channel', async () => {
    const clock = fakeClock();
    const slack = fakeSlack(clock);
    const scheduler = createSlackScheduler({ send: slack.send, clock });

    const posts = [1, 2, 3].map((n) =>
      scheduler.call('chat.postMessage', { channel: 'C1', n }, { priority: 'normal' }),
    );
    const modal = scheduler.call('views.open', { trigger_id: 't', view: {} }, { priority: 'interactive' });
    const ephemeral = scheduler.call(
      'chat.postEphemeral',
      { channel: 'C1', user: 'U1' },
      { priority: 'interactive' },
    );
    const reply = scheduler.call('response_url', { url: 'http://x/response/1', text: 'ok' });
    await clock.advance(0);

    // At t=0 only the first post has gone out; all three interactive calls went without waiting behind the rest.
    expect(slack.sent.map((s) => s.method).sort()).toEqual(
      ['chat.postEphemeral', 'chat.postMessage', 'response_url', 'views.open'].sort(),
    );
    expect(slack.sent.every((s) => s.at === 0)).toBe(true);
    await Promise.all([modal, ephemeral, reply]);
    await clock.runAll();
    await Promise.all(posts);
    expect(slack.sent.filter((s) => s.method === 'chat.postMessage').map((s) => s.at)).toEqual([
      0, 1000, 2000,
    ]);
  });

  it('spends a shared chat.update budget across channels', async () => {
    const clock = fakeClock();
    const slack = fakeSlack(clock);
    const scheduler = createSlackScheduler({ send: slack.send, clock, updatesPerMinute: 60, updateBurst: 5 });

    const calls = Array.from({ length: 20 }, (_, n) =>
      scheduler.call('chat.update', { channel: `C${n}`, ts: '1.0', n }, { priority: 'normal' }),
    );
    await clock.runAll();
    await Promise.all(calls);

    const times = slack.sent.map((s) => s.at).sort((a, b) => a - b);
    expect(times.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    // After the burst, one a second (60 a minute), whichever channel asks.
    expect(times.slice(5)).toEqual(Array.from({ length: 15 }, (_, i) => (i + 1) * 1000));
  });

  it('keeps the default budget at about 50 updates a minute', async () => {
    const clock = fakeClock();
    const slack = fakeSlack(clock);
    const scheduler = createSlackScheduler({ send: slack.send, clock });
    const calls = Array.from({ length: 70 }, (_, n) =>
      scheduler.call('chat.update', { channel: `C${n % 7}`, ts: `${n}.0` }, { priority: 'normal' }),
    );
    await clock.runAll();
    await Promise.all(calls);
    const inFirstMinute = slack.sent.filter((s) => s.at < 60_000).length;
    expect(inFirstMinute).toBeLessThanOrEqual(55);
    expect(inFirstMinute).toBeGreaterThanOrEqual(50);
  });

  it('pauses every channel’s updates when chat.update is rate-limited (its limit is the workspace’s)', async () => {
    const clock = fakeClock();
    let limited = false;
    const slack = fakeSlack(clock, (_method, args) => {
      if (args.channel === 'C1' && !limited) {
        limited = true;
        return new WebAPIRateLimitedError(10);
      }
      return undefined;
    });
    const scheduler = createSlackScheduler({ send: slack.send, clock });
    const first = scheduler.call('chat.update', { channel: 'C1', ts: '1.0' }, { priority: 'normal' });
    await clock.advance(0);
    const other = scheduler.call('chat.update', { channel: 'C2', ts: '2.0' }, { priority: 'normal' });
    const post = scheduler.call(
      'chat.postMessage',
      { channel: 'C2', text: 'posts have their own limit' },
      { priority: 'normal' },
    );
    await clock.runAll();
    await Promise.all([first, other, post]);
    const c2Update = slack.sent.find((s) => s.method === 'chat.update' && s.channel === 'C2')!;
    expect(c2Update.at).toBeGreaterThanOrEqual(10_000);
  });

  it('keeps call order per channel across a rate limit and a failing call', async () => {
    const clock = fakeClock();
    let limitedOnce = false;
    const broken = new WebAPIPlatformError({ ok: false, error: 'message_not_found' });
    const slack = fakeSlack(clock, (_method, args) => {
      if (args.n === 1 && !limitedOnce) {
        limitedOnce = true;
        return new WebAPIRateLimitedError(2);
      }
      return args.n === 3 ? broken : undefined;
    });
    const scheduler = createSlackScheduler({ send: slack.send, clock });
    const methods = ['chat.postMessage', 'chat.update', 'chat.update', 'chat.postMessage', 'chat.update'];
    const results = methods.map((method, n) =>
      scheduler.call(method, { channel: 'C1', ts: '1.0', n }, { priority: 'normal' }).then(
        () => 'ok',
        (error: unknown) => error,
      ),
    );
    await clock.runAll();

    expect(await Promise.all(results)).toEqual(['ok', 'ok', 'ok', broken, 'ok']);
    const delivered = slack.sent.map((s) => s.n);
    expect(delivered).toEqual([0, 1, 1, 2, 3, 4]);
    // The failing call rejected when it was attempted, and the lane went on.
    const failedAt = slack.sent.find((s) => s.n === 3)!.at;
    expect(slack.sent.find((s) => s.n === 4)!.at).toBeGreaterThanOrEqual(failedAt);
  });

  it('rejects other errors at once, without retrying', async () => {
    const clock = fakeClock();
    const boom = new WebAPIPlatformError({ ok: false, error: 'channel_not_found' });
    const slack = fakeSlack(clock, () => boom);
    const scheduler = createSlackScheduler({ send: slack.send, clock });
    const direct = scheduler.call('views.open', { trigger_id: 't' }, { priority: 'interactive' });
    const queued = scheduler.call('chat.postMessage', { channel: 'C9' }, { priority: 'normal' });
    await clock.advance(0);
    await expect(direct).rejects.toBe(boom);
    await expect(queued).rejects.toBe(boom);
    expect(slack.sent).toHaveLength(2);
  });

  it(`gives up after ${MAX_RATE_LIMIT_RETRIES} rate-limited retries with SLACK_RATE_LIMITED`, async () => {
    const clock = fakeClock();
    const slack = fakeSlack(clock, (_method, args) =>
      args.n === 'doomed' ? new WebAPIRateLimitedError(1) : undefined,
    );
    const outcomes: CallOutcome[] = [];
    const scheduler = createSlackScheduler({
      send: slack.send,
      clock,
      onCall: (_m, outcome) => outcomes.push(outcome),
    });

    const doomed = scheduler.call('chat.postMessage', { channel: 'C1', n: 'doomed' }, { priority: 'normal' });
    const next = scheduler.call('chat.postMessage', { channel: 'C1', n: 'next' }, { priority: 'normal' });
    const settled = doomed.catch((error: unknown) => error);
    await clock.runAll();

    const error = await settled;
    expect(error).toBeInstanceOf(FirebreakError);
    expect((error as FirebreakError).code).toBe('SLACK_RATE_LIMITED');
    expect((error as FirebreakError).cause).toBeInstanceOf(WebAPIRateLimitedError);
    expect(slack.sent.filter((s) => s.n === 'doomed')).toHaveLength(1 + MAX_RATE_LIMIT_RETRIES);
    await expect(next).resolves.toMatchObject({ n: 'next' });
    expect(outcomes).toEqual([...Array(1 + MAX_RATE_LIMIT_RETRIES).fill('ratelimited'), 'ok']);
  });

  it('retries a rate-limited interactive call too, bounded the same way', async () => {
    const clock = fakeClock();
    let first = true;
    const slack = fakeSlack(clock, () => {
      if (!first) return undefined;
      first = false;
      return new WebAPIRateLimitedError(2);
    });
    const scheduler = createSlackScheduler({ send: slack.send, clock });
    const reply = scheduler.call('response_url', { url: 'http://x' }, { priority: 'interactive' });
    await clock.runAll();
    await expect(reply).resolves.toMatchObject({ ok: true });
    expect(slack.sent.map((s) => s.at)).toEqual([0, 2000]);
  });

  it('drain resolves only when queued work has settled', async () => {
    const clock = fakeClock();
    const slack = fakeSlack(clock);
    const scheduler = createSlackScheduler({ send: slack.send, clock });
    for (let n = 0; n < 3; n++)
      void scheduler.call('chat.postMessage', { channel: 'C1', n }, { priority: 'normal' });
    let drained = false;
    const draining = scheduler.drain().then(() => {
      drained = true;
    });
    await clock.advance(1000);
    expect(drained).toBe(false);
    expect(scheduler.pending()).toBe(1);
    await clock.advance(1000);
    await draining;
    expect(drained).toBe(true);
    expect(slack.sent).toHaveLength(3);
    await expect(scheduler.drain()).resolves.toBeUndefined();
  });
});

describe('rateLimitDelayMs', () => {
  it('reads Retry-After from both rate-limit error shapes and ignores other errors', () => {
    expect(rateLimitDelayMs(new WebAPIRateLimitedError(7))).toBe(7000);
    expect(rateLimitDelayMs({ data: { error: 'ratelimited' } })).toBe(1000);
    expect(rateLimitDelayMs(new WebAPIPlatformError({ ok: false, error: 'invalid_blocks' }))).toBeUndefined();
    expect(rateLimitDelayMs(new Error('socket hang up'))).toBeUndefined();
    expect(rateLimitDelayMs(undefined)).toBeUndefined();
  });
});
