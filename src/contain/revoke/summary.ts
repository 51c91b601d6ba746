import type { Refusal } from './guards.js';
import type { FoundPrincipal, ObservedKey, ObservedRole, ObservedUser } from './observation.js';
import type { RoleRevoke, UserChoices, UserRevoke } from './plan.js';
import { USER_INLINE_BUDGET } from './policies.js';

/*
 * The preview: what the principal is and can do now, then exactly what will be done ("→" lines). Plain text
 * with names from AWS in it; kind.ts escapes every line for Slack.
 */

const day = (iso: string | undefined) => iso?.slice(0, 10) ?? 'unknown date';
const minute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const list = (items: readonly string[], none = 'none') => (items.length > 0 ? items.join(', ') : none);

export function keyLine(key: ObservedKey): string {
  const used = key.lastUsed;
  const last = used?.at
    ? `last used ${minute(used.at)}${used.region ? ` in ${used.region}` : ''}${used.service ? ` (${used.service})` : ''}`
    : 'never used';
  return `Access key ${key.id}: ${key.status}, created ${day(key.createdAt)}, ${last}`;
}

function policyLines(inline: readonly string[], attached: readonly { name: string }[]): string {
  return `Policies: inline ${list(inline)}; attached ${list(attached.map((policy) => policy.name))}`;
}

export function userSummary(
  user: ObservedUser,
  revoke: UserRevoke,
  choices: UserChoices,
): { summary: string[]; warnings: string[] } {
  const { deny } = revoke;
  const summary = [
    `User ${user.name} (${user.arn}) in account ${user.account}`,
    ...(user.keys.length > 0 ? user.keys.map(keyLine) : ['No access keys']),
    `Console: ${
      user.console
        ? `password set${user.passwordLastUsed ? `, last sign-in ${minute(user.passwordLastUsed)}` : ', never signed in'}`
        : 'no password (no console sign-in)'
    }; MFA: ${user.mfaDevices.length > 0 ? `${user.mfaDevices.length} device(s)` : 'none'}`,
    policyLines(Object.keys(user.inlinePolicies), user.attachedPolicies),
    ...revoke.deactivate.map(
      (id) => `→ Deactivate access key ${id} (set Inactive, never deleted; Restore reactivates it)`,
    ),
    ...(revoke.deactivate.length === 0 ? ['→ No active access key to deactivate'] : []),
    deny.mode === 'inline'
      ? `→ Put the inline policy ${deny.inlineName} on ${user.name}: Deny * on *, no condition (blocks its keys, console sign-in, new keys and new sessions)`
      : `→ Create the managed policy ${deny.managedName} (Deny * on *, no condition) and attach it to ${user.name}: its inline policies leave ${Math.max(deny.spare, 0)} of ${USER_INLINE_BUDGET.toLocaleString('en-US')} characters, too few for an inline deny`,
    `→ Verify: read back ${revoke.deactivate.length > 0 ? "the keys' status and " : ''}the deny policy`,
    ...(revoke.console
      ? [
          `→ Only with "Revoke + remove console access": delete ${user.name}'s console password (DeleteLoginProfile)`,
        ]
      : []),
  ];
  const warnings: string[] = [];
  if (deny.overwrites !== undefined && deny.mode === 'inline') {
    warnings.push(
      `${user.name} already has an inline policy named ${deny.inlineName}; its document is recorded before it is overwritten and put back on Restore.`,
    );
  }
  if (choices.viaKey !== undefined) {
    const named = user.keys.find((key) => key.id === choices.viaKey);
    if (named && named.status !== 'Active')
      warnings.push(`Access key ${named.id} is already ${named.status}.`);
    const others = user.keys.filter((key) => key.status === 'Active' && !revoke.deactivate.includes(key.id));
    if (others.length > 0) {
      warnings.push(
        `${user.name}'s other active key(s) ${list(others.map((key) => key.id))} stay active; the deny blocks them while it holds.`,
      );
    }
  }
  if (revoke.console) {
    warnings.push(
      'Removing console access deletes the password: it cannot be undone, and Restore does not bring it back (a new password must be set).',
    );
  }
  warnings.push(
    `Role sessions ${user.name} already started with AssumeRole are not cut by this; find them in CloudTrail (AssumeRole by ${user.name}) and revoke those roles' sessions too.`,
  );
  return { summary, warnings };
}

export function roleSummary(
  role: ObservedRole,
  revoke: RoleRevoke,
): { summary: string[]; warnings: string[] } {
  const instances = list(role.instances, 'no running instance in this region');
  const summary = [
    `Role ${role.name} (${role.arn}) in account ${role.account}${
      role.lastUsed?.at
        ? `, last used ${minute(role.lastUsed.at)}${role.lastUsed.region ? ` in ${role.lastUsed.region}` : ''}`
        : ''
    }`,
    `Trusted by (may assume it): ${list(role.trustPrincipals)}`,
    `Instance profiles: ${list(role.instanceProfiles)}; running instances using it: ${instances}`,
    policyLines(role.inlinePolicyNames, role.attachedPolicies),
    `→ Put the inline policy ${revoke.policyName} on ${role.name}: Deny * on * for sessions whose aws:TokenIssueTime is before ${revoke.issuedBefore} (or the moment it is applied, if later), as AWS's "revoke active sessions" does`,
    '→ Verify: read the policy back',
  ];
  const warnings = [
    `This denies every current session of ${role.name}: on every instance that uses it (${instances}) and wherever else it was assumed. New sessions keep working: the instances fetch fresh credentials from their metadata service and anyone its trust policy allows can assume it again. Isolate the instances (which removes their instance profile) or tighten the trust policy to stop that.`,
    ...(revoke.overwrites !== undefined
      ? [
          `${role.name} already has an inline policy named ${revoke.policyName}; its document is recorded before it is overwritten and put back on Restore.`,
        ]
      : []),
    ...role.warnings,
  ];
  return { summary, warnings };
}

export function refusedSummary(
  resourceId: string,
  account: string,
  refusal: Refusal,
  principal?: FoundPrincipal,
): string[] {
  const what = principal
    ? `${principal.type === 'user' ? 'User' : 'Role'} ${principal.name} (${principal.arn}) in account ${account}`
    : `${resourceId} (account ${account})`;
  return [what, `Not revoked (${refusal.code}): ${refusal.message}`];
}
