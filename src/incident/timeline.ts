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
  | (EventBase & { type: 'closed'; resolution: Resolution; summary?: string; impact?: string })
  | (EventBase & {
      type: 'note';
      text: string;
      /** A Slack message copied by the "Add to timeline" shortcut: who wrote it, when, and where it is. */
      source?: { author: string; postedAt: string; permalink?: string };
    })
  /** Follow-ups are derived from these two events (src/remediate/follow-ups.ts); numbers count from 1 in add order. */
  | (EventBase & { type: 'followup-added'; text: string; owner?: string })
  | (EventBase & { type: 'followup-done'; number: number })
  /** A remediation on what containment left (delete keys, remove a deny policy); refusals are `denied` events. */
  | (EventBase & {
      type: 'remediation';
      operation: 'delete-keys' | 'remove-deny';
      actionId: string;
      target: string;
      outcome: 'done' | 'failed';
      steps: { title: string; status: string; requestIds: string[]; note?: string; error?: string }[];
    })
  | (EventBase & { type: 'report-written'; file: string; draft: boolean; commit?: string })
  | (EventBase & { type: 'denied'; attempted: string; reason: string })
  | (EventBase & { type: 'card-posted'; channel: string; ts: string })
  | (EventBase & { type: 'status'; from: IncidentStatus; to: IncidentStatus })
  | (EventBase & { type: 'containment-frozen'; frozen: boolean })
  | (EventBase & {
      type: 'investigation';
      /** The query as a responder would type it, e.g. "user=alice since=1h". */
      query: string;
      /** IAM, STS and sign-in events are only in us-east-1, so a reader must see which regions were searched. */
      regions: string[];
      /** Events matched after client-side filtering. */
      eventCount: number;
      /** True when the query stopped at its limit, so the count is a lower bound. */
      truncated: boolean;
      flagged: FlaggedTrailEvent[];
      /** Files of raw results kept on disk; the hash is what makes them evidence. */
      evidence: { name: string; sha256: string; bytes: number }[];
      /**
       * For a query about a CIS CloudTrail-metric alarm that found the event behind it: who set the alarm off.
       * `control` is the CIS control id (e.g. CloudWatch.3); the rest is attacker-influenced CloudTrail text.
       */
      trigger?: {
        control: string;
        principal: string;
        eventName: string;
        eventTime: string;
        sourceIp?: string;
      };
    })
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

/** A CloudTrail event a findings rule flagged, as kept on the timeline. Every field is attacker-influenced. */
export interface FlaggedTrailEvent {
  rule: string;
  /** The rule's severity and its one-line reason, so a reader of the timeline or report sees why it was flagged. */
  severity?: string;
  reason?: string;
  eventTime: string;
  principal: string;
  eventName: string;
  eventSource?: string;
  sourceIp?: string;
  region?: string;
  eventId?: string;
}
