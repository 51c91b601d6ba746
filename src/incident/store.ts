import type { Incident } from './incident.js';
import type { TimelineEvent } from './timeline.js';

/**
 * Everything Firebreak persists lives behind this interface: incidents, timelines, dedup keys, locks and
 * action records. Implementations: `redis-store.ts` (shared by replicas, AOF) and `memory-store.ts` (one process).
 *
 * Every method either completes or throws; the Redis implementation throws StoreUnavailableError within its
 * deadline when Redis is down, so a request never hangs on the store.
 */
export interface IncidentStore {
  readonly kind: 'redis' | 'memory';
  ping(): Promise<void>;

  /** A monotonically increasing number per name, shared by replicas; incident ids are built from it. */
  nextSequence(name: string): Promise<number>;

  /** Persists a new incident; throws FirebreakError('INCIDENT_EXISTS') if the id is taken. */
  create(incident: Incident): Promise<void>;
  get(id: string): Promise<Incident | undefined>;
  /**
   * Atomic read-modify-write. `mutate` may run more than once under contention, so it must be pure.
   * Returning undefined leaves the incident unchanged. Resolves to the stored incident (or undefined if absent).
   */
  update(id: string, mutate: (current: Incident) => Incident | undefined): Promise<Incident | undefined>;
  /** Incidents whose status is not `closed`, oldest first. */
  listOpen(): Promise<Incident[]>;
  /** The open incident an alarm key is bound to. The binding is derived from the incident: open + alarmKey. */
  openIncidentIdForAlarm(alarmKey: string): Promise<string | undefined>;

  appendTimeline(incidentId: string, event: TimelineEvent): Promise<void>;
  timeline(incidentId: string): Promise<TimelineEvent[]>;

  /** True only for the first claim of `key` within `ttlSeconds`: dedup of SNS MessageIds and Slack replays. */
  claimOnce(key: string, ttlSeconds: number): Promise<boolean>;
  /** Forgets a claim, so that a message whose processing failed can be retried by its sender. */
  releaseClaim(key: string): Promise<void>;

  /**
   * Runs `fn` holding an exclusive lease on `key` (shared by replicas). Waits up to `waitMs` for the lease,
   * then throws FirebreakError('LOCK_BUSY'). The lease expires after `leaseMs` if its holder dies; it is not
   * renewed while `fn` runs, so choose `leaseMs` above `fn`'s worst case (a holder that overruns it loses
   * exclusivity rather than blocking everyone forever).
   */
  withLock<T>(key: string, options: { leaseMs: number; waitMs: number }, fn: () => Promise<T>): Promise<T>;

  /** Opaque JSON documents by kind (containment action records and the like). */
  putRecord(kind: string, id: string, value: unknown): Promise<void>;
  getRecord<T>(kind: string, id: string): Promise<T | undefined>;
  listRecords<T>(kind: string): Promise<T[]>;

  close(): Promise<void>;
}
