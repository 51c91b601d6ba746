import { FirebreakError, StoreUnavailableError } from '../errors.js';
import type { Incident } from './incident.js';
import { createLocalLocks } from './local-lock.js';
import type { IncidentStore } from './store.js';
import { byDeclaredTime, indexChange } from './store-index.js';
import type { TimelineEvent } from './timeline.js';

/**
 * The single-process store. Values are kept as JSON text, exactly as Redis keeps them, so callers cannot
 * mutate stored state and anything that would not survive Redis (a Date, undefined, a class) fails here too.
 */
export function createMemoryStore(): IncidentStore {
  const incidents = new Map<string, string>();
  const alarmBindings = new Map<string, string>();
  const timelines = new Map<string, string[]>();
  const sequences = new Map<string, number>();
  const claims = new Map<string, number>();
  const records = new Map<string, Map<string, string>>();
  const locks = createLocalLocks();
  let claimSweepAt = 1024;
  let closed = false;

  // After close() the store behaves like an unreachable Redis, so a late caller fails the same way in both.
  function check(operation: string): void {
    if (closed) throw new StoreUnavailableError(operation, new Error('store closed'));
  }

  function write(before: Incident | undefined, after: Incident): void {
    incidents.set(after.id, JSON.stringify(after));
    const change = indexChange(before, after);
    if (change.unbind !== undefined && alarmBindings.get(change.unbind) === after.id) {
      alarmBindings.delete(change.unbind);
    }
    if (change.bind !== undefined) alarmBindings.set(change.bind, after.id);
  }

  function readIncident(id: string): Incident | undefined {
    const raw = incidents.get(id);
    return raw === undefined ? undefined : (JSON.parse(raw) as Incident);
  }

  // SNS MessageIds are claimed for hours; forget the expired ones now and then so the map stays bounded.
  function sweepClaims(now: number): void {
    if (claims.size < claimSweepAt) return;
    for (const [key, expiresAt] of claims) if (expiresAt <= now) claims.delete(key);
    claimSweepAt = Math.max(1024, claims.size * 2);
  }

  return {
    kind: 'memory',

    async ping() {
      check('ping');
    },

    async nextSequence(name) {
      check('nextSequence');
      const next = (sequences.get(name) ?? 0) + 1;
      sequences.set(name, next);
      return next;
    },

    async create(incident) {
      check('create');
      if (incidents.has(incident.id)) {
        throw new FirebreakError('INCIDENT_EXISTS', `Incident ${incident.id} already exists.`);
      }
      write(undefined, JSON.parse(JSON.stringify(incident)) as Incident);
    },

    async get(id) {
      check('get');
      return readIncident(id);
    },

    async update(id, mutate) {
      check('update');
      const current = readIncident(id);
      if (current === undefined) return undefined;
      // No await between read and write: in one process that is what makes this atomic.
      const next = mutate(readIncident(id) as Incident);
      if (next === undefined) return current;
      if (next.id !== id) throw new Error(`update of ${id} tried to change its id to ${next.id}`);
      const stored = JSON.parse(JSON.stringify(next)) as Incident;
      write(current, stored);
      return readIncident(id);
    },

    async listOpen() {
      check('listOpen');
      const open: Incident[] = [];
      for (const raw of incidents.values()) {
        const incident = JSON.parse(raw) as Incident;
        if (indexChange(undefined, incident).open) open.push(incident);
      }
      return open.sort(byDeclaredTime);
    },

    async openIncidentIdForAlarm(alarmKey) {
      check('openIncidentIdForAlarm');
      return alarmBindings.get(alarmKey);
    },

    async appendTimeline(incidentId, event) {
      check('appendTimeline');
      const events = timelines.get(incidentId) ?? [];
      events.push(JSON.stringify(event));
      timelines.set(incidentId, events);
    },

    async timeline(incidentId) {
      check('timeline');
      return (timelines.get(incidentId) ?? []).map((raw) => JSON.parse(raw) as TimelineEvent);
    },

    async claimOnce(key, ttlSeconds) {
      check('claimOnce');
      const now = Date.now();
      sweepClaims(now);
      const expiresAt = claims.get(key);
      if (expiresAt !== undefined && expiresAt > now) return false;
      claims.set(key, now + ttlSeconds * 1000);
      return true;
    },

    async releaseClaim(key) {
      check('releaseClaim');
      claims.delete(key);
    },

    async withLock(key, options, fn) {
      check('withLock');
      return locks.withLock(key, options, fn);
    },

    async putRecord(kind, id, value) {
      check('putRecord');
      const byId = records.get(kind) ?? new Map<string, string>();
      byId.set(id, JSON.stringify(value ?? null));
      records.set(kind, byId);
    },

    async getRecord<T>(kind: string, id: string) {
      check('getRecord');
      const raw = records.get(kind)?.get(id);
      return raw === undefined ? undefined : (JSON.parse(raw) as T);
    },

    async listRecords<T>(kind: string) {
      check('listRecords');
      const byId = records.get(kind);
      if (!byId) return [];
      return [...byId.keys()].sort().map((id) => JSON.parse(byId.get(id) as string) as T);
    },

    async close() {
      closed = true;
    },
  };
}
