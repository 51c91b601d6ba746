import { FirebreakError } from '../errors.js';
import type { Actor, Incident, Resolution } from './incident.js';
import { canAcknowledge, canTransition } from './status.js';

/**
 * Pure state changes of an incident. Each returns the changed incident, or throws a FirebreakError whose message
 * a responder can act on. Persisting and telling Slack is the caller's job.
 */
export function acknowledge(incident: Incident, actor: Actor, at: string): Incident {
  if (incident.status === 'closed') {
    throw new FirebreakError(
      'INCIDENT_CLOSED',
      `${incident.id} is already closed; there is nothing to acknowledge.`,
    );
  }
  if (!canAcknowledge(incident)) {
    throw new FirebreakError(
      'ALREADY_ACKNOWLEDGED',
      `${incident.id} was already acknowledged by <@${incident.acknowledgedBy}> at ${incident.acknowledgedAt}.`,
    );
  }
  return { ...incident, acknowledgedAt: at, acknowledgedBy: actor };
}

export function close(incident: Incident, resolution: Resolution, actor: Actor, at: string): Incident {
  if (!canTransition(incident.status, 'closed')) {
    throw new FirebreakError(
      'ALREADY_CLOSED',
      `${incident.id} was already closed as ${incident.resolution ?? 'closed'} by <@${incident.closedBy}> at ${incident.closedAt}.`,
    );
  }
  return { ...incident, status: 'closed', resolution, closedAt: at, closedBy: actor };
}

/** Moves along the status table (open → contained → remediated); closing has its own function for its fields. */
export function transition(incident: Incident, to: Exclude<Incident['status'], 'closed'>): Incident {
  if (incident.status === to) return incident;
  if (!canTransition(incident.status, to)) {
    throw new FirebreakError(
      'BAD_TRANSITION',
      `${incident.id} is ${incident.status}; it cannot become ${to}.`,
    );
  }
  return { ...incident, status: to };
}
