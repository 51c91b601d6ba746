import {
  type AttachedPolicy,
  GetLoginProfileCommand,
  GetRoleCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  type IAMClient,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListMFADevicesCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import { isFirebreakError } from '../../errors.js';
import type { Caller } from '../isolate/caller.js';
import type { FoundPrincipal } from './observation.js';
import { decodePolicy } from './policies.js';
import { trustPrincipals } from './trust.js';

/** IAM pages with Marker and IsTruncated, not NextToken. */
export async function allMarkerPages<Page extends { IsTruncated?: boolean; Marker?: string }, Item>(
  fetch: (marker: string | undefined) => Promise<Page>,
  items: (page: Page) => Item[] | undefined,
): Promise<Item[]> {
  const all: Item[] = [];
  let marker: string | undefined;
  do {
    const page = await fetch(marker);
    all.push(...(items(page) ?? []));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return all;
}

/** Undefined when AWS says the thing does not exist; any other failure is the caller's. */
export async function unlessMissing<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (isFirebreakError(error) && error.code === 'AWS_NOT_FOUND') return undefined;
    throw error;
  }
}

const accountOfArn = (arn: string) => /^arn:[^:]+:iam::(\d{12}):/.exec(arn)?.[1] ?? '';
const iso = (date: Date | undefined) => date?.toISOString();

export interface FoundUser extends FoundPrincipal {
  type: 'user';
  createdAt?: string;
  passwordLastUsed?: string;
}

export interface FoundRole extends FoundPrincipal {
  type: 'role';
  createdAt?: string;
  lastUsed?: { at?: string; region?: string };
  trustPrincipals: string[];
}

export async function findUser(iam: IAMClient, call: Caller, name: string): Promise<FoundUser | undefined> {
  const found = await unlessMissing(
    call(`iam:GetUser ${name}`, () => iam.send(new GetUserCommand({ UserName: name }))),
  );
  const user = found?.User;
  if (!user?.Arn || !user.UserName) return undefined;
  return {
    type: 'user',
    name: user.UserName,
    arn: user.Arn,
    path: user.Path ?? '/',
    account: accountOfArn(user.Arn),
    ...(user.CreateDate && { createdAt: iso(user.CreateDate) }),
    ...(user.PasswordLastUsed && { passwordLastUsed: iso(user.PasswordLastUsed) }),
  };
}

export async function findRole(iam: IAMClient, call: Caller, name: string): Promise<FoundRole | undefined> {
  const found = await unlessMissing(
    call(`iam:GetRole ${name}`, () => iam.send(new GetRoleCommand({ RoleName: name }))),
  );
  const role = found?.Role;
  if (!role?.Arn || !role.RoleName) return undefined;
  const used = role.RoleLastUsed;
  return {
    type: 'role',
    name: role.RoleName,
    arn: role.Arn,
    path: role.Path ?? '/',
    account: accountOfArn(role.Arn),
    ...(role.CreateDate && { createdAt: iso(role.CreateDate) }),
    ...(used?.LastUsedDate && { lastUsed: { at: iso(used.LastUsedDate), region: used.Region } }),
    trustPrincipals: trustPrincipals(decodePolicy(role.AssumeRolePolicyDocument)),
  };
}

export async function loginProfileOf(
  iam: IAMClient,
  call: Caller,
  userName: string,
): Promise<{ createdAt?: string } | undefined> {
  const found = await unlessMissing(
    call(`iam:GetLoginProfile ${userName}`, () =>
      iam.send(new GetLoginProfileCommand({ UserName: userName })),
    ),
  );
  const profile = found?.LoginProfile;
  if (profile === undefined) return undefined;
  return profile.CreateDate ? { createdAt: iso(profile.CreateDate) } : {};
}

export async function mfaDevicesOf(iam: IAMClient, call: Caller, userName: string): Promise<string[]> {
  const devices = await allMarkerPages(
    (Marker) =>
      call(`iam:ListMFADevices ${userName}`, () =>
        iam.send(new ListMFADevicesCommand({ UserName: userName, ...(Marker && { Marker }) })),
      ),
    (page) => page.MFADevices,
  );
  return devices.flatMap((device) => (device.SerialNumber ? [device.SerialNumber] : []));
}

export async function userPolicyNames(iam: IAMClient, call: Caller, userName: string): Promise<string[]> {
  return allMarkerPages(
    (Marker) =>
      call(`iam:ListUserPolicies ${userName}`, () =>
        iam.send(new ListUserPoliciesCommand({ UserName: userName, ...(Marker && { Marker }) })),
      ),
    (page) => page.PolicyNames,
  );
}

/** The decoded document, or undefined when the user has no inline policy of that name. */
export async function userPolicyOf(
  iam: IAMClient,
  call: Caller,
  userName: string,
  policyName: string,
): Promise<string | undefined> {
  const found = await unlessMissing(
    call(`iam:GetUserPolicy ${policyName} of ${userName}`, () =>
      iam.send(new GetUserPolicyCommand({ UserName: userName, PolicyName: policyName })),
    ),
  );
  return decodePolicy(found?.PolicyDocument);
}

export async function attachedUserPolicies(
  iam: IAMClient,
  call: Caller,
  userName: string,
): Promise<{ name: string; arn: string }[]> {
  const attached = await allMarkerPages(
    (Marker) =>
      call(`iam:ListAttachedUserPolicies ${userName}`, () =>
        iam.send(new ListAttachedUserPoliciesCommand({ UserName: userName, ...(Marker && { Marker }) })),
      ),
    (page) => page.AttachedPolicies,
  );
  return attached.flatMap(named);
}

export async function rolePolicyNames(iam: IAMClient, call: Caller, roleName: string): Promise<string[]> {
  return allMarkerPages(
    (Marker) =>
      call(`iam:ListRolePolicies ${roleName}`, () =>
        iam.send(new ListRolePoliciesCommand({ RoleName: roleName, ...(Marker && { Marker }) })),
      ),
    (page) => page.PolicyNames,
  );
}

export async function attachedRolePolicies(
  iam: IAMClient,
  call: Caller,
  roleName: string,
): Promise<{ name: string; arn: string }[]> {
  const attached = await allMarkerPages(
    (Marker) =>
      call(`iam:ListAttachedRolePolicies ${roleName}`, () =>
        iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, ...(Marker && { Marker }) })),
      ),
    (page) => page.AttachedPolicies,
  );
  return attached.flatMap(named);
}

function named(policy: AttachedPolicy): { name: string; arn: string }[] {
  return policy.PolicyArn ? [{ name: policy.PolicyName ?? policy.PolicyArn, arn: policy.PolicyArn }] : [];
}
