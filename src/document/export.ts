import type { TimelineEvent } from '../incident/timeline.js';

/**
 * `/ir export`: the timeline as JSON Lines, one event per line in append (audit) order, each carrying the incident
 * id so files from several incidents can be concatenated. JSON.stringify escapes newlines inside values, so a
 * note holding line breaks stays one line. Pure.
 */
export function timelineJsonLines(incidentId: string, timeline: readonly TimelineEvent[]): string {
  return timeline.map((event) => `${JSON.stringify({ incident: incidentId, ...event })}\n`).join('');
}

export const exportFileName = (incidentId: string): string => `${incidentId}-timeline.jsonl`;
