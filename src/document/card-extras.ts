import type { CardFollowUp, CardTrigger } from '../detect/card.js';
import type { CardExtras } from '../detect/card-publisher.js';
import type { Incident } from '../incident/incident.js';
import type { IncidentStore } from '../incident/store.js';
import type { TimelineEvent } from '../incident/timeline.js';
import { followUpsFrom } from '../remediate/follow-ups.js';
import type { Runbook } from './runbook.js';
import { runbooksFor } from './runbooks.js';

/**
 * Who set off a CIS CloudTrail-metric alarm: the trigger of the latest `investigation` that found one (a later
 * query that found nothing leaves the earlier answer standing; the thread says what that query found).
 */
export function latestTrigger(timeline: readonly TimelineEvent[]): CardTrigger | undefined {
  for (let i = timeline.length - 1; i >= 0; i--) {
    const event = timeline[i];
    if (event?.type !== 'investigation' || !event.trigger) continue;
    const { principal, eventName, eventTime, sourceIp } = event.trigger;
    return { principal, eventName, eventTime, ...(sourceIp !== undefined && { sourceIp }) };
  }
  return undefined;
}

/**
 * What remediate, investigate and document add to the incident card: its follow-ups (from the timeline), who
 * triggered a CIS alarm (from the timeline) and the runbooks that match its alarm. Runbooks are re-read at most
 * once a minute, so an edit shows up without a restart.
 */
export function createCardExtras(deps: {
  store: IncidentStore;
  loadRunbooks(): Promise<Runbook[]>;
  /** Where the runbooks folder is browsed (https, ending in /); without it the card names runbooks unlinked. */
  runbooksUrl?: string;
  now: () => number;
}): (incident: Incident) => Promise<CardExtras> {
  let cached: { at: number; runbooks: Promise<Runbook[]> } | undefined;
  const runbooks = () => {
    if (!cached || deps.now() - cached.at > 60_000) {
      const loading = deps.loadRunbooks().catch(() => [] as Runbook[]);
      cached = { at: deps.now(), runbooks: loading };
    }
    return cached.runbooks;
  };
  return async (incident) => {
    const [timeline, books] = await Promise.all([deps.store.timeline(incident.id), runbooks()]);
    const followUps: CardFollowUp[] = followUpsFrom(timeline).map((item) => ({
      number: item.number,
      text: item.text,
      done: item.done,
      ...(item.owner !== undefined && { owner: item.owner }),
    }));
    const runbookLinks = runbooksFor(incident, books).map(({ runbook }) => ({
      title: runbook.title,
      url: deps.runbooksUrl ? `${deps.runbooksUrl}${encodeURIComponent(runbook.file)}` : '',
    }));
    const trigger = latestTrigger(timeline);
    return { followUps, runbookLinks, ...(trigger && { trigger }) };
  };
}
