import type { KnownBlock } from '@slack/types';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildIncidentCard } from '../../src/detect/card.js';
import { cardButtonsFor } from '../../src/detect/card-buttons.js';
import { createCardPublisher } from '../../src/detect/card-publisher.js';
import type { RecordEvent } from '../../src/incident/audit.js';
import type { Incident } from '../../src/incident/incident.js';
import { createMemoryStore } from '../../src/incident/memory-store.js';
import type { IncidentStore } from '../../src/incident/store.js';
import type { SlackGateway, SlackMessage } from '../../src/slack/gateway.js';

const INTERVAL = 3000;
const START = new Date('2026-11-26T08:06:00.000Z');

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'INC-1',
    title: 'prod-web-high-cpu',
    severity: 2,
    status: 'open',
    alarmKey: '123456789012/us-east-1/prod-web-high-cpu',
    account: '123456789012',
    region: 'us-east-1',
    resources: [{ kind: 'InstanceId', id: 'i-0abc123def4567890' }],
    alarm: {
      name: 'prod-web-high-cpu',
      state: 'ALARM',
      reason: 'Threshold Crossed',
      stateChangedAt: '2026-11-26T08:05:43.219Z',
    },
    alarmCount: 1,
    channel: 'C0INCIDENTS',
    firstAlarmAt: '2026-11-26T08:05:43.219Z',
    lastAlarmAt: '2026-11-26T08:05:43.219Z',
    receivedAt: '2026-11-26T08:05:44.000Z',
    declaredAt: '2026-11-26T08:05:44.000Z',
    declaredBy: 'system',
    ...overrides,
  };
}

/** `at` is the (fake) clock when the call was made. */
type PostCall = { method: 'post'; at: number; channel: string; message: SlackMessage; threadTs?: string };
type UpdateCall = { method: 'update'; at: number; channel: string; ts: string; message: SlackMessage };
type Call = PostCall | UpdateCall;

/** A SlackGateway that records every call; `state.failPosts` / `state.failUpdates` fail the next N calls. */
function fakeSlack() {
  const calls: Call[] = [];
  let seq = 0;
  const state = { failPosts: 0, failUpdates: 0 };
  const slack: SlackGateway = {
    async post(channel, message, threadTs) {
      calls.push({ method: 'post', at: Date.now(), channel, message, threadTs });
      if (state.failPosts > 0) {
        state.failPosts -= 1;
        throw new Error('slack: service_unavailable');
      }
      seq += 1;
      return { ts: `1764144360.${String(seq).padStart(6, '0')}` };
    },
    async update(channel, ts, message) {
      calls.push({ method: 'update', at: Date.now(), channel, ts, message });
      if (state.failUpdates > 0) {
        state.failUpdates -= 1;
        throw new Error('slack: ratelimited');
      }
    },
    async ephemeral() {
      throw new Error('not used by the card publisher');
    },
    async respond() {
      throw new Error('not used by the card publisher');
    },
    async openView() {
      throw new Error('the card publisher opens no views');
    },
    async updateView() {
      throw new Error('the card publisher updates no views');
    },
    async usergroupMembers() {
      throw new Error('the card publisher reads no user groups');
    },
    async uploadFile() {
      throw new Error('the card publisher uploads no files');
    },
  };
  const posts = () => calls.filter((c): c is PostCall => c.method === 'post');
  const updates = () => calls.filter((c): c is UpdateCall => c.method === 'update');
  return { slack, calls, posts, updates, state };
}

function setup(
  options: {
    store?: IncidentStore;
    onCardPosted?: (incident: Incident) => void;
    extras?: Parameters<typeof createCardPublisher>[0]['extras'];
  } = {},
) {
  const store = options.store ?? createMemoryStore();
  const fake = fakeSlack();
  const record = vi.fn<RecordEvent>((id, event) => store.appendTimeline(id, event));
  const logger = pino({ level: 'silent' });
  const error = vi.spyOn(logger, 'error');
  const warn = vi.spyOn(logger, 'warn');
  const cards = createCardPublisher({
    store,
    slack: fake.slack,
    record,
    logger,
    now: () => new Date(),
    intervalMs: INTERVAL,
    ...(options.onCardPosted && { onCardPosted: options.onCardPosted }),
    ...(options.extras && { extras: options.extras }),
  });
  return { store, cards, record, error, warn, ...fake };
}

/** Lets pending promise chains (store, Slack, record) run without moving the clock. */
const settle = () => vi.advanceTimersByTimeAsync(0);

/** The card without its "Card updated <time>" context block, which depends on when it was rendered. */
const timeless = (message: SlackMessage) => ({
  text: message.text,
  blocks: (message.blocks ?? []).filter((block: KnownBlock) => block.block_id !== 'incident-times'),
});

beforeEach(() => {
  vi.useFakeTimers({ now: START });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('createCardPublisher: the first refresh', () => {
  it('posts the card once, stores its ts and records card-posted', async () => {
    const { store, cards, posts, updates } = setup();
    await store.create(incident());
    cards.refresh('INC-1');
    await settle();

    expect(posts()).toHaveLength(1);
    const post = posts()[0]!;
    expect(post.channel).toBe('C0INCIDENTS');
    expect(post.threadTs).toBeUndefined();
    expect(post.message).toEqual(
      buildIncidentCard(incident(), { now: START, buttons: cardButtonsFor(incident()) }),
    );
    expect(updates()).toHaveLength(0);

    expect((await store.get('INC-1'))?.cardTs).toBe('1764144360.000001');
    expect(await store.timeline('INC-1')).toEqual([
      {
        type: 'card-posted',
        at: START.toISOString(),
        actor: 'system',
        channel: 'C0INCIDENTS',
        ts: '1764144360.000001',
      },
    ]);
  });

  it('updates instead of posting when the card already exists', async () => {
    const { store, cards, posts, updates, record } = setup();
    await store.create(incident({ cardTs: '1764000000.000100' }));
    cards.refresh('INC-1');
    await settle();
    expect(posts()).toHaveLength(0);
    expect(updates()).toHaveLength(1);
    expect(updates()[0]).toMatchObject({ channel: 'C0INCIDENTS', ts: '1764000000.000100' });
    expect(record).not.toHaveBeenCalled();
  });

  it('does nothing for an incident that does not exist', async () => {
    const { cards, calls } = setup();
    cards.refresh('INC-404');
    await settle();
    await vi.advanceTimersByTimeAsync(INTERVAL * 3);
    expect(calls).toHaveLength(0);
  });
});

describe('createCardPublisher: coalescing', () => {
  it('folds 30 refreshes within one interval into one post and one update rendering the latest state', async () => {
    const { store, cards, posts, updates } = setup();
    await store.create(incident());
    for (let i = 0; i < 30; i++) {
      await store.update('INC-1', (current) => ({ ...current, alarmCount: current.alarmCount + 1 }));
      cards.refresh('INC-1');
      await vi.advanceTimersByTimeAsync(INTERVAL / 40);
    }
    await store.update('INC-1', (current) => ({
      ...current,
      acknowledgedAt: new Date().toISOString(),
      acknowledgedBy: 'U0RESPONDER',
    }));
    cards.refresh('INC-1');
    await settle();
    expect(posts()).toHaveLength(1);
    expect(updates()).toHaveLength(0);

    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(posts()).toHaveLength(1);
    expect(updates()).toHaveLength(1);
    const latest = (await store.get('INC-1'))!;
    expect(latest.alarmCount).toBe(31);
    const update = updates()[0]!;
    expect(update.ts).toBe(latest.cardTs);
    expect(timeless(update.message)).toEqual(
      timeless(buildIncidentCard(latest, { now: new Date(), buttons: cardButtonsFor(latest) })),
    );
    expect(JSON.stringify(update.message.blocks)).toContain('U0RESPONDER');

    // Nothing changed since: no further calls, and the publisher becomes idle.
    await vi.advanceTimersByTimeAsync(INTERVAL * 5);
    expect(posts().length + updates().length).toBe(2);
    await expect(cards.idle()).resolves.toBeUndefined();
  });

  it('sends at most one update per interval while changes keep coming', async () => {
    const { store, cards, updates } = setup();
    await store.create(incident({ cardTs: '1764000000.000100' }));
    for (let i = 0; i < 100; i++) {
      cards.refresh('INC-1');
      await vi.advanceTimersByTimeAsync(INTERVAL / 10);
    }
    // 100 refreshes spread over 10 intervals: the first at once, then one per interval, never closer together.
    const times = updates().map((call) => call.at - START.getTime());
    expect(times[0]).toBe(0);
    expect(times.length).toBeGreaterThanOrEqual(10);
    expect(times.length).toBeLessThanOrEqual(11);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(INTERVAL);
  });

  it('keeps incidents apart: each gets its own post at once', async () => {
    const { store, cards, posts } = setup();
    await store.create(incident());
    await store.create(incident({ id: 'INC-2', alarmKey: 'other', channel: 'C0OTHER' }));
    cards.refresh('INC-1');
    cards.refresh('INC-2');
    await settle();
    expect(
      posts()
        .map((p) => p.channel)
        .sort(),
    ).toEqual(['C0INCIDENTS', 'C0OTHER']);
    expect((await store.get('INC-2'))?.cardTs).toBeDefined();
  });

  it('idle() resolves only once the pending work and its interval are over', async () => {
    const { store, cards } = setup();
    await store.create(incident());
    await expect(cards.idle()).resolves.toBeUndefined();
    cards.refresh('INC-1');
    let idle = false;
    void cards.idle().then(() => {
      idle = true;
    });
    await settle();
    expect(idle).toBe(false);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(idle).toBe(true);
  });
});

describe('createCardPublisher: failures', () => {
  it('retries a failed post after the interval, not before', async () => {
    const { store, cards, posts, state, error } = setup();
    await store.create(incident());
    state.failPosts = 1;
    cards.refresh('INC-1');
    await settle();
    expect(posts()).toHaveLength(1);
    expect((await store.get('INC-1'))?.cardTs).toBeUndefined();
    expect(error).toHaveBeenCalledTimes(1);

    await vi.advanceTimersByTimeAsync(INTERVAL - 1);
    expect(posts()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(posts()).toHaveLength(2);
    expect((await store.get('INC-1'))?.cardTs).toBe('1764144360.000001');
    expect((await store.timeline('INC-1')).map((e) => e.type)).toEqual(['card-posted']);
  });

  it('gives up after 5 failures in a row, until the next change', async () => {
    const { store, cards, posts, state, error } = setup();
    await store.create(incident());
    state.failPosts = 100;
    cards.refresh('INC-1');
    await vi.advanceTimersByTimeAsync(INTERVAL * 20);
    expect(posts()).toHaveLength(5);
    expect(error).toHaveBeenCalledTimes(5);
    expect(String(error.mock.calls.at(-1)?.[1])).toContain('giving up');
    await expect(cards.idle()).resolves.toBeUndefined();

    // A new change tries again.
    state.failPosts = 0;
    cards.refresh('INC-1');
    await settle();
    expect(posts()).toHaveLength(6);
    expect((await store.get('INC-1'))?.cardTs).toBeDefined();
  });

  it('retries a failed update after the interval', async () => {
    const { store, cards, updates, state } = setup();
    await store.create(incident({ cardTs: '1764000000.000100' }));
    state.failUpdates = 2;
    cards.refresh('INC-1');
    await settle();
    expect(updates()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(updates()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(updates()).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(INTERVAL * 5);
    expect(updates()).toHaveLength(3);
  });

  it('lets only one of two replicas sharing a store post the card; the other updates it', async () => {
    const store = createMemoryStore();
    await store.create(incident());
    const a = setup({ store });
    const b = setup({ store });
    a.cards.refresh('INC-1');
    b.cards.refresh('INC-1');
    await settle();
    expect(a.posts().length + b.posts().length).toBe(1);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(a.posts().length + b.posts().length).toBe(1);
    expect(a.updates().length + b.updates().length).toBe(1);
  });

  // When the post succeeds but storing its ts fails, the retry must store the ts, not post a second card.
  it('never posts a second card when storing the first card’s ts failed once', async () => {
    const store = createMemoryStore();
    await store.create(incident());
    const realUpdate = store.update.bind(store);
    let failNext = true;
    store.update = async (id, mutate) => {
      if (failNext) {
        failNext = false;
        throw new Error('store blip');
      }
      return realUpdate(id, mutate);
    };
    const { cards, posts } = setup({ store });
    cards.refresh('INC-1');
    await vi.advanceTimersByTimeAsync(INTERVAL * 3);
    expect(posts()).toHaveLength(1);
  });
});

describe('createCardPublisher: the card-posted hook', () => {
  it('is called once, after the ts is stored, with the stored incident; never on updates', async () => {
    const seen: { incident: Incident; storedTs: string | undefined; posts: number }[] = [];
    const { store, cards, posts } = setup({
      onCardPosted: (posted) => {
        // Runs synchronously inside the publisher: what the store holds now is what any reader sees.
        void store.get(posted.id).then((stored) => {
          seen.push({ incident: posted, storedTs: stored?.cardTs, posts: posts().length });
        });
      },
    });
    await store.create(incident());
    cards.refresh('INC-1');
    await settle();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.incident.id).toBe('INC-1');
    expect(seen[0]!.incident.cardTs).toBe('1764144360.000001');
    expect(seen[0]!.storedTs).toBe('1764144360.000001');
    expect(seen[0]!.posts).toBe(1);

    for (let i = 0; i < 3; i++) {
      cards.refresh('INC-1');
      await vi.advanceTimersByTimeAsync(INTERVAL);
    }
    await cards.postMissingCards();
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(seen).toHaveLength(1);
  });

  it('is not called for a card that already existed', async () => {
    const onCardPosted = vi.fn();
    const { store, cards, updates } = setup({ onCardPosted });
    await store.create(incident({ cardTs: '1764000000.000100' }));
    cards.refresh('INC-1');
    await settle();
    expect(updates()).toHaveLength(1);
    expect(onCardPosted).not.toHaveBeenCalled();
  });

  it('is called once when storing the ts failed once and the retry stored it', async () => {
    const store = createMemoryStore();
    await store.create(incident());
    const realUpdate = store.update.bind(store);
    let failNext = true;
    store.update = async (id, mutate) => {
      if (failNext) {
        failNext = false;
        throw new Error('store blip');
      }
      return realUpdate(id, mutate);
    };
    const onCardPosted = vi.fn();
    const { cards, posts } = setup({ store, onCardPosted });
    cards.refresh('INC-1');
    await settle();
    expect(onCardPosted).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(INTERVAL * 3);
    expect(posts()).toHaveLength(1);
    expect(onCardPosted).toHaveBeenCalledTimes(1);
    expect(onCardPosted.mock.calls[0]![0].cardTs).toBe('1764144360.000001');
  });

  it('a hook that throws or rejects is logged and changes nothing of the card', async () => {
    for (const hook of [
      () => {
        throw new Error('hook blew up');
      },
      // A hook typed `=> void` may still be an async function: its rejection is caught too.
      async () => {
        throw new Error('hook rejected');
      },
    ]) {
      const { store, cards, posts, updates, warn, error } = setup({ onCardPosted: hook });
      await store.create(incident());
      cards.refresh('INC-1');
      await settle();
      expect(posts()).toHaveLength(1);
      expect((await store.get('INC-1'))?.cardTs).toBe('1764144360.000001');
      expect((await store.timeline('INC-1')).map((e) => e.type)).toEqual(['card-posted']);
      expect(warn).toHaveBeenCalledWith(expect.anything(), 'card-posted hook failed');
      expect(error).not.toHaveBeenCalled();
      // Later changes update the card as usual; nothing is posted twice.
      await store.update('INC-1', (current) => ({ ...current, alarmCount: 2 }));
      cards.refresh('INC-1');
      await vi.advanceTimersByTimeAsync(INTERVAL);
      expect(posts()).toHaveLength(1);
      expect(updates()).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(INTERVAL * 2);
    }
  });
});

describe('createCardPublisher: extras', () => {
  it('renders who triggered the alarm when the extras name it', async () => {
    const trigger = {
      principal: 'arn:aws:iam::123456789012:user/alice',
      eventName: 'ConsoleLogin',
      eventTime: '2026-11-26T08:01:00Z',
      sourceIp: '198.51.100.66',
    };
    const { store, cards, posts } = setup({ extras: async () => ({ trigger }) });
    await store.create(incident());
    cards.refresh('INC-1');
    await settle();
    expect(posts()[0]!.message).toEqual(
      buildIncidentCard(incident(), { now: START, trigger, buttons: cardButtonsFor(incident()) }),
    );
    expect(JSON.stringify(posts()[0]!.message.blocks)).toContain('Triggered by');
  });
});

describe('createCardPublisher: say', () => {
  it('posts in the card’s thread', async () => {
    const { cards, posts } = setup();
    await cards.say(incident({ cardTs: '1764000000.000100' }), { text: 'The alarm is back to OK.' });
    expect(posts()).toHaveLength(1);
    expect(posts()[0]).toMatchObject({
      channel: 'C0INCIDENTS',
      message: { text: 'The alarm is back to OK.' },
      threadTs: '1764000000.000100',
    });
  });

  it('does nothing before the card exists', async () => {
    const { cards, calls: all } = setup();
    await cards.say(incident(), { text: 'lost' });
    expect(all).toHaveLength(0);
  });

  it('lets a Slack failure reach the caller', async () => {
    const { cards, state } = setup();
    state.failPosts = 1;
    await expect(cards.say(incident({ cardTs: '1.2' }), { text: 'x' })).rejects.toThrow(
      'service_unavailable',
    );
  });
});

describe('createCardPublisher: postMissingCards', () => {
  it('posts cards for open incidents without one, and only those', async () => {
    const { store, cards, posts, updates } = setup();
    await store.create(incident({ id: 'INC-1', alarmKey: 'a' }));
    await store.create(incident({ id: 'INC-2', alarmKey: 'b', cardTs: '1764000000.000200' }));
    await store.create(incident({ id: 'INC-3', alarmKey: 'c', status: 'closed', resolution: 'resolved' }));
    await store.create(incident({ id: 'INC-4', alarmKey: 'd', status: 'contained', channel: 'C0OTHER' }));

    expect(await cards.postMissingCards()).toBe(2);
    await settle();
    expect(
      posts()
        .map((p) => p.channel)
        .sort(),
    ).toEqual(['C0INCIDENTS', 'C0OTHER']);
    expect(updates()).toHaveLength(0);
    expect((await store.get('INC-1'))?.cardTs).toBeDefined();
    expect((await store.get('INC-4'))?.cardTs).toBeDefined();
    expect((await store.get('INC-3'))?.cardTs).toBeUndefined();
  });

  it('returns 0 and posts nothing when every open incident has its card', async () => {
    const { store, cards, calls: all } = setup();
    await store.create(incident({ cardTs: '1764000000.000100' }));
    expect(await cards.postMissingCards()).toBe(0);
    await settle();
    expect(all).toHaveLength(0);
  });
});
