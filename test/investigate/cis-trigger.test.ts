import { describe, expect, it } from 'vitest';
import { FirebreakError } from '../../src/errors.js';
import type { Incident } from '../../src/incident/incident.js';
import { createCisTriggerQuery } from '../../src/investigate/cis-trigger.js';
import type { IncidentRequest, TrailOutcome } from '../../src/investigate/trail-service.js';
import { createLogger } from '../../src/log.js';
import type { SlackMessage } from '../../src/slack/gateway.js';
import { createWorkTracker } from '../../src/slack/work-tracker.js';

function incident(alarmName: string, condition: string): Incident {
  return {
    id: 'INC-6',
    title: alarmName,
    severity: 2,
    status: 'open',
    account: '123456789012',
    region: 'eu-west-1',
    resources: [],
    alarm: {
      name: alarmName,
      state: 'ALARM',
      reason: 'Threshold Crossed',
      stateChangedAt: '2026-11-26T10:05:00.000Z',
      condition,
    },
    alarmCount: 1,
    channel: 'C0INC',
    cardTs: '1700000000.000100',
    declaredAt: '2026-11-26T10:05:01.000Z',
    declaredBy: 'system',
  };
}

const CIS = incident('CIS-3.2-ConsoleSigninWithoutMFA', 'ConsoleSigninWithoutMFA (CISBenchmark) Sum >= 1');
const CPU = incident('prod-web-high-cpu', 'CPUUtilization (AWS/EC2) Average > 90 for 3×300 s');

function setup(answer: (request: IncidentRequest) => Promise<Partial<TrailOutcome>>) {
  const asked: { incident: Incident; request: IncidentRequest }[] = [];
  const refreshed: string[] = [];
  const said: SlackMessage[] = [];
  const work = createWorkTracker();
  const hook = createCisTriggerQuery({
    investigator: {
      async investigateIncident(target, request) {
        asked.push({ incident: target, request });
        return (await answer(request)) as TrailOutcome;
      },
    },
    refreshCard: (id) => refreshed.push(id),
    say: async (_incident, message) => {
      said.push(message);
    },
    work,
    logger: createLogger({ level: 'silent' }),
  });
  return { hook, asked, refreshed, said, settled: () => work.drain(1000), work };
}

describe('the automatic CIS trigger query', () => {
  it('does nothing for an alarm that is not on a CIS CloudTrail metric filter', async () => {
    const { hook, asked, work } = setup(async () => ({}));
    hook(CPU);
    const { alarm: _alarm, ...declared } = CPU;
    hook(declared);
    expect(work.size()).toBe(0);
    expect(asked).toEqual([]);
  });

  it('runs the incident query as the system, as tracked work, and refreshes the card when it found the trigger', async () => {
    const { hook, asked, refreshed, said, work, settled } = setup(async () => ({
      triggeredBy: {
        eventTime: '2026-11-26T10:04:00Z',
        eventSource: 'signin.amazonaws.com',
        eventName: 'ConsoleLogin',
      },
    }));
    hook(CIS);
    expect(work.size()).toBe(1);
    await settled();
    expect(asked).toHaveLength(1);
    expect(asked[0]!.incident).toBe(CIS);
    expect(asked[0]!.request.userId).toBe('system');
    expect(refreshed).toEqual(['INC-6']);
    expect(said).toEqual([]);
  });

  it('leaves the card alone when no triggering event was found', async () => {
    const { hook, refreshed, said, settled } = setup(async () => ({}));
    hook(CIS);
    await settled();
    expect(refreshed).toEqual([]);
    expect(said).toEqual([]);
  });

  it('says a failure in the thread (nobody pressed anything, so nobody else would hear of it)', async () => {
    const { hook, said, settled } = setup(async () => {
      throw new FirebreakError('AWS_ACCESS_DENIED', 'cloudtrail:LookupEvents was denied <!channel>.');
    });
    expect(() => hook(CIS)).not.toThrow();
    await settled();
    expect(said).toHaveLength(1);
    expect(said[0]!.text).toContain('could not look up who triggered this alarm');
    expect(said[0]!.text).toContain('AWS_ACCESS_DENIED');
    expect(said[0]!.text).not.toContain('<!channel>');
  });
});
