import type { ActionRecord } from '../contain/action.js';
import type { TimelineEvent } from '../incident/timeline.js';

/**
 * What remediation can do about what containment left, read from the action records (pure). Containment is
 * reversible on purpose (keys deactivated, not deleted; a deny policy; a quarantine group); remediation is where
 * people decide to restore the instance, delete the keys for good, or lift the deny once the principal is clean.
 */
export type RemediationOperation = 'delete-keys' | 'remove-deny';

export type RemediationOffer =
  | { kind: 'restore'; actionId: string; instanceId: string }
  | { kind: 'delete-keys'; actionId: string; userName: string; keyIds: string[] }
  | { kind: 'remove-deny'; actionId: string; principal: string; policy: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown, key: string): string | undefined =>
  isRecord(value) && typeof value[key] === 'string' ? (value[key] as string) : undefined;

/** A containment that ran and was not undone: only then is there something left to remediate. */
const standing = (action: ActionRecord): boolean =>
  action.phase === 'finished' || action.phase === 'restore-incomplete';

function keysDeactivated(action: ActionRecord): string[] {
  return action.steps.flatMap((step) => {
    const key = /^key:([A-Z0-9]+):deactivate$/.exec(step.id)?.[1];
    // Active before, inactive after: a key that was already inactive was never this action's to delete.
    const cut = text(step.before, 'status') === 'Active' && text(step.after, 'status') === 'Inactive';
    return key !== undefined && step.status === 'done' && cut ? [key] : [];
  });
}

interface RevokePlanView {
  user?: { userName: string; deny: { inlineName: string; managedName: string } };
  role?: { roleName: string; policyName: string };
}

const planOf = (action: ActionRecord): RevokePlanView =>
  isRecord(action.plan) ? (action.plan as RevokePlanView) : {};

/** Remediations already done successfully, per action and operation, so they are not offered twice. */
function doneAlready(timeline: readonly TimelineEvent[]): Set<string> {
  return new Set(
    timeline.flatMap((event) =>
      event.type === 'remediation' && event.outcome === 'done'
        ? [`${event.actionId}:${event.operation}`]
        : [],
    ),
  );
}

export function remediationOffers(
  incidentId: string,
  actions: readonly ActionRecord[],
  timeline: readonly TimelineEvent[],
): RemediationOffer[] {
  const done = doneAlready(timeline);
  const offers: RemediationOffer[] = [];
  for (const action of actions) {
    if (action.incidentId !== incidentId || !standing(action)) continue;
    if (action.kind === 'isolate') {
      offers.push({ kind: 'restore', actionId: action.id, instanceId: action.target.resourceId });
      continue;
    }
    const plan = planOf(action);
    const keyIds = keysDeactivated(action);
    if (plan.user && keyIds.length > 0 && !done.has(`${action.id}:delete-keys`)) {
      offers.push({ kind: 'delete-keys', actionId: action.id, userName: plan.user.userName, keyIds });
    }
    const denied = action.steps.some(
      (step) =>
        (step.id === 'policy:deny' || step.id === 'policy:revoke-sessions') && step.status !== 'pending',
    );
    if (denied && !done.has(`${action.id}:remove-deny`)) {
      if (plan.user) {
        const mode = text(action.steps.find((step) => step.id === 'policy:deny')?.after, 'mode');
        offers.push({
          kind: 'remove-deny',
          actionId: action.id,
          principal: plan.user.userName,
          policy: mode === 'managed' ? plan.user.deny.managedName : plan.user.deny.inlineName,
        });
      } else if (plan.role) {
        offers.push({
          kind: 'remove-deny',
          actionId: action.id,
          principal: plan.role.roleName,
          policy: plan.role.policyName,
        });
      }
    }
  }
  return offers;
}
