import {
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type { Caller } from '../isolate/caller.js';
import { attachedUserPolicies, unlessMissing } from './iam-read.js';
import type { UserDeny } from './plan.js';

/**
 * The fallback when a user's inline budget is full: a customer managed policy, created once (a resumed step
 * finds it by its name) and attached. Returns what it found and did, for the record.
 */
export async function attachManagedDeny(
  iam: IAMClient,
  call: Caller,
  userName: string,
  deny: UserDeny,
  incidentId: string,
): Promise<{ policyArn: string; existed: boolean; wasAttached: boolean }> {
  const existing = await unlessMissing(
    call(`iam:GetPolicy ${deny.managedArn}`, () =>
      iam.send(new GetPolicyCommand({ PolicyArn: deny.managedArn })),
    ),
  );
  let policyArn = existing?.Policy?.Arn ?? deny.managedArn;
  if (existing === undefined) {
    const made = await call(`iam:CreatePolicy ${deny.managedName}`, () =>
      iam.send(
        new CreatePolicyCommand({
          PolicyName: deny.managedName,
          PolicyDocument: deny.document,
          Description: `Firebreak ${incidentId}: denies everything to the revoked principal; removed on Restore`,
        }),
      ),
    );
    policyArn = made.Policy?.Arn ?? policyArn;
  }
  const wasAttached = (await attachedUserPolicies(iam, call, userName)).some((p) => p.arn === policyArn);
  if (!wasAttached) {
    await call(`iam:AttachUserPolicy ${deny.managedName} to user ${userName}`, () =>
      iam.send(new AttachUserPolicyCommand({ UserName: userName, PolicyArn: policyArn })),
    );
  }
  return { policyArn, existed: existing !== undefined, wasAttached };
}

/**
 * Detaches the policy from the user, then deletes it unless something else still uses it (a second revoke in
 * the same incident shares the name). Returns a note for the checklist, or undefined when all went.
 */
export async function removeManagedDeny(
  iam: IAMClient,
  call: Caller,
  userName: string,
  policyArn: string,
): Promise<{ detached: boolean; deleted: boolean; note?: string }> {
  const attached = (await attachedUserPolicies(iam, call, userName)).some((p) => p.arn === policyArn);
  if (attached) {
    await call(`iam:DetachUserPolicy ${policyArn} from user ${userName}`, () =>
      iam.send(new DetachUserPolicyCommand({ UserName: userName, PolicyArn: policyArn })),
    );
  }
  const policy = await unlessMissing(
    call(`iam:GetPolicy ${policyArn}`, () => iam.send(new GetPolicyCommand({ PolicyArn: policyArn }))),
  );
  if (policy === undefined) return { detached: attached, deleted: false, note: 'policy already deleted' };
  const others = policy.Policy?.AttachmentCount ?? 0;
  if (others > 0) {
    return {
      detached: attached,
      deleted: false,
      note: `kept: still attached to ${others} other principal(s)`,
    };
  }
  await call(`iam:DeletePolicy ${policyArn}`, () =>
    iam.send(new DeletePolicyCommand({ PolicyArn: policyArn })),
  );
  return { detached: attached, deleted: true };
}
