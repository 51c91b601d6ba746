import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../commands/command.js';
import { type Dispatch, dispatch } from '../../commands/registry.js';
import type { ContainmentService } from '../../src/contain/actions.js';
import type { Incident } from '../../src/incident/incident.js';
import { createMemoryStore } from '../../src/incident/memory-store.js';
import { createIncidentService } from '../../src/incident/service.js';
import type { Investigator, TrailRequest } from '../../src/investigate/trail-service.js';
import type { SlackMessage } from '../../src/slack/gateway.js';

const NOW = new Date('2026-11-26T11:00:00.000Z');
const shown = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function reply(decision: Dispatch): string {
  if (decision.kind !== 'reply') throw new Error(`expected a reply, got a run of ${decision.spec.name}`);
  return shown(decision.text);
}

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'INC-5',
    title: 'console-login-without-mfa',
    severity: 2,
    status: 'open',
    account: '111111111111',
    region: 'eu-west-1',
    resources: [],
    alarmCount: 1,
    channel: 'C0HERE',
    cardTs: '1700000000.000100',
    declaredAt: '2026-11-26T10:06:00.000Z',
    declaredBy: 'system',
    ...overrides,
  };
}

async function runTrail(text: string, incidents: Incident[] = [incident()], channelId = 'C0HERE') {
  const decision = dispatch('/ir', text);
  if (decision.kind !== 'run') throw new Error(`expected a run: ${JSON.stringify(decision)}`);
  const store = createMemoryStore();
  for (const item of incidents) await store.create(item);
  const replies: SlackMessage[] = [];
  const searches: TrailRequest[] = [];
  const investigator: Investigator = {
    settings: { defaultLimit: 500, limitCap: 1000, defaultRegion: 'us-west-2' },
    async search(request) {
      searches.push(request);
      return { resultId: 'x', view: {} as never, evidence: [], uploaded: false };
    },
    async more() {
      throw new Error('not used');
    },
  };
  const context: CommandContext = {
    command: '/ir',
    userId: 'U0ME',
    channelId,
    args: decision.args,
    store,
    incidents: createIncidentService({
      store,
      record: (id, event) => store.appendTimeline(id, event),
      now: () => NOW,
      changed: () => {},
      newIncidentId: async () => 'INC-99',
    }),
    now: () => NOW,
    containment: {} as ContainmentService,
    slack: {
      openView: async () => ({ viewId: 'V1' }),
      updateView: async () => {},
    },
    triggerId: 'T1',
    isAdmin: () => false,
    investigator,
    reply: async (message) => {
      replies.push(message);
    },
  };
  await decision.spec.run!(context);
  return { replies, searches, store };
}

describe('/ir trail in the ack', () => {
  it('alone shows examples and the usage line', () => {
    const text = reply(dispatch('/ir', 'trail'));
    expect(text).toContain('/ir trail user=alice since=2h');
    expect(text).toContain('Usage: `/ir trail [user=NAME]');
  });

  it.each([
    ['trail colour=blue', 'unknown option `colour=`'],
    ['trail user=alice since=yesterday', '`since=` takes a duration'],
    ['trail user=alice until=soon', '`until=` takes an ISO-8601 time'],
    ['trail key=AKIA123', 'is not an access key id'],
    ['trail ip=300.1.1.1', 'is not an IP address'],
    ['trail limit=0 user=alice', '`limit=` takes a positive whole number'],
    ['trail region=mars-1 user=alice', 'is not an AWS region name'],
    ['trail alice', 'is not an option'],
    ['trail user="alice', 'a quote is not closed'],
    ['trail inc=INC-5', 'say what to look for'],
  ])('refuses %s naming the problem, with the usage', (text, problem) => {
    const answer = reply(dispatch('/ir', text));
    expect(answer.toLowerCase()).toContain(problem.toLowerCase());
    expect(answer).toContain('Usage: `/ir trail');
  });

  it('lets well-formed queries through to run, whatever the real time is', () => {
    for (const text of [
      'trail user=alice since=1h',
      'trail event=ConsoleLogin error=true since=24h',
      'trail since="2026-11-20T00:00:00Z" until="2026-11-26T12:00:00Z" source=iam',
      'trail resource=i-0123456789abcdef0 readonly=false limit=999999',
      'trail since=2h',
    ])
      expect(dispatch('/ir', text).kind, text).toBe('run');
  });
});

describe('/ir trail when run', () => {
  it('searches for the channel incident, in its region, after saying it is searching', async () => {
    const { replies, searches } = await runTrail('trail user=alice since=1h');
    expect(searches).toHaveLength(1);
    const [search] = searches;
    expect(search!.incident?.id).toBe('INC-5');
    expect(search!.userId).toBe('U0ME');
    expect(search!.query.user).toBe('alice');
    expect(search!.query.regions).toEqual(['eu-west-1']);
    expect(search!.query.since.toISOString()).toBe('2026-11-26T10:00:00.000Z');
    expect(search!.query.limit).toBe(500);
    expect(replies[0]!.text).toContain('Searching CloudTrail');
    expect(replies[0]!.text).toContain("in INC-5's thread");
    // user= is also looked up in us-east-1, where IAM and sign-in events are recorded.
    expect(replies[0]!.text).toContain('us-east-1');
  });

  it('answers ephemerally, without an incident, when the channel has none open', async () => {
    const { searches, replies } = await runTrail('trail event=ConsoleLogin since=2h', [], 'C0ELSEWHERE');
    expect(searches[0]!.incident).toBeUndefined();
    expect(searches[0]!.query.regions).toEqual(['us-west-2']);
    expect(replies[0]!.text).toContain('visible only to you');
  });

  it('takes the incident from inc=', async () => {
    const other = incident({ id: 'INC-8', channel: 'C0OTHER', region: 'ap-south-1' });
    const { searches } = await runTrail('trail user=bob since=1h inc=INC-8', [incident(), other]);
    expect(searches[0]!.incident?.id).toBe('INC-8');
    expect(searches[0]!.query.regions).toEqual(['ap-south-1']);
  });

  it('checks the range against the real time and the limit against the cap, answering with the usage', async () => {
    for (const text of [
      'trail user=alice since=100d',
      'trail user=alice limit=2000',
      'trail user=alice since=2026-11-27T00:00:00Z',
    ]) {
      const { searches, replies } = await runTrail(text);
      expect(searches, text).toHaveLength(0);
      expect(replies).toHaveLength(1);
      expect(shown(replies[0]!.text)).toContain('Usage: `/ir trail');
    }
  });

  it('refuses an unknown incident and searches nothing', async () => {
    await expect(runTrail('trail user=alice inc=INC-404')).rejects.toMatchObject({
      code: 'INCIDENT_NOT_FOUND',
    });
  });
});
