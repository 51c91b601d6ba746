import { UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import type { AwsClients } from '../../aws/clients.js';
import { attempt, planned, type Result } from '../isolate/step-kit.js';
import type { StepDefinition } from '../step.js';
import { listKeys } from './iam-keys.js';
import type { InlinePolicySlot } from './inline-policy.js';
import { removeManagedDeny } from './managed-deny.js';
import { sameDocument } from './policies.js';
import { restoreStepId } from './step-ids.js';

/*
 * Each restore step observes first and acts only on what this action left: a policy someone changed since is
 * reported as a conflict, never overwritten. IAM has no DryRun, so a dry run lists them as planned.
 */

function conflict(what: string): Result {
  return {
    status: 'failed',
    error: {
      code: 'RESTORE_CONFLICT',
      message: `${what} has changed since Firebreak wrote it; it was left as it is. Check it in the IAM console.`,
    },
  };
}

export function reactivateKeyStep(userName: string, keyId: string, { iam }: AwsClients): StepDefinition {
  return {
    id: restoreStepId.reactivateKey(keyId),
    title: `Reactivate access key ${keyId} of ${userName}`,
    critical: true,
    dependsOn: [],
    run: async (context) => {
      if (context.dryRun) return planned();
      return attempt(async (call): Promise<Result> => {
        const live = (await listKeys(iam, call, userName)).find((key) => key.id === keyId);
        if (live === undefined)
          return { status: 'skipped', note: 'the key was deleted since; nothing to reactivate' };
        if (live.status === 'Active')
          return {
            status: 'done',
            before: { status: 'Active' },
            after: { status: 'Active' },
            note: 'already active',
          };
        await call(`iam:UpdateAccessKey ${keyId} Active (user ${userName})`, () =>
          iam.send(new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: keyId, Status: 'Active' })),
        );
        return { status: 'done', before: { status: live.status }, after: { status: 'Active' } };
      });
    },
  };
}

/** Deletes the inline deny, if it is still the one Firebreak put. */
export function removeInlineStep(
  id: string,
  slot: InlinePolicySlot,
  isOurs: (document: string) => boolean,
): StepDefinition {
  return {
    id,
    title: `Remove the policy ${slot.name} from ${slot.owner}`,
    critical: true,
    dependsOn: [],
    run: async (context) => {
      if (context.dryRun) return planned();
      return attempt(async (call): Promise<Result> => {
        const current = await slot.read(call);
        if (current === undefined) return { status: 'done', after: {}, note: 'already removed' };
        if (!isOurs(current)) return conflict(`The policy ${slot.name} of ${slot.owner}`);
        await slot.remove(call);
        return { status: 'done', before: { document: current }, after: {} };
      });
    },
  };
}

/** Puts back the principal's own policy that the deny overwrote, from the document recorded before. */
export function putBackInlineStep(
  id: string,
  slot: InlinePolicySlot,
  original: string,
  isOurs: (document: string) => boolean,
): StepDefinition {
  return {
    id,
    title: `Put back ${slot.owner}'s own policy ${slot.name} (overwritten by the deny)`,
    critical: true,
    dependsOn: [],
    run: async (context) => {
      if (context.dryRun) return planned();
      return attempt(async (call): Promise<Result> => {
        const current = await slot.read(call);
        if (sameDocument(current, original))
          return { status: 'done', after: { document: original }, note: 'already put back' };
        if (current !== undefined && !isOurs(current))
          return conflict(`The policy ${slot.name} of ${slot.owner}`);
        await slot.put(call, original);
        return { status: 'done', before: { document: current ?? null }, after: { document: original } };
      });
    },
  };
}

export function removeManagedStep(userName: string, policyArn: string, { iam }: AwsClients): StepDefinition {
  return {
    id: restoreStepId.removeManaged,
    title: `Detach and delete the managed deny ${policyArn} from ${userName}`,
    critical: true,
    dependsOn: [],
    run: async (context) => {
      if (context.dryRun) return planned();
      return attempt(async (call): Promise<Result> => {
        const done = await removeManagedDeny(iam, call, userName, policyArn);
        return {
          status: 'done',
          before: { attached: done.detached },
          after: { attached: false, deleted: done.deleted },
          ...(done.note && { note: done.note }),
          ...(!done.detached && !done.note && { note: 'was not attached' }),
        };
      });
    },
  };
}

/** Not an action: a checklist line, so nobody assumes Restore brought the password back. */
export function consoleNoteStep(userName: string): StepDefinition {
  return {
    id: restoreStepId.console,
    title: `Console access of ${userName} stays removed`,
    critical: false,
    dependsOn: [],
    run: async () => ({
      status: 'skipped',
      requestIds: [],
      note: `the password was deleted and cannot be restored; set a new one (iam:CreateLoginProfile) if ${userName} should sign in again`,
    }),
  };
}
