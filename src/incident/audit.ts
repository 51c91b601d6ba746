import type { Logger } from '../log.js';
import type { IncidentStore } from './store.js';
import type { TimelineEvent } from './timeline.js';

/**
 * The timeline is the audit log. Every event is appended to the store and also written as a pino line marked
 * `audit: true`, so a log pipeline keeps the trail even if the store is lost.
 */
export type RecordEvent = (incidentId: string, event: TimelineEvent) => Promise<void>;

export function createAuditRecorder(store: IncidentStore, logger: Logger): RecordEvent {
  return async (incidentId, event) => {
    await store.appendTimeline(incidentId, event);
    logger.info({ audit: true, incident: incidentId, event }, `timeline: ${event.type}`);
  };
}
