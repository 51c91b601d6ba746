import type { ActionRecord } from '../contain/action.js';
import type { Incident } from '../incident/incident.js';
import type { TimelineEvent } from '../incident/timeline.js';
import { followUpsFrom } from '../remediate/follow-ups.js';
import type { FollowUp, HumanSections, InvestigationRecord, ReportInput } from './inputs.js';
import type { Runbook } from './runbook.js';

/**
 * Pure mapping from what the store keeps (the incident, its timeline, its action records) to what the renderer
 * reads. Investigations and follow-ups come from timeline events, so the report can never list a query or a
 * follow-up the audit log does not have.
 */

export function investigationsFrom(timeline: readonly TimelineEvent[]): InvestigationRecord[] {
  return timeline.flatMap((event) =>
    event.type === 'investigation'
      ? [
          {
            query: event.query,
            ranBy: event.actor,
            ranAt: event.at,
            regions: event.regions,
            eventCount: event.eventCount,
            truncated: event.truncated,
            flagged: event.flagged,
            evidence: event.evidence,
            ...(event.trigger && { trigger: event.trigger }),
          },
        ]
      : [],
  );
}

export function reportFollowUps(timeline: readonly TimelineEvent[]): FollowUp[] {
  return followUpsFrom(timeline).map((item) => ({
    title: item.text,
    ...(item.owner !== undefined && { owner: item.owner }),
    done: item.done,
  }));
}

/** What the closer typed in the close modal or command; the latest close counts. */
export function humanSectionsFrom(timeline: readonly TimelineEvent[]): HumanSections {
  const closed = timeline.findLast((event) => event.type === 'closed');
  if (closed?.type !== 'closed') return {};
  return {
    ...(closed.summary !== undefined && { summary: closed.summary }),
    ...(closed.impact !== undefined && { impact: closed.impact }),
  };
}

export function reportInputFrom(source: {
  incident: Incident;
  timeline: readonly TimelineEvent[];
  actions: readonly ActionRecord[];
  runbooks: readonly Runbook[];
  now: Date;
  slackThreadUrl?: string;
  partition?: string;
}): ReportInput {
  const actions = source.actions
    .filter((action) => action.incidentId === source.incident.id)
    .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt) || a.id.localeCompare(b.id));
  return {
    incident: source.incident,
    timeline: source.timeline,
    actions,
    investigations: investigationsFrom(source.timeline),
    followUps: reportFollowUps(source.timeline),
    runbooks: source.runbooks,
    now: source.now,
    draft: source.incident.status !== 'closed',
    humanSections: humanSectionsFrom(source.timeline),
    ...(source.slackThreadUrl !== undefined && { slackThreadUrl: source.slackThreadUrl }),
    ...(source.partition !== undefined && { partition: source.partition }),
  };
}
