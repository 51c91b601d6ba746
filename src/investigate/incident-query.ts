import { isInstanceId, isRegionName } from '../aws/target.js';
import type { Incident } from '../incident/incident.js';
import { type CisControl, cisControlFor } from './cis-alarms.js';
import { globalRegionFor } from './plan.js';
import { LOOKUP_RETENTION_DAYS, type TrailQuery } from './query.js';

/**
 * The obvious CloudTrail query for an incident, for the card's Investigate button. Pure: now and defaults are
 * passed in.
 *
 * - Window: from an hour before the first alarm (or the declaration) to now: what led up to it and what followed.
 * - What: for an alarm on a CIS CloudTrail metric filter, the events that filter counts (so the answer can say who
 *   triggered it), in us-east-1 too when they are global; else the instance the alarm names (`resource=i-…`);
 *   else the principal it names (`user=`); else every mutating call (`readonly=false`) in the alarm's region,
 *   which is where a responder starts when nothing narrower is known.
 * - Where: the alarm's account and region.
 */

export interface IncidentQuery {
  query: TrailQuery;
  cis?: CisControl;
  /** One line saying what was chosen and why, for the "Searching…" answer. */
  why: string;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const PRINCIPAL_KINDS = new Set(['UserName', 'RoleName', 'Principal', 'IAMUser']);
const USER_NAME = /^[\w+=,.@-]{1,128}$/;

/** Metric and namespace back from the card's condition line, "RootAccountUsage (CISBenchmark) Sum >= 1 …". */
export function metricFromCondition(condition: string | undefined): {
  metricName?: string;
  namespace?: string;
} {
  const match = /^([^\s()]+) \(([^,)\s]+)/.exec(condition ?? '');
  return match ? { metricName: match[1], namespace: match[2] } : {};
}

export function cisControlForIncident(incident: Incident): CisControl | undefined {
  const alarm = incident.alarm;
  if (!alarm) return undefined;
  return cisControlFor({
    alarmName: alarm.name,
    ...metricFromCondition(alarm.condition),
    ...(alarm.description ? { description: alarm.description } : {}),
  });
}

export function incidentTrailQuery(
  incident: Incident,
  now: Date,
  defaults: { region?: string; defaultLimit: number },
): IncidentQuery | { problem: string } {
  const region = incident.region ?? defaults.region;
  if (!region || !isRegionName(region)) {
    return { problem: `${incident.id} names no region; use \`/ir trail … region=…\` instead.` };
  }
  const started = Date.parse(incident.firstAlarmAt ?? incident.declaredAt);
  const oldest = now.getTime() - (LOOKUP_RETENTION_DAYS - 1) * DAY_MS;
  const since = new Date(
    Math.max(
      oldest,
      Math.min(now.getTime() - HOUR_MS, (Number.isNaN(started) ? now.getTime() : started) - HOUR_MS),
    ),
  );
  const base = {
    since,
    until: now,
    regions: [region],
    limit: defaults.defaultLimit,
    ...(incident.account ? { account: incident.account } : {}),
  };

  const cis = cisControlForIncident(incident);
  if (cis) {
    const global = globalRegionFor(region);
    const regions = cis.global && global !== region ? [region, global] : [region];
    const query: TrailQuery = { ...base, regions };
    if (cis.eventNames.length > 0) query.events = [...cis.eventNames];
    else if (cis.userIdentityType === 'Root') query.user = 'root';
    else if (cis.errorCodes?.length) query.error = true;
    return { query, cis, why: `the events behind the CIS control ${cis.id} (${cis.title})` };
  }
  const instance = incident.resources.find((ref) => ref.kind === 'InstanceId' && isInstanceId(ref.id));
  if (instance) {
    return { query: { ...base, resource: instance.id }, why: `activity on ${instance.id}` };
  }
  const principal = incident.resources.find((ref) => PRINCIPAL_KINDS.has(ref.kind) && USER_NAME.test(ref.id));
  if (principal) {
    return { query: { ...base, user: principal.id }, why: `activity of ${principal.id}` };
  }
  return { query: { ...base, readOnly: false }, why: 'every mutating call in the alarm window' };
}
