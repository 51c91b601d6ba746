import { escapeMrkdwn } from '../../slack/mrkdwn.js';
import { plainCaller } from '../isolate/caller.js';
import type { ContainmentKind } from '../kind.js';
import type { RevokePlan } from './plan.js';
import { prepareRevoke } from './prepare.js';
import { observePresent, revokeRestoreSteps } from './restore.js';
import { revokeSteps } from './steps.js';

export const REMOVE_CONSOLE = 'remove-console';

export interface RevokeKindOptions {
  /** Firebreak's own role ARNs; `{account}` stands for the target account (the responder role template). */
  ownRoleArns: string[];
  /** Users and roles never revoked, by name (any account) or ARN. */
  protectedPrincipals: string[];
  /** Planning time: the role sessions cut-off is taken from it. */
  now: () => Date;
}

/**
 * Revoking an IAM principal's credentials, as one kind of containment: a user's keys are deactivated and an
 * unconditional deny put on it; a role's current sessions are denied by TokenIssueTime. The target is a user
 * or role name or ARN, or an access key id. A plan refused with KEY_IN_OTHER_ACCOUNT or
 * PRINCIPAL_IN_OTHER_ACCOUNT carries the owning account in `plan.account`, for re-targeting.
 */
export function createRevokeKind(options: RevokeKindOptions): ContainmentKind {
  const guards = { ownRoleArns: options.ownRoleArns, protectedPrincipals: options.protectedPrincipals };
  return {
    kind: 'revoke',
    verb: 'Revoke',
    async prepare(clients, target, context) {
      const plan = await prepareRevoke(
        clients,
        target.resourceId,
        { incidentId: context.incidentId, now: options.now() },
        guards,
      );
      const offersConsole = plan.refusal === undefined && plan.user?.console === true;
      const elsewhere =
        plan.refusal?.code === 'KEY_IN_OTHER_ACCOUNT' || plan.refusal?.code === 'PRINCIPAL_IN_OTHER_ACCOUNT';
      return {
        // A key or ARN of another account is acted on in that account (through its responder role), not refused.
        ...(elsewhere && { retarget: { account: plan.account } }),
        ...(plan.refusal && { refusal: { code: plan.refusal.code, message: plan.refusal.message } }),
        plan,
        planHash: plan.planHash,
        // User names, policy names, trust principals and last-use fields come from AWS: escape them all.
        preview: {
          lines: plan.summary.map(escapeMrkdwn),
          warnings: plan.warnings.map(escapeMrkdwn),
          ...(offersConsole && { extras: [{ id: REMOVE_CONSOLE, label: 'Revoke + remove console access' }] }),
        },
      };
    },
    steps: (clients, record) =>
      revokeSteps(record.plan as RevokePlan, clients, {
        removeConsole: record.extras?.includes(REMOVE_CONSOLE) ?? false,
      }),
    async restoreSteps(clients, record) {
      const plan = record.plan as RevokePlan;
      const present = await observePresent(clients, plainCaller, plan);
      return revokeRestoreSteps(plan, record.steps, present, clients);
    },
  };
}
