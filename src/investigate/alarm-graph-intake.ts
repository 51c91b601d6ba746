import { type ParsedAlarm, parseAlarmMessage } from '../detect/alarm.js';
import type { AlarmIntake } from '../detect/intake.js';
import type { Incident } from '../incident/incident.js';
import type { Logger } from '../log.js';
import type { WorkTracker } from '../slack/work-tracker.js';
import type { AlarmGraphPoster } from './alarm-graph.js';

/**
 * The alarm's graph needs two things that arrive at two moments: the parsed alarm (at intake) and the card's ts
 * (when the card publisher first stores it and calls its card-posted hook). The incident itself cannot stand in for
 * the alarm: it keeps a summary (name, a one-line condition), not the dimensions, statistic, period and threshold
 * the widget is drawn from. So the parsed alarm waits here, in memory, keyed by incident id, until the card is
 * posted; whichever of the two comes second starts the graph, so the order never matters and nothing polls.
 *
 * Bounded: at most `maxPending` incidents wait (the oldest is dropped), and an entry leaves as soon as both halves
 * met. A restart between intake and the card, or a card posted by another replica, simply means no graph.
 */

/** Enough for an alarm storm's worth of cards still queued behind Slack's one post per second per channel. */
export const MAX_PENDING_GRAPHS = 200;

export interface AlarmGraphs {
  /** Intake opened `incidentId` for `alarm`. */
  opened(incidentId: string, alarm: ParsedAlarm): void;
  /** The card publisher's card-posted hook. */
  cardPosted(incident: Incident): void;
  /** How many incidents wait for their other half. */
  pending(): number;
}

export function createAlarmGraphs(deps: {
  /** Loaded on first use, which keeps the CloudWatch SDK out of a process that has drawn no graph yet. */
  poster: () => Promise<AlarmGraphPoster>;
  work: WorkTracker;
  logger: Logger;
  maxPending?: number;
}): AlarmGraphs {
  const max = deps.maxPending ?? MAX_PENDING_GRAPHS;
  const waiting = new Map<string, { alarm?: ParsedAlarm; incident?: Incident }>();

  function start(alarm: ParsedAlarm, incident: Incident): void {
    // Math and composite alarms have no single graph: nothing to load or render.
    if (alarm.kind !== 'metric') return;
    void deps.work
      .run(async () => (await deps.poster()).post(alarm, incident))
      .catch((error: unknown) =>
        deps.logger.warn({ err: error, incident: incident.id }, 'alarm graph failed'),
      );
  }

  function meet(id: string, half: { alarm: ParsedAlarm } | { incident: Incident }): void {
    const entry = { ...waiting.get(id), ...half };
    waiting.delete(id);
    if (entry.alarm && entry.incident) {
      start(entry.alarm, entry.incident);
      return;
    }
    waiting.set(id, entry);
    while (waiting.size > max) waiting.delete(waiting.keys().next().value as string);
  }

  return {
    opened: (incidentId, alarm) => meet(incidentId, { alarm }),
    cardPosted(incident) {
      // A declared incident has no alarm, and no intake will ever bring one: nothing to wait for.
      if (!incident.alarm && !waiting.has(incident.id)) return;
      meet(incident.id, { incident });
    },
    pending: () => waiting.size,
  };
}

/** Intake, plus telling the graphs about every incident it opens. SNS's reply never waits on any of it. */
export function withAlarmGraph(
  intake: AlarmIntake,
  graphs: Pick<AlarmGraphs, 'opened'>,
  logger: Logger,
): AlarmIntake {
  return {
    async receive(notification) {
      const outcome = await intake.receive(notification);
      if (outcome.result === 'opened' && outcome.incidentId) {
        try {
          graphs.opened(outcome.incidentId, parseAlarmMessage(notification.message, notification.topicArn));
        } catch (error) {
          logger.warn({ err: error, incident: outcome.incidentId }, 'alarm graph failed');
        }
      }
      return outcome;
    },
  };
}
