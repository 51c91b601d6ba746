import type { TimelineEvent } from '../incident/timeline.js';
import { alarmText, eventText } from './event-text.js';
import { actorLabel, formatUtc } from './format.js';
import { type Phase, phaseOf } from './phase.js';

type AlarmEvent = Extract<TimelineEvent, { type: 'alarm' }>;

export interface TimelineRow {
  at: string;
  phase: Phase;
  actor: string;
  /** Markdown, already escaped. */
  text: string;
}

/** Re-fires that belong in one row: same alarm, same state, both applied or both not. */
const sameRun = (a: AlarmEvent, b: AlarmEvent): boolean =>
  a.alarmName === b.alarmName && a.state === b.state && a.applied === b.applied;

/**
 * The rows of the timeline table, in the timeline's own (append, i.e. audit) order. A run of consecutive alarm
 * events for the same alarm and state becomes one row with a count: a flapping alarm re-firing every minute would
 * otherwise bury the handful of human actions a reader is looking for. Any other event ends the run, so the row
 * never hides what happened in between.
 */
export function timelineRows(events: readonly TimelineEvent[]): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let i = 0;
  while (i < events.length) {
    const event = events[i]!;
    if (event.type !== 'alarm') {
      rows.push({ at: event.at, phase: phaseOf(event), actor: event.actor, text: eventText(event) });
      i += 1;
      continue;
    }
    let end = i + 1;
    while (end < events.length) {
      const next = events[end]!;
      if (next.type !== 'alarm' || !sameRun(event, next)) break;
      end += 1;
    }
    const last = events[end - 1]!;
    // The latest reason is the one a reader wants; the first row's time is when the run began.
    const shown: AlarmEvent = { ...event, reason: last.type === 'alarm' ? last.reason : event.reason };
    rows.push({
      at: event.at,
      phase: 'detect',
      actor: event.actor,
      text: alarmText(shown, end - i, last.at),
    });
    i = end;
  }
  return rows;
}

export function timelineTable(events: readonly TimelineEvent[]): string {
  if (events.length === 0) return '_The timeline is empty._';
  const lines = ['| Time (UTC) | Phase | Actor | Event |', '|---|---|---|---|'];
  for (const row of timelineRows(events)) {
    lines.push(`| ${formatUtc(row.at)} | ${row.phase} | ${actorLabel(row.actor)} | ${row.text} |`);
  }
  return lines.join('\n');
}
