import type { Incident } from './incident.js';
import { isOpen } from './status.js';

/**
 * The open list and the alarm binding are derived from the incident itself on every write, never maintained
 * by callers, so both stores agree and an index can only be as stale as the incident it was written with.
 */
export interface IndexChange {
  open: boolean;
  /** Open incidents are listed oldest first by declared time (ties by id). */
  score: number;
  /** Point this alarm key at the incident (it is open and has an alarm key). */
  bind?: string;
  /** Remove this alarm key's binding, but only if it still points at this incident. */
  unbind?: string;
}

export function indexChange(before: Incident | undefined, after: Incident): IndexChange {
  const open = isOpen(after);
  const bind = open && after.alarmKey !== undefined ? after.alarmKey : undefined;
  const unbind = before?.alarmKey !== undefined && before.alarmKey !== bind ? before.alarmKey : undefined;
  return { open, score: declaredScore(after), bind, unbind };
}

export function declaredScore(incident: Pick<Incident, 'declaredAt'>): number {
  const ms = Date.parse(incident.declaredAt);
  return Number.isNaN(ms) ? 0 : ms;
}

/** The same order Redis gives a sorted set: by score, then by member. */
export function byDeclaredTime(a: Incident, b: Incident): number {
  return declaredScore(a) - declaredScore(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
