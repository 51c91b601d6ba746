import type { AwsClients } from '../../aws/clients.js';
import { isFirebreakError } from '../../errors.js';
import type { Caller } from '../isolate/caller.js';
import { keysWithLastUse } from './iam-keys.js';
import {
  attachedRolePolicies,
  attachedUserPolicies,
  type FoundRole,
  type FoundUser,
  loginProfileOf,
  mfaDevicesOf,
  rolePolicyNames,
  userPolicyNames,
  userPolicyOf,
} from './iam-read.js';
import { instanceProfilesOf, rolePolicyOf, runningInstancesWith } from './iam-role.js';
import type { ObservedRole, ObservedUser } from './observation.js';

/** Everything the preview shows about a user; the reads run side by side. */
export async function observeUser(clients: AwsClients, call: Caller, user: FoundUser): Promise<ObservedUser> {
  const { iam } = clients;
  const inline = userPolicyNames(iam, call, user.name).then(async (names) => {
    const documents = await Promise.all(names.map((name) => userPolicyOf(iam, call, user.name, name)));
    // Every document, not just the one we might overwrite: the 2,048-character budget is shared.
    return Object.fromEntries(
      names.flatMap((name, i) => (documents[i] === undefined ? [] : [[name, documents[i]]])),
    );
  });
  const [keys, console, mfaDevices, inlinePolicies, attachedPolicies] = await Promise.all([
    keysWithLastUse(iam, call, user.name),
    loginProfileOf(iam, call, user.name),
    mfaDevicesOf(iam, call, user.name),
    inline,
    attachedUserPolicies(iam, call, user.name),
  ]);
  return {
    type: 'user',
    name: user.name,
    arn: user.arn,
    path: user.path,
    account: user.account,
    ...(user.createdAt && { createdAt: user.createdAt }),
    ...(user.passwordLastUsed && { passwordLastUsed: user.passwordLastUsed }),
    keys,
    ...(console && { console }),
    mfaDevices,
    inlinePolicies: inlinePolicies as Record<string, string>,
    attachedPolicies,
  };
}

/**
 * The role's blast radius. The instances are informational (the deny reaches every session wherever it
 * runs), so an EC2 read that fails becomes a warning instead of stopping the revocation.
 */
export async function observeRole(
  clients: AwsClients,
  call: Caller,
  role: FoundRole,
  sessionsPolicyName: string,
): Promise<ObservedRole> {
  const { iam, ec2 } = clients;
  const warnings: string[] = [];
  const names = rolePolicyNames(iam, call, role.name);
  const sessionsPolicy = names.then((found) =>
    found.includes(sessionsPolicyName) ? rolePolicyOf(iam, call, role.name, sessionsPolicyName) : undefined,
  );
  const profiles = instanceProfilesOf(iam, call, role.name);
  const instances = profiles.then(async (arns) => {
    try {
      return await runningInstancesWith(ec2, call, arns);
    } catch (error) {
      if (!isFirebreakError(error)) throw error;
      warnings.push(
        `The instances using ${role.name} could not be listed in ${clients.region} (${error.code}); the deny reaches them anyway.`,
      );
      return [];
    }
  });
  const [inlinePolicyNames, current, attachedPolicies, instanceProfiles, running] = await Promise.all([
    names,
    sessionsPolicy,
    attachedRolePolicies(iam, call, role.name),
    profiles,
    instances,
  ]);
  return {
    type: 'role',
    name: role.name,
    arn: role.arn,
    path: role.path,
    account: role.account,
    ...(role.createdAt && { createdAt: role.createdAt }),
    ...(role.lastUsed && { lastUsed: role.lastUsed }),
    trustPrincipals: role.trustPrincipals,
    inlinePolicyNames,
    ...(current !== undefined && { sessionsPolicy: current }),
    attachedPolicies,
    instanceProfiles,
    instances: running,
    warnings,
  };
}
