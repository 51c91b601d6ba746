import { DeleteLoginProfileCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import type { AwsClients } from '../../aws/clients.js';
import { isFirebreakError } from '../../errors.js';
import { attempt, planned, type Result, stepError } from '../isolate/step-kit.js';
import type { StepDefinition } from '../step.js';
import { listKeys } from './iam-keys.js';
import { loginProfileOf } from './iam-read.js';
import { userInlineSlot } from './inline-policy.js';
import { attachManagedDeny } from './managed-deny.js';
import type { UserRevoke } from './plan.js';
import { sameDocument } from './policies.js';
import { stepId } from './step-ids.js';

/*
 * IAM has no DryRun: a dry run lists these steps as planned. Each re-reads IAM before acting, so a resumed
 * step finds its own work done and records the state the plan saw as `before`.
 */

/** Deactivated, never deleted: deactivation is undone by Restore, deletion is a remediation decision. */
export function deactivateKeyStep(user: UserRevoke, keyId: string, { iam }: AwsClients): StepDefinition {
  const name = user.userName;
  return {
    id: stepId.deactivateKey(keyId),
    title: `Deactivate access key ${keyId} of ${name}`,
    critical: true,
    dependsOn: [],
    run: async (context) => {
      if (context.dryRun) return planned();
      return attempt(async (call): Promise<Result> => {
        const live = (await listKeys(iam, call, name)).find((key) => key.id === keyId);
        if (live === undefined) {
          return {
            status: 'done',
            before: { status: 'missing' },
            after: { status: 'missing' },
            note: 'the key no longer exists',
          };
        }
        // Only keys active at planning are in the plan: one found inactive now was cut by an earlier run.
        if (live.status !== 'Active') {
          return {
            status: 'done',
            before: { status: 'Active' },
            after: { status: live.status },
            note: 'already inactive',
          };
        }
        await call(`iam:UpdateAccessKey ${keyId} Inactive (user ${name})`, () =>
          iam.send(new UpdateAccessKeyCommand({ UserName: name, AccessKeyId: keyId, Status: 'Inactive' })),
        );
        return { status: 'done', before: { status: 'Active' }, after: { status: 'Inactive' } };
      });
    },
  };
}

/**
 * The unconditional deny, inline when the user's 2,048-character budget allows, else as a managed policy.
 * A same-named inline policy is read first and kept in `before.overwritten`, even when the put fails, since
 * a put that timed out may still have landed.
 */
export function userDenyStep(user: UserRevoke, clients: AwsClients): StepDefinition {
  const { deny, userName } = user;
  const slot = userInlineSlot(clients.iam, userName, deny.inlineName);
  return {
    id: stepId.userDeny,
    title:
      deny.mode === 'inline'
        ? `Deny everything to ${userName} (inline policy ${deny.inlineName})`
        : `Deny everything to ${userName} (managed policy ${deny.managedName})`,
    critical: true,
    dependsOn: [],
    run: async (context) => {
      if (context.dryRun) return planned();
      return attempt(async (call): Promise<Result> => {
        const managed = async (note?: string): Promise<Result> => {
          const done = await attachManagedDeny(clients.iam, call, userName, deny, context.incidentId);
          return {
            status: 'done',
            before: {
              mode: 'managed',
              policyArn: done.policyArn,
              existed: done.existed,
              attached: done.wasAttached,
            },
            after: { mode: 'managed', policyName: deny.managedName, policyArn: done.policyArn },
            ...(note && { note }),
          };
        };
        if (deny.mode === 'managed') return managed();
        const current = await slot.read(call);
        const ours = sameDocument(current, deny.document);
        const overwritten = ours ? deny.overwrites : current;
        const before = {
          mode: 'inline',
          policyName: deny.inlineName,
          ...(overwritten !== undefined && { overwritten }),
        };
        const after = { mode: 'inline', policyName: deny.inlineName };
        if (ours) return { status: 'done', before, after, note: 'already in place' };
        try {
          await slot.put(call, deny.document);
        } catch (error) {
          // Someone grew the user's inline policies since planning: the managed policy still fits.
          if (isFirebreakError(error) && error.code === 'AWS_LIMIT')
            return managed('inline policies full at run time: used a managed policy');
          return { status: 'failed', before, error: stepError(error) };
        }
        return { status: 'done', before, after };
      });
    },
  };
}

/** An extra: the password is deleted, which no restore can bring back. The deny already blocks console use. */
export function removeConsoleStep(user: UserRevoke, { iam }: AwsClients): StepDefinition {
  const name = user.userName;
  return {
    id: stepId.removeConsole,
    title: `Remove ${name}'s console access (delete the password)`,
    critical: false,
    dependsOn: [],
    run: async (context) => {
      if (context.dryRun) return planned();
      return attempt(async (call): Promise<Result> => {
        const profile = await loginProfileOf(iam, call, name);
        if (profile === undefined) {
          return {
            status: 'done',
            before: { console: user.console },
            after: { console: false },
            note: user.console ? 'already removed' : 'no console password',
          };
        }
        await call(`iam:DeleteLoginProfile ${name}`, () =>
          iam.send(new DeleteLoginProfileCommand({ UserName: name })),
        );
        return { status: 'done', before: { console: true, ...profile }, after: { console: false } };
      });
    },
  };
}
