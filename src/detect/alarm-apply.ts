import { alarmKeyOf } from '../incident/ids.js';
import type { AlarmSummary, Incident, ResourceRef, Severity } from '../incident/incident.js';
import { type ParsedAlarm, toAlarmSummary } from './alarm.js';
import { alarmResources } from './alarm-resources.js';
import { severityForAlarm } from './severity.js';

/** What one notification says, in the incident's terms. Pure. */
export interface AlarmFacts {
  key: string;
  summary: AlarmSummary;
  account?: string;
  region?: string;
  resources: ResourceRef[];
  severity: Severity;
}

const UNKNOWN_REASON_LIMIT = 2000;

/**
 * A message we could not read still reaches a person: it becomes an alarm named after its subject and topic,
 * whose reason is the raw text (escaped and truncated wherever it is shown).
 */
export function alarmFacts(
  parsed: ParsedAlarm,
  context: { topicArn: string; subject?: string; receivedAt: string },
): AlarmFacts {
  if (parsed.kind === 'unknown') {
    const topicName = context.topicArn.split(':').pop() ?? context.topicArn;
    const name = `Unrecognised message on ${topicName}${context.subject ? `: ${context.subject}` : ''}`;
    return {
      key: alarmKeyOf(parsed.account ?? 'unknown', parsed.region ?? 'unknown', name),
      summary: {
        name,
        state: 'ALARM',
        reason: `${parsed.problem}. Raw message: ${parsed.raw.slice(0, UNKNOWN_REASON_LIMIT)}`,
        stateChangedAt: context.receivedAt,
      },
      account: parsed.account,
      region: parsed.region,
      resources: [],
      severity: 3,
    };
  }
  return {
    key: alarmKeyOf(parsed.account ?? 'unknown', parsed.region ?? 'unknown', parsed.name),
    summary: toAlarmSummary(parsed, context.receivedAt),
    account: parsed.account,
    region: parsed.region,
    resources: alarmResources(parsed),
    severity: severityForAlarm(parsed),
  };
}

/**
 * States apply in StateChangeTime order: an older state that arrives late is kept on the timeline but never
 * changes the card, so an out-of-order delivery cannot un-recover it. INSUFFICIENT_DATA is a note only.
 */
export function shouldApply(incident: Incident, summary: AlarmSummary): boolean {
  if (summary.state === 'INSUFFICIENT_DATA') return false;
  const current = incident.alarm?.stateChangedAt;
  return current === undefined || Date.parse(summary.stateChangedAt) >= Date.parse(current);
}

const laterOf = (a: string | undefined, b: string): string =>
  a === undefined || Date.parse(b) > Date.parse(a) ? b : a;

function mergeResources(current: ResourceRef[], added: ResourceRef[]): ResourceRef[] {
  const known = new Set(current.map((ref) => `${ref.kind}\u0000${ref.id}`));
  return [...current, ...added.filter((ref) => !known.has(`${ref.kind}\u0000${ref.id}`))];
}

export function applyAlarm(incident: Incident, facts: AlarmFacts, applied: boolean): Incident {
  const refire = facts.summary.state === 'ALARM';
  return {
    ...incident,
    alarm: applied ? facts.summary : incident.alarm,
    alarmCount: incident.alarmCount + (refire ? 1 : 0),
    lastAlarmAt: refire ? laterOf(incident.lastAlarmAt, facts.summary.stateChangedAt) : incident.lastAlarmAt,
    resources: mergeResources(incident.resources, facts.resources),
  };
}

export function incidentFromAlarm(
  facts: AlarmFacts,
  context: { id: string; channel: string; receivedAt: string },
): Incident {
  return {
    id: context.id,
    title: facts.summary.name,
    severity: facts.severity,
    status: 'open',
    alarmKey: facts.key,
    account: facts.account,
    region: facts.region,
    resources: facts.resources,
    alarm: facts.summary,
    alarmCount: 1,
    channel: context.channel,
    firstAlarmAt: facts.summary.stateChangedAt,
    lastAlarmAt: facts.summary.stateChangedAt,
    receivedAt: context.receivedAt,
    declaredAt: context.receivedAt,
    declaredBy: 'system',
  };
}
