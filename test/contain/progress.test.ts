import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ActionRecord } from '../../src/contain/action.js';
import { CONTAIN_ACTION_IDS } from '../../src/contain/blocks.js';
import { createSlackProgress } from '../../src/contain/progress.js';
import type { StepRecord } from '../../src/contain/step.js';
import type { Incident } from '../../src/incident/incident.js';
import type { SlackGateway, SlackMessage } from '../../src/slack/gateway.js';

const INTERVAL = 1000;

const incident: Incident = {
  id: 'INC-3',
  title: 'prod-web-high-cpu',
  severity: 2,
  status: 'open',
  resources: [],
  alarmCount: 1,
  channel: 'C0INCIDENTS',
  cardTs: '1700000000.000100',
  declaredAt: '2026-11-26T08:06:00.000Z',
  declaredBy: 'system',
};

/** A run of `total` steps with the first `done` of them done. */
function record(done: number, overrides: Partial<ActionRecord> = {}, total = 20): ActionRecord {
  const steps: StepRecord[] = Array.from({ length: total }, (_, i) => ({
    id: `s${i}`,
    title: `Step number ${i}`,
    critical: true,
    dependsOn: [],
    status: i < done ? 'done' : i === done ? 'running' : 'pending',
    requestIds: [],
  }));
  return {
    id: 'ACT-7',
    kind: 'isolate',
    incidentId: 'INC-3',
    target: { region: 'eu-west-1', resourceId: 'i-0abc1234def567890' },
    plan: {},
    planHash: 'hash',
    preview: { lines: [], warnings: [] },
    requestedBy: 'U0REQ',
    requestedAt: '2026-11-26T08:10:00.000Z',
    phase: 'executing',
    executedBy: 'U0EXEC',
    steps,
    restoreSteps: [],
    ...overrides,
  };
}

function fakeSlack() {
  let next = 1;
  const posts: Array<{ channel: string; message: SlackMessage; threadTs?: string; ts: string }> = [];
  const updates: Array<{ channel: string; ts: string; message: SlackMessage }> = [];
  const slack = {
    post: vi.fn(async (channel: string, message: SlackMessage, threadTs?: string) => {
      const ts = `1700000001.00000${next++}`;
      posts.push({ channel, message, threadTs, ts });
      return { ts };
    }),
    update: vi.fn(async (channel: string, ts: string, message: SlackMessage) => {
      updates.push({ channel, ts, message });
    }),
  };
  return { slack, posts, updates };
}

function setup() {
  const fake = fakeSlack();
  const logger = pino({ level: 'silent' });
  const warn = vi.spyOn(logger, 'warn');
  const progress = createSlackProgress({
    slack: fake.slack as unknown as SlackGateway,
    logger,
    intervalMs: INTERVAL,
  });
  return { ...fake, progress, warn };
}

const text = (message: SlackMessage) => JSON.stringify(message.blocks);

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('createSlackProgress', () => {
  it('posts the checklist once, in the incident card thread, on the first call', async () => {
    const { progress, slack, posts } = setup();
    progress.checklist(record(0), incident);
    await vi.advanceTimersByTimeAsync(0);
    expect(slack.post).toHaveBeenCalledTimes(1);
    expect(posts[0]).toMatchObject({ channel: 'C0INCIDENTS', threadTs: incident.cardTs });
    expect(text(posts[0]!.message)).toContain('Step number 0');
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(slack.post).toHaveBeenCalledTimes(1);
    expect(slack.update).not.toHaveBeenCalled();
  });

  it('coalesces 20 rapid changes into one post and at most a couple of updates showing the latest state', async () => {
    const { progress, slack, posts, updates } = setup();
    progress.checklist(record(0), incident);
    await vi.advanceTimersByTimeAsync(0);
    for (let done = 1; done <= 20; done++) progress.checklist(record(done), incident);
    await vi.advanceTimersByTimeAsync(5 * INTERVAL);
    expect(slack.post).toHaveBeenCalledTimes(1);
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates.length).toBeLessThanOrEqual(2);
    for (const update of updates) expect(update).toMatchObject({ channel: 'C0INCIDENTS', ts: posts[0]!.ts });
    const last = updates.at(-1)!.message;
    // The latest record: every step done, so the run held and Restore is offered.
    expect(last.text).toMatch(/held/);
    expect(text(last)).not.toContain(':hourglass_flowing_sand:');
    expect(text(last)).toContain(CONTAIN_ACTION_IDS.restoreConfirm);
  });

  it('posts only the latest state when all the changes arrive before the first post', async () => {
    const { progress, slack, posts } = setup();
    for (let done = 0; done < 20; done++) progress.checklist(record(done), incident);
    await vi.advanceTimersByTimeAsync(5 * INTERVAL);
    expect(slack.post).toHaveBeenCalledTimes(1);
    expect(slack.update).not.toHaveBeenCalled();
    expect(text(posts[0]!.message)).toContain(':hourglass_flowing_sand: Step number 19');
  });

  it('updates the posted message once the post resolves, when changes arrive while it is in flight', async () => {
    const { progress, slack, updates } = setup();
    let release!: (value: { ts: string }) => void;
    slack.post.mockImplementationOnce(() => new Promise((resolve) => (release = resolve)));
    progress.checklist(record(0), incident);
    await vi.advanceTimersByTimeAsync(0);
    progress.checklist(record(5), incident);
    await vi.advanceTimersByTimeAsync(3 * INTERVAL);
    expect(slack.update).not.toHaveBeenCalled();
    release({ ts: '1700000009.000001' });
    await vi.advanceTimersByTimeAsync(3 * INTERVAL);
    expect(slack.post).toHaveBeenCalledTimes(1);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.ts).toBe('1700000009.000001');
    expect(text(updates[0]!.message)).toContain(':hourglass_flowing_sand: Step number 5');
  });

  it('gives a restore run its own message', async () => {
    const { progress, slack, posts } = setup();
    progress.checklist(record(20, { phase: 'finished' }), incident);
    await vi.advanceTimersByTimeAsync(0);
    const restoring = record(20, {
      phase: 'restoring',
      restoredBy: 'U0R',
      restoreSteps: [
        {
          id: 'r1',
          title: 'Put groups back',
          critical: true,
          dependsOn: [],
          status: 'running',
          requestIds: [],
        },
      ],
    });
    progress.checklist(restoring, incident);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(slack.post).toHaveBeenCalledTimes(2);
    expect(posts[1]!.message.text).toMatch(/^Restore of/);
    expect(posts[1]!.threadTs).toBe(incident.cardTs);
    expect(slack.update).not.toHaveBeenCalled();
  });

  it('posts again after a failed post instead of updating nothing', async () => {
    const { progress, slack, warn } = setup();
    slack.post.mockRejectedValueOnce(new Error('channel_not_found'));
    progress.checklist(record(0), incident);
    await vi.advanceTimersByTimeAsync(0);
    expect(warn).toHaveBeenCalled();
    progress.checklist(record(1), incident);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(slack.post).toHaveBeenCalledTimes(2);
    expect(slack.update).not.toHaveBeenCalled();
  });

  it('posts approval requests and interruptions in the card thread', async () => {
    const { progress, posts } = setup();
    await progress.approvalRequested(record(0, { phase: 'awaiting-approval', steps: [] }), incident);
    await progress.interrupted(record(3), incident);
    expect(posts.map((post) => post.threadTs)).toEqual([incident.cardTs, incident.cardTs]);
    expect(text(posts[0]!.message)).toContain(CONTAIN_ACTION_IDS.approve);
    expect(text(posts[1]!.message)).toContain(CONTAIN_ACTION_IDS.resume);
  });

  it('idle resolves once pending changes have been flushed', async () => {
    const { progress, slack } = setup();
    progress.checklist(record(0), incident);
    let idle = false;
    void progress.idle().then(() => {
      idle = true;
    });
    await vi.advanceTimersByTimeAsync(2 * INTERVAL);
    expect(slack.post).toHaveBeenCalledTimes(1);
    expect(idle).toBe(true);
  });
});
