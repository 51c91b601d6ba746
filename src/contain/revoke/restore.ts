import type { AwsClients } from '../../aws/clients.js';
import type { Caller } from '../isolate/caller.js';
import type { StepDefinition } from '../step.js';
import { attachedUserPolicies, unlessMissing } from './iam-read.js';
import { roleInlineSlot, userInlineSlot } from './inline-policy.js';
import type { RevokePlan, RoleRevoke, UserRevoke } from './plan.js';
import { sameDocument, sessionsCutOff } from './policies.js';
import {
  consoleNoteStep,
  putBackInlineStep,
  reactivateKeyStep,
  removeInlineStep,
  removeManagedStep,
} from './restore-steps.js';
import { keyOfStep, restoreStepId, stepId } from './step-ids.js';

export interface RecordedStep {
  id: string;
  status: string;
  before?: unknown;
  after?: unknown;
}

/** Firebreak's deny policies as IAM has them now, for what a lost or failed step record cannot say. */
export interface PresentNow {
  inlineDeny?: string;
  managedAttached?: boolean;
  sessionsPolicy?: string;
}

export async function observePresent(
  clients: AwsClients,
  call: Caller,
  plan: RevokePlan,
): Promise<PresentNow> {
  if (plan.user) {
    const { userName, deny } = plan.user;
    const [inlineDeny, attached] = await Promise.all([
      userInlineSlot(clients.iam, userName, deny.inlineName).read(call),
      unlessMissing(attachedUserPolicies(clients.iam, call, userName)),
    ]);
    return {
      ...(inlineDeny !== undefined && { inlineDeny }),
      managedAttached: (attached ?? []).some((policy) => policy.arn === deny.managedArn),
    };
  }
  if (plan.role) {
    const sessionsPolicy = await roleInlineSlot(clients.iam, plan.role.roleName, plan.role.policyName).read(
      call,
    );
    return sessionsPolicy === undefined ? {} : { sessionsPolicy };
  }
  return {};
}

/**
 * Undoes a revocation from what its steps recorded: reactivates exactly the keys it deactivated (keys that
 * were already inactive were never in the plan), removes the deny it added, inline or managed, and puts back
 * a same-named policy it overwrote. A failed step may still have landed (a timeout), so it counts as done
 * here; each restore step re-reads IAM and reports "already" when there is nothing to undo.
 * The console password, if removed, cannot come back: a checklist line says so.
 */
export function revokeRestoreSteps(
  plan: RevokePlan,
  steps: readonly RecordedStep[],
  present: PresentNow,
  clients: AwsClients,
): StepDefinition[] {
  if (plan.user) return restoreUser(plan.user, steps, present, clients);
  if (plan.role) return restoreRole(plan.role, steps, present, clients);
  return [];
}

const ran = (step: RecordedStep | undefined) => step?.status === 'done' || step?.status === 'failed';

function field(value: unknown, name: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[name] : undefined;
}

function text(value: unknown, name: string): string | undefined {
  const found = field(value, name);
  return typeof found === 'string' ? found : undefined;
}

function restoreUser(
  user: UserRevoke,
  steps: readonly RecordedStep[],
  present: PresentNow,
  clients: AwsClients,
): StepDefinition[] {
  const out: StepDefinition[] = [];
  for (const step of steps) {
    const keyId = keyOfStep(step.id);
    if (keyId === undefined || !ran(step) || text(step.before, 'status') === 'missing') continue;
    out.push(reactivateKeyStep(user.userName, keyId, clients));
  }

  const deny = steps.find((step) => step.id === stepId.userDeny);
  const mode = text(deny?.after, 'mode') ?? text(deny?.before, 'mode');
  const isOurs = (document: string) => sameDocument(document, user.deny.document);
  const slot = userInlineSlot(clients.iam, user.userName, user.deny.inlineName);
  const inline =
    (ran(deny) && mode !== 'managed') || (present.inlineDeny !== undefined && isOurs(present.inlineDeny));
  if (inline) {
    const overwritten = text(deny?.before, 'overwritten');
    out.push(
      overwritten === undefined
        ? removeInlineStep(restoreStepId.removeInline, slot, isOurs)
        : putBackInlineStep(restoreStepId.putBackInline, slot, overwritten, isOurs),
    );
  }
  if ((ran(deny) && mode === 'managed') || present.managedAttached) {
    const arn = text(deny?.after, 'policyArn') ?? text(deny?.before, 'policyArn') ?? user.deny.managedArn;
    out.push(removeManagedStep(user.userName, arn, clients));
  }

  const console = steps.find((step) => step.id === stepId.removeConsole);
  if (console?.status === 'done' && field(console.before, 'console') === true)
    out.push(consoleNoteStep(user.userName));
  return out;
}

function restoreRole(
  role: RoleRevoke,
  steps: readonly RecordedStep[],
  present: PresentNow,
  clients: AwsClients,
): StepDefinition[] {
  const recorded = steps.find((step) => step.id === stepId.roleSessions);
  const issuedBefore = text(recorded?.after, 'issuedBefore');
  // Ours: the recorded cut-off, or (without one) any cut-off at or after the plan's, which no earlier action set.
  const isOurs = (document: string) => {
    const cut = sessionsCutOff(document);
    if (cut === undefined) return false;
    return issuedBefore !== undefined
      ? cut === issuedBefore
      : Date.parse(cut) >= Date.parse(role.issuedBefore);
  };
  if (!ran(recorded) && !(present.sessionsPolicy !== undefined && isOurs(present.sessionsPolicy))) return [];
  const slot = roleInlineSlot(clients.iam, role.roleName, role.policyName);
  const overwritten = text(recorded?.before, 'overwritten');
  return [
    overwritten === undefined
      ? removeInlineStep(restoreStepId.removeInline, slot, isOurs)
      : putBackInlineStep(restoreStepId.putBackInline, slot, overwritten, isOurs),
  ];
}
