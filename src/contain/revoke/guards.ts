import { principalOf } from '../../aws/identity.js';
import type { FoundPrincipal, SelfIdentity } from './observation.js';

export type RefusalCode =
  | 'SERVICE_LINKED_ROLE'
  | 'OWN_IDENTITY'
  | 'PROTECTED_PRINCIPAL'
  | 'IDENTITY_CENTER_ROLE'
  | 'ROOT_SESSIONS'
  | 'KEY_IN_OTHER_ACCOUNT'
  | 'PRINCIPAL_IN_OTHER_ACCOUNT'
  | 'TEMPORARY_KEY'
  | 'AMBIGUOUS_PRINCIPAL';

export interface Refusal {
  code: RefusalCode;
  message: string;
}

export interface GuardOptions {
  /** Firebreak's role ARNs, `{account}` standing for any target account (the responder role template). */
  ownRoleArns: readonly string[];
  /** Names or ARNs of users and roles never to revoke. */
  protectedPrincipals: readonly string[];
}

const SSO_PREFIX = 'AWSReservedSSO_';
const SSO_PATH = '/aws-reserved/sso.amazonaws.com/';
const SERVICE_LINKED_PATH = '/aws-service-role/';

/**
 * Principals Firebreak never revokes, with the reason a responder reads. Identity Center roles and root are
 * explained rather than just refused: IAM cannot act on them, but the responder still has something to do.
 * Roles are compared by account and name, since session ARNs (and so GetCallerIdentity) drop a role's path.
 */
export function guardPrincipal(
  principal: FoundPrincipal,
  self: SelfIdentity,
  options: GuardOptions,
): Refusal | undefined {
  const label = `${principal.type} ${principal.name}`;
  if (isSelf(principal, self) || options.ownRoleArns.some((arn) => matchesArn(principal, arn))) {
    return {
      code: 'OWN_IDENTITY',
      message: `The ${label} is Firebreak's own identity; revoking it would stop the bot in the middle of the incident. If Firebreak's own credentials are compromised, revoke them by hand in the IAM console.`,
    };
  }
  if (options.protectedPrincipals.some((entry) => matchesEntry(principal, entry))) {
    return {
      code: 'PROTECTED_PRINCIPAL',
      message: `The ${label} is on Firebreak's list of protected principals, so it is not revoked from Slack. Revoke it by hand in the IAM console if you must.`,
    };
  }
  if (principal.type === 'role' && principal.path.startsWith(SERVICE_LINKED_PATH)) {
    return {
      code: 'SERVICE_LINKED_ROLE',
      message: `The role ${principal.name} is service-linked (path ${principal.path}): AWS owns it, IAM refuses policies on it, and cutting it off would break the service that uses it. Contain the resources acting through it instead (isolate the instance, revoke the user or role that drives the service).`,
    };
  }
  if (principal.type === 'role' && isIdentityCenterRole(principal)) {
    return { code: 'IDENTITY_CENTER_ROLE', message: identityCenterMessage(principal) };
  }
  return undefined;
}

export function isIdentityCenterRole(role: Pick<FoundPrincipal, 'name' | 'path'>): boolean {
  return role.name.startsWith(SSO_PREFIX) || role.path.startsWith(SSO_PATH);
}

/** `AWSReservedSSO_AdministratorAccess_abc123` → `AdministratorAccess`. */
export function permissionSetOf(roleName: string): string | undefined {
  return /^AWSReservedSSO_(.+)_[0-9a-f]+$/.exec(roleName)?.[1];
}

function identityCenterMessage(role: FoundPrincipal): string {
  const set = permissionSetOf(role.name);
  const named = set ? `the permission set ${set}` : 'its permission set';
  return [
    `The role ${role.name} belongs to IAM Identity Center (${named} in account ${role.account}); IAM refuses to change it, so Firebreak cannot revoke it here.`,
    `In the IAM Identity Center console: 1) add to ${named} an inline policy that denies "*" on "*" with the condition StringEquals identitystore:userId = the user's Identity Store user id (Users → the user → General information), and re-provision it to account ${role.account} (or deny that id in a service control policy): this cuts role sessions already issued, which otherwise last the permission set's session duration;`,
    `2) remove the user's (and their groups') assignment of ${named} to account ${role.account};`,
    "3) under Users, end the user's active access-portal sessions and disable their sign-in until the credentials are reset;",
    '4) find what the sessions did in CloudTrail (userIdentity.arn is assumed-role/<role>/<user name>).',
  ].join(' ');
}

export function rootRefusal(account: string, via?: string): Refusal {
  return {
    code: 'ROOT_SESSIONS',
    message: `${via ? `${via} belongs to the root user of account ${account}. ` : ''}Sessions and keys of the root user of account ${account} cannot be restricted by any IAM policy, so Firebreak cannot revoke them. Sign in as root and change its password, deactivate and delete its access keys, enable (hardware) MFA and review its MFA devices; in AWS Organizations, a service control policy can deny root in a member account while you do this. Then review root's activity in CloudTrail.`,
  };
}

export interface TemporaryKeySearch {
  /** The regions whose CloudTrail event history was searched. */
  regions: readonly string[];
  /** Why the search could not be made (e.g. an AWS error code), when it failed. */
  failed?: string;
}

export function temporaryKeyRefusal(
  keyId: string,
  account: string | undefined,
  search?: TemporaryKeySearch,
): Refusal {
  const regions = search?.regions.join(' and ') ?? '';
  const searched =
    search === undefined
      ? ''
      : search.failed === undefined
        ? `No CloudTrail event in the last 90 days names ${keyId} (event history searched in ${regions}), so Firebreak cannot tell which role or user it was issued to. `
        : `Searching CloudTrail for ${keyId} in ${regions} failed (${search.failed}), so Firebreak cannot tell which role or user it was issued to. `;
  return {
    code: 'TEMPORARY_KEY',
    message: `${keyId} is a temporary (session) key${account ? ` of account ${account}` : ''}: IAM cannot tell which role or user it was issued to, and issued session keys cannot be deactivated. ${searched}Find it in CloudTrail (a trail's logs in S3 or CloudTrail Lake go back further than 90 days, and cover data events): an event whose userIdentity.accessKeyId is ${keyId} names the role (assumed-role/<role>/<session>) or user behind it, and the AssumeRole, GetSessionToken or GetFederationToken event that returned it names who asked. Then revoke that role (every session issued before now is denied) or that user.`,
  };
}

export function otherAccountRefusal(
  what: string,
  owner: string,
  here: string,
  code: 'KEY_IN_OTHER_ACCOUNT' | 'PRINCIPAL_IN_OTHER_ACCOUNT',
): Refusal {
  return {
    code,
    message: `${what} belongs to account ${owner}, not account ${here} where this was planned. Revoke it in account ${owner}.`,
  };
}

function isSelf(principal: FoundPrincipal, self: SelfIdentity): boolean {
  if (principal.account !== self.account) return false;
  if (self.roleName !== undefined) return principal.type === 'role' && principal.name === self.roleName;
  const parsed = parseArn(self.principalArn);
  return parsed !== undefined && parsed.type === principal.type && parsed.name === principal.name;
}

function matchesArn(principal: FoundPrincipal, template: string): boolean {
  const parsed = parseArn(principalOf(template.replaceAll('{account}', principal.account)).principalArn);
  return (
    parsed !== undefined &&
    parsed.type === principal.type &&
    parsed.account === principal.account &&
    parsed.name === principal.name
  );
}

/** A protected entry is an ARN (that exact principal) or a name (that user or role in any account). */
function matchesEntry(principal: FoundPrincipal, entry: string): boolean {
  const text = entry.trim();
  if (text.startsWith('arn:')) return matchesArn(principal, text);
  // IAM names are unique case-insensitively.
  return text.toLowerCase() === principal.name.toLowerCase();
}

function parseArn(arn: string): { type: 'user' | 'role'; account: string; name: string } | undefined {
  const match = /^arn:aws[a-z-]*:iam::(\d{12}|\{account\}):(user|role)\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (!match) return undefined;
  return { account: match[1]!, type: match[2] as 'user' | 'role', name: match[3]! };
}
