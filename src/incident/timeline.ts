import type { Actor, AlarmState, IncidentStatus, Resolution } from './incident.js';

/** Every timeline event carries an absolute UTC timestamp (with date) and the actor. The timeline is the audit log. */
interface EventBase {
  at: string;
  actor: Actor;
}

export type TimelineEvent =
  | (EventBase & {
      type: 'alarm';
      state: AlarmState;
      alarmName: string;
      reason: string;
      /** When CloudWatch says the state changed, which can differ from `at` (when we received it). */
      stateChangedAt: string;
      messageId: string;
      /** False when an older state arrived after a newer one and was recorded without being applied. */
      applied: boolean;
    })
  | (EventBase & { type: 'declared'; title: string; source: 'alarm' | 'manual' })
  | (EventBase & { type: 'acknowledged' })
  | (EventBase & { type: 'closed'; resolution: Resolution; summary?: string })
  | (EventBase & { type: 'note'; text: string })
  | (EventBase & { type: 'denied'; attempted: string; reason: string })
  | (EventBase & { type: 'card-posted'; channel: string; ts: string })
  | (EventBase & { type: 'status'; from: IncidentStatus; to: IncidentStatus })
  | (EventBase & { type: 'containment-frozen'; frozen: boolean })
  | (EventBase & {
      type: 'action';
      actionId: string;
      kind: string;
      target: string;
      stage:
        | 'previewed'
        | 'approval-requested'
        | 'started'
        | 'step'
        | 'finished'
        | 'restore-started'
        | 'restored'
        | 'plan-changed';
      dryRun?: boolean;
      stepId?: string;
      status?: string;
      requestIds?: string[];
      before?: unknown;
      after?: unknown;
      note?: string;
      error?: string;
    });

export type TimelineEventType = TimelineEvent['type'];
