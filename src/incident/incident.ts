/** The incident vocabulary follows Netflix Dispatch: incident, participant, timeline event, report, follow-up. */

export const INCIDENT_STATUSES = ['open', 'contained', 'remediated', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const RESOLUTIONS = ['resolved', 'false-positive', 'duplicate', 'mitigated'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export type Severity = 1 | 2 | 3 | 4;

export type AlarmState = 'ALARM' | 'OK' | 'INSUFFICIENT_DATA';

/** A resource the alarm (or a responder) names; `kind` is the CloudWatch dimension or AWS type name. */
export interface ResourceRef {
  kind: string;
  id: string;
}

/** What the incident remembers of the alarm that opened it (the latest state applied). */
export interface AlarmSummary {
  name: string;
  description?: string;
  arn?: string;
  state: AlarmState;
  reason: string;
  /** One line saying what the alarm watches, e.g. "CPUUtilization (AWS/EC2) Average > 90 for 3×300 s". */
  condition?: string;
  /** ISO-8601 time CloudWatch says the state changed (alarm time, not received time). */
  stateChangedAt: string;
  consoleUrl?: string;
}

export interface Incident {
  id: string;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  resolution?: Resolution;
  /** "account/region/alarm name" when an alarm opened the incident; dedups further alarms onto it. */
  alarmKey?: string;
  account?: string;
  region?: string;
  resources: ResourceRef[];
  alarm?: AlarmSummary;
  alarmCount: number;
  /** Slack binding: the card lives in `channel` at `cardTs`; the incident's conversation is that thread. */
  channel: string;
  cardTs?: string;
  /** Times are ISO-8601 UTC strings. Alarm, received and declared times are kept apart on purpose. */
  firstAlarmAt?: string;
  lastAlarmAt?: string;
  receivedAt?: string;
  declaredAt: string;
  declaredBy: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  closedAt?: string;
  closedBy?: string;
  drill?: boolean;
}

/** Slack user id, or "system" for what the bot does on its own (alarms, reconcilers). */
export type Actor = string;
export const SYSTEM_ACTOR: Actor = 'system';
