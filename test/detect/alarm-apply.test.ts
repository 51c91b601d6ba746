import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAlarmMessage } from '../../src/detect/alarm.js';
import {
  type AlarmFacts,
  alarmFacts,
  applyAlarm,
  incidentFromAlarm,
  shouldApply,
} from '../../src/detect/alarm-apply.js';
import type { Incident } from '../../src/incident/incident.js';

const FIXTURES = new URL('../fixtures/alarms/', import.meta.url);
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:firebreak-alarms';
const RECEIVED = '2026-11-26T08:06:00.000Z';

/** A fixture as a JSON object, so a test can move its StateChangeTime or state. */
const fixtureJson = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as Record<string, unknown>;

function factsOf(
  message: string | Record<string, unknown>,
  options: { topic?: string; subject?: string } = {},
) {
  const text = typeof message === 'string' ? message : JSON.stringify(message);
  const topicArn = options.topic ?? TOPIC;
  return alarmFacts(parseAlarmMessage(text, topicArn), {
    topicArn,
    subject: options.subject,
    receivedAt: RECEIVED,
  });
}

/** The CPU alarm fixture with its state and StateChangeTime (CloudWatch's "+0000" form) replaced. */
function cpu(
  state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA',
  stateChangeTime: string,
  extra: Record<string, unknown> = {},
) {
  return factsOf({
    ...fixtureJson('ec2-cpu.json'),
    NewStateValue: state,
    StateChangeTime: stateChangeTime,
    ...extra,
  });
}

const opened = (facts: AlarmFacts): Incident =>
  incidentFromAlarm(facts, { id: 'INC-7', channel: 'C0INCIDENTS', receivedAt: RECEIVED });

describe('alarmFacts', () => {
  it('keys an alarm by account/region/name, the region coming from the AlarmArn', () => {
    const facts = factsOf(fixtureJson('ec2-cpu.json'));
    expect(facts.key).toBe('123456789012/us-east-1/prod-web-high-cpu');
    expect(facts.account).toBe('123456789012');
    expect(facts.region).toBe('us-east-1');
  });

  it('keys the same alarm in another region or account apart', () => {
    const json = fixtureJson('ec2-cpu.json');
    const other = factsOf({
      ...json,
      AWSAccountId: '210987654321',
      AlarmArn: 'arn:aws:cloudwatch:eu-west-1:210987654321:alarm:prod-web-high-cpu',
    });
    expect(other.key).toBe('210987654321/eu-west-1/prod-web-high-cpu');
    expect(other.key).not.toBe(factsOf(json).key);
  });

  it('summarises the alarm in the incident’s terms, with CloudWatch’s time normalised to UTC ISO', () => {
    const facts = factsOf(fixtureJson('ec2-cpu.json'));
    expect(facts.summary).toMatchObject({
      name: 'prod-web-high-cpu',
      state: 'ALARM',
      stateChangedAt: '2026-11-26T08:05:43.219Z',
      arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:prod-web-high-cpu',
    });
    expect(facts.summary.reason).toContain('Threshold Crossed');
    expect(facts.resources).toEqual([{ kind: 'InstanceId', id: 'i-0abc123def4567890' }]);
    expect([1, 2, 3, 4]).toContain(facts.severity);
  });

  it('falls back to the received time when StateChangeTime is unreadable', () => {
    expect(cpu('ALARM', 'yesterday-ish').summary.stateChangedAt).toBe(RECEIVED);
  });

  it('names each triggering child of a composite alarm as a resource', () => {
    const facts = factsOf(fixtureJson('composite.json'));
    expect(facts.key).toBe('123456789012/us-east-1/prod-web-degraded');
    expect(facts.resources).toEqual(
      expect.arrayContaining([
        { kind: 'AlarmName', id: 'prod-web-5xx-error-rate' },
        { kind: 'AlarmName', id: 'prod-web-high-cpu' },
      ]),
    );
  });

  it('turns a message that is not JSON into a named ALARM whose reason carries the raw text', () => {
    const raw = 'Disk almost full on build-3 <!channel>';
    const facts = factsOf(raw, { subject: 'Ops alert' });
    expect(facts.summary.name).toBe('Unrecognised message on firebreak-alarms: Ops alert');
    expect(facts.summary.state).toBe('ALARM');
    expect(facts.summary.reason).toContain('not JSON');
    expect(facts.summary.reason).toContain(raw);
    expect(facts.summary.stateChangedAt).toBe(RECEIVED);
    // Even unreadable, it is placed in the topic's account and region.
    expect(facts.account).toBe('123456789012');
    expect(facts.region).toBe('us-east-1');
    expect(facts.key).toBe('123456789012/us-east-1/Unrecognised message on firebreak-alarms: Ops alert');
    expect(facts.resources).toEqual([]);
    expect(facts.severity).toBe(3);
  });

  it('names an unreadable message after the topic alone when there is no subject', () => {
    const facts = factsOf(JSON.stringify({ hello: 'world' }));
    expect(facts.summary.name).toBe('Unrecognised message on firebreak-alarms');
    expect(facts.summary.reason).toContain('not a CloudWatch alarm');
    expect(facts.summary.reason).toContain('{"hello":"world"}');
  });

  it('bounds the raw text kept in the reason', () => {
    const raw = `start ${'x'.repeat(10_000)}`;
    const facts = factsOf(raw);
    expect(facts.summary.reason).toContain('start xxx');
    expect(facts.summary.reason.length).toBeLessThan(2200);
  });

  it('uses "unknown" in the key when the topic names no account or region', () => {
    const facts = alarmFacts(parseAlarmMessage('garbage', 'not-an-arn'), {
      topicArn: 'not-an-arn',
      receivedAt: RECEIVED,
    });
    expect(facts.key).toBe('unknown/unknown/Unrecognised message on not-an-arn');
  });
});

describe('incidentFromAlarm', () => {
  it('opens an incident bound to the alarm key, keeping alarm, received and declared times apart', () => {
    const facts = cpu('ALARM', '2026-11-26T08:05:43.219+0000');
    const incident = opened(facts);
    expect(incident).toMatchObject({
      id: 'INC-7',
      title: 'prod-web-high-cpu',
      status: 'open',
      alarmKey: '123456789012/us-east-1/prod-web-high-cpu',
      account: '123456789012',
      region: 'us-east-1',
      channel: 'C0INCIDENTS',
      alarmCount: 1,
      firstAlarmAt: '2026-11-26T08:05:43.219Z',
      lastAlarmAt: '2026-11-26T08:05:43.219Z',
      receivedAt: RECEIVED,
      declaredAt: RECEIVED,
      declaredBy: 'system',
      severity: facts.severity,
    });
    expect(incident.alarm).toEqual(facts.summary);
    expect(incident.resources).toEqual(facts.resources);
    expect(incident.cardTs).toBeUndefined();
    expect(incident.acknowledgedAt).toBeUndefined();
  });
});

describe('shouldApply', () => {
  const incident = opened(cpu('ALARM', '2026-11-26T08:05:43.219+0000'));

  it('applies a newer state', () => {
    expect(shouldApply(incident, cpu('OK', '2026-11-26T08:35:43.004+0000').summary)).toBe(true);
    expect(shouldApply(incident, cpu('ALARM', '2026-11-26T09:00:00.000+0000').summary)).toBe(true);
  });

  it('applies a state with the same StateChangeTime (a redelivery changes nothing)', () => {
    expect(shouldApply(incident, cpu('ALARM', '2026-11-26T08:05:43.219+0000').summary)).toBe(true);
  });

  it('never applies an older state that arrives late', () => {
    expect(shouldApply(incident, cpu('OK', '2026-11-26T08:05:43.218+0000').summary)).toBe(false);
    expect(shouldApply(incident, cpu('ALARM', '2026-11-26T07:00:00.000+0000').summary)).toBe(false);
  });

  it('compares instants, not strings, across time-zone offsets', () => {
    // 09:05:43.219+0100 is the same instant as the stored 08:05:43.219Z; 08:30+0100 is earlier.
    expect(shouldApply(incident, cpu('OK', '2026-11-26T09:05:43.219+0100').summary)).toBe(true);
    expect(shouldApply(incident, cpu('OK', '2026-11-26T08:30:00.000+0100').summary)).toBe(false);
  });

  it('never applies INSUFFICIENT_DATA, however new', () => {
    expect(shouldApply(incident, cpu('INSUFFICIENT_DATA', '2027-01-01T00:00:00.000+0000').summary)).toBe(
      false,
    );
    expect(shouldApply(incident, factsOf(fixtureJson('insufficient-data.json')).summary)).toBe(false);
  });

  it('applies the first alarm state to an incident that has none', () => {
    const manual: Incident = { ...incident, alarm: undefined };
    expect(shouldApply(manual, cpu('OK', '2020-01-01T00:00:00.000+0000').summary)).toBe(true);
  });
});

describe('applyAlarm', () => {
  const first = cpu('ALARM', '2026-11-26T08:05:43.219+0000');
  const incident = opened(first);

  it('an out-of-order OK after ALARM never un-recovers the card', () => {
    // ALARM at 08:05, OK at 08:35, ALARM again at 09:00; the 08:35 OK is delivered last.
    const realarm = cpu('ALARM', '2026-11-26T09:00:00.000+0000');
    const lateOk = cpu('OK', '2026-11-26T08:35:43.004+0000');
    let current = applyAlarm(incident, realarm, shouldApply(incident, realarm.summary));
    expect(current.alarm?.state).toBe('ALARM');
    const applied = shouldApply(current, lateOk.summary);
    expect(applied).toBe(false);
    current = applyAlarm(current, lateOk, applied);
    expect(current.alarm?.state).toBe('ALARM');
    expect(current.alarm?.stateChangedAt).toBe('2026-11-26T09:00:00.000Z');
  });

  it('an out-of-order ALARM after a newer OK leaves the incident recovered', () => {
    const ok = factsOf(fixtureJson('ok-transition.json'));
    const recovered = applyAlarm(incident, ok, shouldApply(incident, ok.summary));
    expect(recovered.alarm?.state).toBe('OK');
    const stale = cpu('ALARM', '2026-11-26T08:20:00.000+0000');
    const after = applyAlarm(recovered, stale, shouldApply(recovered, stale.summary));
    expect(after.alarm?.state).toBe('OK');
    expect(after.alarm?.stateChangedAt).toBe('2026-11-26T08:35:43.004Z');
  });

  it('replaces the alarm summary with an applied OK without counting it as a firing', () => {
    const ok = factsOf(fixtureJson('ok-transition.json'));
    const after = applyAlarm(incident, ok, true);
    expect(after.alarm).toEqual(ok.summary);
    expect(after.alarmCount).toBe(incident.alarmCount);
    expect(after.lastAlarmAt).toBe(incident.lastAlarmAt);
  });

  it('ALARM increments alarmCount and moves lastAlarmAt to the later time', () => {
    const later = cpu('ALARM', '2026-11-26T09:00:00.000+0000');
    const after = applyAlarm(incident, later, true);
    expect(after.alarmCount).toBe(2);
    expect(after.lastAlarmAt).toBe('2026-11-26T09:00:00.000Z');
    expect(after.firstAlarmAt).toBe(incident.firstAlarmAt);
  });

  it('a late, older ALARM still counts, but lastAlarmAt keeps the later time', () => {
    const later = applyAlarm(incident, cpu('ALARM', '2026-11-26T09:00:00.000+0000'), true);
    const older = cpu('ALARM', '2026-11-26T08:30:00.000+0000');
    const after = applyAlarm(later, older, shouldApply(later, older.summary));
    expect(after.alarmCount).toBe(3);
    expect(after.lastAlarmAt).toBe('2026-11-26T09:00:00.000Z');
    expect(after.alarm?.stateChangedAt).toBe('2026-11-26T09:00:00.000Z');
  });

  it('INSUFFICIENT_DATA changes neither the alarm nor the count', () => {
    const insufficient = cpu('INSUFFICIENT_DATA', '2026-11-26T09:00:00.000+0000');
    const after = applyAlarm(incident, insufficient, shouldApply(incident, insufficient.summary));
    expect(after.alarm).toEqual(incident.alarm);
    expect(after.alarmCount).toBe(1);
    expect(after.lastAlarmAt).toBe(incident.lastAlarmAt);
  });

  it('merges newly named resources without duplicates, keeping the existing order first', () => {
    const second = cpu('ALARM', '2026-11-26T09:00:00.000+0000', {
      Trigger: {
        ...(fixtureJson('ec2-cpu.json').Trigger as Record<string, unknown>),
        Dimensions: [
          { name: 'InstanceId', value: 'i-0abc123def4567890' },
          { name: 'InstanceId', value: 'i-0fff000000000000b' },
        ],
      },
    });
    expect(second.resources).toHaveLength(2);
    const after = applyAlarm(incident, second, true);
    expect(after.resources).toEqual([
      { kind: 'InstanceId', id: 'i-0abc123def4567890' },
      { kind: 'InstanceId', id: 'i-0fff000000000000b' },
    ]);
    // Applying the same facts again adds nothing.
    expect(applyAlarm(after, second, true).resources).toHaveLength(2);
  });

  it('keeps a resource of another kind with the same id apart', () => {
    const withOther: Incident = { ...incident, resources: [{ kind: 'VolumeId', id: 'i-0abc123def4567890' }] };
    const after = applyAlarm(withOther, first, true);
    expect(after.resources).toEqual([
      { kind: 'VolumeId', id: 'i-0abc123def4567890' },
      { kind: 'InstanceId', id: 'i-0abc123def4567890' },
    ]);
  });

  it('merges resources even from a state it does not apply', () => {
    const stale = cpu('OK', '2026-11-26T07:00:00.000+0000', {
      Trigger: {
        ...(fixtureJson('ec2-cpu.json').Trigger as Record<string, unknown>),
        Dimensions: [{ name: 'InstanceId', value: 'i-0fff000000000000b' }],
      },
    });
    const after = applyAlarm(incident, stale, false);
    expect(after.alarm).toEqual(incident.alarm);
    expect(after.resources.map((ref) => ref.id)).toEqual(['i-0abc123def4567890', 'i-0fff000000000000b']);
  });

  it('does not change the incident it is given', () => {
    const snapshot = structuredClone(incident);
    applyAlarm(incident, cpu('ALARM', '2026-11-26T09:00:00.000+0000'), true);
    expect(incident).toEqual(snapshot);
  });

  it('changes nothing else: status, acknowledgement, binding and card stay', () => {
    const acknowledged: Incident = {
      ...incident,
      status: 'contained',
      cardTs: '1764144343.000100',
      acknowledgedAt: RECEIVED,
      acknowledgedBy: 'U0RESPONDER',
    };
    const after = applyAlarm(acknowledged, cpu('OK', '2026-11-26T09:00:00.000+0000'), true);
    expect(after).toMatchObject({
      status: 'contained',
      cardTs: '1764144343.000100',
      acknowledgedBy: 'U0RESPONDER',
      alarmKey: incident.alarmKey,
      channel: 'C0INCIDENTS',
    });
  });
});
