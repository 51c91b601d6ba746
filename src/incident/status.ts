import type { Incident, IncidentStatus } from './incident.js';

/**
 * The status table. Acknowledged, investigated and reported are timestamps and timeline events, not statuses,
 * so people can investigate before containing and close a false positive at once.
 */
const TRANSITIONS: Record<IncidentStatus, readonly IncidentStatus[]> = {
  open: ['contained', 'remediated', 'closed'],
  contained: ['remediated', 'closed'],
  remediated: ['closed'],
  closed: [],
};

export function canTransition(from: IncidentStatus, to: IncidentStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function allowedNext(from: IncidentStatus): readonly IncidentStatus[] {
  return TRANSITIONS[from];
}

export const isOpen = (incident: Pick<Incident, 'status'>): boolean => incident.status !== 'closed';

/** Acknowledging changes no status; it is allowed once, while the incident is open. */
export const canAcknowledge = (incident: Pick<Incident, 'status' | 'acknowledgedAt'>): boolean =>
  isOpen(incident) && incident.acknowledgedAt === undefined;
