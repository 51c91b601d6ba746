import { DeleteAccessKeyCommand } from '@aws-sdk/client-iam';
import type { AwsClients } from '../aws/clients.js';
import type { ActionRecord } from '../contain/action.js';
import { plainCaller } from '../contain/isolate/caller.js';
import { attempt, type Result } from '../contain/isolate/step-kit.js';
import { listKeys } from '../contain/revoke/iam-keys.js';
import type { RevokePlan } from '../contain/revoke/plan.js';
import { observePresent, revokeRestoreSteps } from '../contain/revoke/restore.js';
import { restoreStepId } from '../contain/revoke/step-ids.js';
import type { StepDefinition } from '../contain/step.js';

/**
 * The IAM side of remediation (IO). Deleting a key cannot be undone, so each step re-reads the key first and
 * deletes it only while it is still inactive: a key someone reactivated since is in use again, and is left alone.
 */
export function deleteKeyStep(userName: string, keyId: string, { iam }: AwsClients): StepDefinition {
  return {
    id: `remediate:key:${keyId}:delete`,
    title: `Delete access key ${keyId} of ${userName}`,
    critical: true,
    dependsOn: [],
    run: () =>
      attempt(async (call): Promise<Result> => {
        const live = (await listKeys(iam, call, userName)).find((key) => key.id === keyId);
        if (live === undefined)
          return {
            status: 'done',
            before: { status: 'missing' },
            after: { status: 'deleted' },
            note: 'already deleted',
          };
        if (live.status === 'Active') {
          return {
            status: 'failed',
            before: { status: 'Active' },
            error: {
              code: 'KEY_ACTIVE_AGAIN',
              message: `${keyId} was reactivated since it was contained; it is in use again and was not deleted.`,
            },
          };
        }
        await call(`iam:DeleteAccessKey ${keyId} (user ${userName})`, () =>
          iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: keyId })),
        );
        return { status: 'done', before: { status: live.status }, after: { status: 'deleted' } };
      }),
  };
}

/**
 * Lifts the deny a revocation put (inline user or role policy, or the managed deny), through the revoke kind's own
 * restore steps, so the policy is removed only if it is still the one Firebreak wrote and an overwritten policy
 * of the same name is put back. Keys stay as they are: reactivating them is Restore's job, deleting them ours.
 */
export async function removeDenySteps(action: ActionRecord, clients: AwsClients): Promise<StepDefinition[]> {
  const plan = action.plan as RevokePlan;
  const present = await observePresent(clients, plainCaller, plan);
  const keep = new Set<string>([
    restoreStepId.removeInline,
    restoreStepId.putBackInline,
    restoreStepId.removeManaged,
  ]);
  return revokeRestoreSteps(plan, action.steps, present, clients).filter((step) => keep.has(step.id));
}
