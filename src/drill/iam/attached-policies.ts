import type {
  AttachedPolicy,
  AttachRolePolicyRequest,
  AttachUserPolicyRequest,
  DetachRolePolicyRequest,
  DetachUserPolicyRequest,
  ListAttachedRolePoliciesRequest,
  ListAttachedRolePoliciesResponse,
  ListAttachedUserPoliciesRequest,
  ListAttachedUserPoliciesResponse,
} from '@aws-sdk/client-iam';
import type { HandlerContext } from '../context.js';
import { AwsFault } from '../errors.js';
import { paginate } from '../pagination.js';
import { isServiceRolePolicy } from './aws-managed-policies.js';
import { getRole, getUser, modifiableRole } from './lookup.js';
import { getManagedPolicy, requirePolicyArn } from './managed-policies.js';
import { requireMember } from './names.js';

/** The default IAM quotas for managed policies attached to one user or role. */
export const MANAGED_POLICIES_PER_USER = 10;
export const MANAGED_POLICIES_PER_ROLE = 10;

function attach(
  ctx: HandlerContext,
  arns: string[],
  policyArn: string | undefined,
  kind: 'User' | 'Role',
  quota: number,
): void {
  const policy = getManagedPolicy(ctx, policyArn);
  if (isServiceRolePolicy(policy)) {
    throw new AwsFault('PolicyNotAttachable', `Cannot attach a Service Role Policy to a ${kind}.`);
  }
  if (arns.includes(policy.arn)) return; // IAM attaches idempotently.
  if (arns.length >= quota)
    throw new AwsFault('LimitExceeded', `Cannot exceed quota for PoliciesPer${kind}: ${quota}`);
  arns.push(policy.arn);
}

function detach(arns: string[], policyArn: string | undefined): void {
  const arn = requirePolicyArn(policyArn);
  const index = arns.indexOf(arn);
  if (index < 0) throw new AwsFault('NoSuchEntity', `Policy ${arn} was not found.`);
  arns.splice(index, 1);
}

/** Name and path come from the ARN (`arn:aws:iam::<account>:policy<path><name>`), as attached. */
function listed(arns: readonly string[], input: { PathPrefix?: string; MaxItems?: number; Marker?: string }) {
  const prefix = input.PathPrefix ?? '/';
  const policies: AttachedPolicy[] = arns.flatMap((arn) => {
    const [, path = '/', name] = /:policy(\/(?:.*\/)?)([^/]+)$/.exec(arn) ?? [];
    return path.startsWith(prefix) ? [{ PolicyName: name, PolicyArn: arn }] : [];
  });
  const page = paginate(policies, input.MaxItems, input.Marker, 'InvalidInput');
  return { AttachedPolicies: page.items, IsTruncated: page.nextToken !== undefined, Marker: page.nextToken };
}

export function attachUserPolicy(ctx: HandlerContext, input: AttachUserPolicyRequest): Record<string, never> {
  const user = getUser(ctx, requireMember(input.UserName, 'userName'));
  attach(ctx, user.attachedPolicyArns, input.PolicyArn, 'User', MANAGED_POLICIES_PER_USER);
  return {};
}

export function detachUserPolicy(ctx: HandlerContext, input: DetachUserPolicyRequest): Record<string, never> {
  const user = getUser(ctx, requireMember(input.UserName, 'userName'));
  detach(user.attachedPolicyArns, input.PolicyArn);
  return {};
}

export function listAttachedUserPolicies(
  ctx: HandlerContext,
  input: ListAttachedUserPoliciesRequest,
): ListAttachedUserPoliciesResponse {
  const user = getUser(ctx, requireMember(input.UserName, 'userName'));
  return listed(user.attachedPolicyArns, input);
}

export function attachRolePolicy(ctx: HandlerContext, input: AttachRolePolicyRequest): Record<string, never> {
  const role = modifiableRole(ctx, input.RoleName);
  role.attachedPolicyArns ??= [];
  attach(ctx, role.attachedPolicyArns, input.PolicyArn, 'Role', MANAGED_POLICIES_PER_ROLE);
  return {};
}

export function detachRolePolicy(ctx: HandlerContext, input: DetachRolePolicyRequest): Record<string, never> {
  const role = modifiableRole(ctx, input.RoleName);
  role.attachedPolicyArns ??= [];
  detach(role.attachedPolicyArns, input.PolicyArn);
  return {};
}

export function listAttachedRolePolicies(
  ctx: HandlerContext,
  input: ListAttachedRolePoliciesRequest,
): ListAttachedRolePoliciesResponse {
  const role = getRole(ctx, input.RoleName);
  return listed(role.attachedPolicyArns ?? [], input);
}
