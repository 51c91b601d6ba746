import { describe, expect, it } from 'vitest';
import { buildIncidentCard } from '../../src/detect/card.js';
import { createCardExtras, latestTrigger } from '../../src/document/card-extras.js';
import type { Incident } from '../../src/incident/incident.js';
import { createMemoryStore } from '../../src/incident/memory-store.js';
import type { TimelineEvent } from '../../src/incident/timeline.js';

type Investigation = Extract<TimelineEvent, { type: 'investigation' }>;

function investigation(at: string, trigger?: Investigation['trigger']): Investigation {
  return {
    type: 'investigation',
    at,
    actor: 'system',
    query: 'event=ConsoleLogin since=2026-11-26T07:00:00Z',
    regions: ['eu-west-1', 'us-east-1'],
    eventCount: trigger ? 1 : 0,
    truncated: false,
    flagged: [],
    evidence: [],
    ...(trigger && { trigger }),
  };
}

const alice = {
  control: 'CloudWatch.2',
  principal: 'arn:aws:iam::123456789012:user/alice',
  eventName: 'ConsoleLogin',
  eventTime: '2026-11-26T08:01:00Z',
  sourceIp: '198.51.100.66',
};
const bob = {
  control: 'CloudWatch.2',
  principal: 'arn:aws:iam::123456789012:user/bob',
  eventName: 'ConsoleLogin',
  eventTime: '2026-11-26T08:20:00Z',
};

describe('latestTrigger', () => {
  it('is undefined without an investigation that found a trigger', () => {
    expect(latestTrigger([])).toBeUndefined();
    expect(
      latestTrigger([
        { type: 'acknowledged', at: '2026-11-26T08:02:00Z', actor: 'U0ME' },
        investigation('2026-11-26T08:03:00Z'),
      ]),
    ).toBeUndefined();
  });

  it('takes the latest trigger, without the control id, and keeps an earlier one over a later empty query', () => {
    expect(
      latestTrigger([
        investigation('2026-11-26T08:03:00Z', alice),
        investigation('2026-11-26T08:25:00Z', bob),
        investigation('2026-11-26T08:30:00Z'),
      ]),
    ).toEqual({
      principal: 'arn:aws:iam::123456789012:user/bob',
      eventName: 'ConsoleLogin',
      eventTime: '2026-11-26T08:20:00Z',
    });
    expect(latestTrigger([investigation('2026-11-26T08:03:00Z', alice)])).toEqual({
      principal: alice.principal,
      eventName: 'ConsoleLogin',
      eventTime: alice.eventTime,
      sourceIp: '198.51.100.66',
    });
  });
});

describe('createCardExtras: the trigger', () => {
  const incident: Incident = {
    id: 'INC-5',
    title: 'CIS-3.2-ConsoleSigninWithoutMFA',
    severity: 2,
    status: 'open',
    resources: [],
    alarmCount: 1,
    channel: 'C0INC',
    declaredAt: '2026-11-26T08:02:00Z',
    declaredBy: 'system',
  };

  it('derives it from the stored timeline, so the card shows it', async () => {
    const store = createMemoryStore();
    await store.create(incident);
    const extras = createCardExtras({ store, loadRunbooks: async () => [], now: () => 0 });
    expect((await extras(incident)).trigger).toBeUndefined();

    await store.appendTimeline('INC-5', investigation('2026-11-26T08:03:00Z', alice));
    const found = await extras(incident);
    expect(found.trigger?.principal).toBe(alice.principal);
    const card = JSON.stringify(buildIncidentCard(incident, { now: new Date(), buttons: [], ...found }));
    expect(card).toContain('Triggered by `arn:aws:iam::123456789012:user/alice`');
    expect(card).toContain('198.51.100.66');
  });
});
