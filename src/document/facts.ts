import type { ActionRecord } from '../contain/action.js';
import type { Incident, ResourceRef } from '../incident/incident.js';
import type { TimelineEvent } from '../incident/timeline.js';
import { isSlackUser } from './format.js';

/** What the front matter, the summary and the phase checklist all read, derived once from the inputs. */
export interface IncidentFacts {
  times: {
    alarm?: string;
    received?: string;
    declared: string;
    acknowledged?: string;
    contained?: string;
    remediated?: string;
    closed?: string;
  };
  accounts: string[];
  regions: string[];
  resources: ResourceRef[];
  /**
   * Slack users who did anything on the timeline, in order of first appearance. Someone whose only events are
   * refusals (a non-responder pressing Isolate) tried to act but did not respond, so is not listed.
   */
  responders: string[];
  alarmNames: string[];
}

const unique = <T>(values: Iterable<T | undefined>): T[] => [
  ...new Set([...values].filter((value): value is T => value !== undefined && value !== '')),
];

/** The first time the status entered `to`: later re-entries (after a reopen) do not move when it was contained. */
function statusTime(timeline: readonly TimelineEvent[], to: string): string | undefined {
  return timeline.find((event) => event.type === 'status' && event.to === to)?.at;
}

/** Action targets are resources too (an instance isolated by hand was never named by an alarm). */
function actionResource(action: ActionRecord): ResourceRef {
  if (action.kind === 'isolate') return { kind: 'InstanceId', id: action.target.resourceId };
  return { kind: 'IAMPrincipal', id: action.target.resourceId };
}

export function incidentFacts(
  incident: Incident,
  timeline: readonly TimelineEvent[],
  actions: readonly ActionRecord[],
): IncidentFacts {
  const resources: ResourceRef[] = [];
  for (const ref of [...incident.resources, ...actions.map(actionResource)]) {
    if (!resources.some((known) => known.kind === ref.kind && known.id === ref.id)) resources.push(ref);
  }
  const alarmEvents = timeline.filter((event) => event.type === 'alarm');
  return {
    times: {
      alarm: incident.firstAlarmAt ?? alarmEvents[0]?.stateChangedAt ?? incident.alarm?.stateChangedAt,
      received: incident.receivedAt ?? alarmEvents[0]?.at,
      declared: incident.declaredAt,
      acknowledged: incident.acknowledgedAt,
      contained: statusTime(timeline, 'contained'),
      remediated: statusTime(timeline, 'remediated'),
      closed: incident.closedAt ?? timeline.find((event) => event.type === 'closed')?.at,
    },
    accounts: unique([incident.account, ...actions.map((action) => action.target.account)]),
    regions: unique([incident.region, ...actions.map((action) => action.target.region)]),
    resources,
    responders: unique(
      timeline
        .filter((event) => event.type !== 'denied')
        .map((event) => event.actor)
        .filter(isSlackUser),
    ),
    alarmNames: unique([incident.alarm?.name, ...alarmEvents.map((event) => event.alarmName)]),
  };
}
