import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/incident/incident.js';
import { incidentTrailQuery, metricFromCondition } from '../../src/investigate/incident-query.js';

const NOW = new Date('2026-11-26T11:00:00.000Z');

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'INC-2',
    title: 'alarm',
    severity: 2,
    status: 'open',
    account: '123456789012',
    region: 'eu-west-1',
    resources: [],
    alarmCount: 1,
    channel: 'C0INC',
    declaredAt: '2026-11-26T10:30:00.000Z',
    firstAlarmAt: '2026-11-26T10:20:00.000Z',
    declaredBy: 'system',
    ...overrides,
  };
}

const alarm = (name: string, condition: string) => ({
  name,
  state: 'ALARM' as const,
  reason: 'Threshold Crossed',
  stateChangedAt: '2026-11-26T10:20:00.000Z',
  condition,
});

describe('the obvious query for an incident', () => {
  it('looks at the instance over the alarm window, in the alarm account and region', () => {
    const chosen = incidentTrailQuery(
      incident({ resources: [{ kind: 'InstanceId', id: 'i-0abc1234def567890' }] }),
      NOW,
      { defaultLimit: 500 },
    );
    if ('problem' in chosen) throw new Error(chosen.problem);
    expect(chosen.query).toEqual({
      resource: 'i-0abc1234def567890',
      since: new Date('2026-11-26T09:20:00.000Z'),
      until: NOW,
      regions: ['eu-west-1'],
      account: '123456789012',
      limit: 500,
    });
  });

  it('looks at a principal when the alarm names one, and at mutating calls when it names nothing', () => {
    const user = incidentTrailQuery(incident({ resources: [{ kind: 'UserName', id: 'alice' }] }), NOW, {
      defaultLimit: 100,
    });
    expect('query' in user && user.query.user).toBe('alice');
    const none = incidentTrailQuery(
      incident({ resources: [{ kind: 'InstanceId', id: 'i-<!channel>' }] }),
      NOW,
      {
        defaultLimit: 100,
      },
    );
    expect('query' in none && none.query.readOnly).toBe(false);
  });

  it('queries the event names of a CIS CloudTrail alarm, in us-east-1 too when they are global', () => {
    const chosen = incidentTrailQuery(
      incident({ alarm: alarm('CIS-IAMPolicyChanges', 'IAMPolicyEventCount (CISBenchmark) Sum >= 1') }),
      NOW,
      { defaultLimit: 500 },
    );
    if ('problem' in chosen) throw new Error(chosen.problem);
    expect(chosen.cis?.id).toBe('CloudWatch.4');
    expect(chosen.query.events).toContain('AttachUserPolicy');
    expect(chosen.query.regions).toEqual(['eu-west-1', 'us-east-1']);
    const root = incidentTrailQuery(
      incident({ alarm: alarm('RootAccountUsage', 'RootAccountUsageCount (CISBenchmark) Sum >= 1') }),
      NOW,
      { defaultLimit: 500 },
    );
    expect('query' in root && root.query.user).toBe('root');
  });

  it('does not mistake a service metric for a CIS filter', () => {
    expect(metricFromCondition('CPUUtilization (AWS/EC2, InstanceId=i-1) Average > 90')).toEqual({
      metricName: 'CPUUtilization',
      namespace: 'AWS/EC2',
    });
    const chosen = incidentTrailQuery(
      incident({ alarm: alarm('root-disk-full', 'DiskUsage (AWS/EC2, InstanceId=i-1) Average > 90') }),
      NOW,
      { defaultLimit: 500 },
    );
    expect('cis' in chosen ? chosen.cis : undefined).toBeUndefined();
  });

  it('needs a region, and never reaches past what LookupEvents keeps', () => {
    expect(incidentTrailQuery(incident({ region: undefined }), NOW, { defaultLimit: 1 })).toHaveProperty(
      'problem',
    );
    const old = incidentTrailQuery(incident({ firstAlarmAt: '2026-01-01T00:00:00Z' }), NOW, {
      defaultLimit: 1,
    });
    if ('problem' in old) throw new Error(old.problem);
    expect(NOW.getTime() - old.query.since.getTime()).toBeLessThan(90 * 86_400_000);
  });
});
