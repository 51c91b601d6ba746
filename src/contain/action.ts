import type { StepRecord } from './step.js';

/**
 * A containment action, persisted before its first AWS call. Buttons carry only its id; everything a click needs
 * is read back from here, and everything it did is written here step by step.
 */
export type ActionKind = 'isolate' | 'revoke';

/** Where the action is in its life. Whether it held (contained, partial, failed) is derived from its steps. */
export type ActionPhase =
  | 'previewed'
  | 'awaiting-approval'
  | 'executing'
  | 'finished'
  | 'cancelled'
  | 'restore-previewed'
  | 'restoring'
  | 'restored'
  /** A restore that did not fully hold; Restore may be tried again. */
  | 'restore-incomplete';

export interface ActionTarget {
  account?: string;
  region: string;
  /** The instance id, user name, role ARN… the action acts on. */
  resourceId: string;
}

export interface ActionPreview {
  /** mrkdwn lines, already escaped: the blast radius as read from AWS. */
  lines: string[];
  warnings: string[];
  /** Optional extra measures the responder may add when confirming (e.g. a network ACL deny). */
  extras?: { id: string; label: string }[];
}

export interface ActionRecord {
  id: string;
  kind: ActionKind;
  incidentId: string;
  target: ActionTarget;
  reason?: string;
  /** The plan the requester saw. Confirming re-reads AWS; a different hash means a fresh preview, not action. */
  plan: unknown;
  planHash: string;
  preview: ActionPreview;
  requestedBy: string;
  requestedAt: string;
  /** The extras (ids from preview.extras) chosen at confirmation. */
  extras?: string[];
  approvedBy?: string;
  approvedAt?: string;
  executedBy?: string;
  startedAt?: string;
  finishedAt?: string;
  restoredBy?: string;
  phase: ActionPhase;
  /** Held while executing or restoring, renewed by a heartbeat; an expired lease means the process died. */
  lease?: { owner: string; expiresAt: string };
  steps: StepRecord[];
  restoreSteps: StepRecord[];
  /** A dry run's results, kept apart so a real run never mistakes a "would succeed" for done. */
  dryRunSteps?: StepRecord[];
  /** The thread message holding the live checklist. */
  checklistTs?: string;
}

export type ActionOutcome = 'pending' | 'running' | 'contained' | 'partial' | 'failed';

/**
 * Derived, never stored. Contained when every critical step (network cut, credentials, verification) held;
 * evidence steps never decide it, but the checklist shows their failures. Partial when some critical steps held.
 */
export function outcomeOf(steps: readonly StepRecord[]): ActionOutcome {
  if (steps.some((step) => step.status === 'running')) return 'running';
  const critical = steps.filter((step) => step.critical);
  if (critical.length === 0 || critical.every((step) => step.status === 'pending')) {
    return steps.some((step) => step.status === 'failed') ? 'failed' : 'pending';
  }
  if (critical.every((step) => step.status === 'done' || step.status === 'skipped')) return 'contained';
  return critical.some((step) => step.status === 'done') ? 'partial' : 'failed';
}

export function leaseExpired(record: Pick<ActionRecord, 'lease'>, now: Date): boolean {
  return record.lease === undefined || Date.parse(record.lease.expiresAt) <= now.getTime();
}

export const ACTION_RECORD_KIND = 'action';
