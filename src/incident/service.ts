import { FirebreakError } from '../errors.js';
import type { RecordEvent } from './audit.js';
import type { Actor, Incident, Resolution } from './incident.js';
import * as lifecycle from './lifecycle.js';
import type { IncidentStore } from './store.js';

/** What the service tells the outside world after a change (the card publisher listens). */
export type IncidentChanged = (incident: Incident) => void;

export interface IncidentService {
  get(id: string): Promise<Incident>;
  acknowledge(id: string, actor: Actor): Promise<Incident>;
  close(
    id: string,
    resolution: Resolution,
    actor: Actor,
    summary?: string,
    impact?: string,
  ): Promise<Incident>;
  /** Opens an incident by hand (no alarm): `/ir declare`, or a containment with no incident to belong to. */
  declare(request: {
    title: string;
    severity: Incident['severity'];
    channel: string;
    actor: Actor;
    account?: string;
    region?: string;
    resources?: Incident['resources'];
  }): Promise<Incident>;
  /** Moves the status along the table; a no-op when already there. */
  setStatus(id: string, to: 'contained' | 'remediated', actor: Actor): Promise<Incident>;
}

/**
 * Applies lifecycle changes atomically and records them. A refused change (already closed, already acknowledged)
 * is recorded as a denied attempt, because the timeline keeps every attempt.
 */
export function createIncidentService(deps: {
  store: IncidentStore;
  record: RecordEvent;
  now: () => Date;
  changed: IncidentChanged;
  newIncidentId: () => Promise<string>;
}): IncidentService {
  async function get(id: string): Promise<Incident> {
    const incident = await deps.store.get(id);
    if (!incident)
      throw new FirebreakError(
        'INCIDENT_NOT_FOUND',
        `There is no incident ${id}. \`/ir status\` lists the open ones.`,
      );
    return incident;
  }

  async function change(
    id: string,
    actor: Actor,
    attempted: string,
    apply: (incident: Incident, at: string) => Incident,
  ): Promise<Incident> {
    const at = deps.now().toISOString();
    let refusal: unknown;
    const updated = await deps.store.update(id, (current) => {
      refusal = undefined;
      try {
        return apply(current, at);
      } catch (error) {
        refusal = error;
        return undefined;
      }
    });
    if (!updated) throw new FirebreakError('INCIDENT_NOT_FOUND', `There is no incident ${id}.`);
    if (refusal) {
      const reason = refusal instanceof FirebreakError ? refusal.code : 'INTERNAL';
      await deps.record(id, { type: 'denied', at, actor, attempted, reason });
      throw refusal;
    }
    deps.changed(updated);
    return updated;
  }

  return {
    get,
    async acknowledge(id, actor) {
      const incident = await change(id, actor, 'acknowledge', (current, at) =>
        lifecycle.acknowledge(current, actor, at),
      );
      await deps.record(id, { type: 'acknowledged', at: incident.acknowledgedAt!, actor });
      return incident;
    },
    async declare(request) {
      const at = deps.now().toISOString();
      const incident: Incident = {
        id: await deps.newIncidentId(),
        title: request.title,
        severity: request.severity,
        status: 'open',
        account: request.account,
        region: request.region,
        resources: request.resources ?? [],
        alarmCount: 0,
        channel: request.channel,
        declaredAt: at,
        declaredBy: request.actor,
      };
      await deps.store.create(incident);
      await deps.record(incident.id, {
        type: 'declared',
        at,
        actor: request.actor,
        title: request.title,
        source: 'manual',
      });
      deps.changed(incident);
      return incident;
    },
    async setStatus(id, to, actor) {
      let from: Incident['status'] | undefined;
      const incident = await change(id, actor, `status ${to}`, (current) => {
        from = current.status;
        return lifecycle.transition(current, to);
      });
      if (from !== undefined && from !== to) {
        await deps.record(id, { type: 'status', at: deps.now().toISOString(), actor, from, to });
      }
      return incident;
    },
    async close(id, resolution, actor, summary, impact) {
      const incident = await change(id, actor, 'close', (current, at) =>
        lifecycle.close(current, resolution, actor, at),
      );
      await deps.record(id, {
        type: 'closed',
        at: incident.closedAt!,
        actor,
        resolution,
        summary,
        ...(impact !== undefined && { impact }),
      });
      return incident;
    },
  };
}
