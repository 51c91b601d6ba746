import type {
  DeleteRolePolicyRequest,
  GetRolePolicyRequest,
  GetRolePolicyResponse,
  ListRolePoliciesRequest,
  ListRolePoliciesResponse,
  PutRolePolicyRequest,
} from '@aws-sdk/client-iam';
import type { HandlerContext } from '../context.js';
import { AwsFault } from '../errors.js';
import { paginate } from '../pagination.js';
import { getRole, modifiableRole } from './lookup.js';
import type { RoleRecord } from './model.js';
import { requireMember, requireName } from './names.js';
import {
  encodePolicyDocument,
  putInlinePolicy,
  ROLE_INLINE_POLICY_BUDGET,
  validateIdentityPolicy,
} from './policy-documents.js';

function documentOf(role: RoleRecord, policyName: string): string {
  const document = role.inlinePolicies?.[policyName];
  if (document === undefined) {
    throw new AwsFault('NoSuchEntity', `The role policy with name ${policyName} cannot be found.`);
  }
  return document;
}

/** Refused on service-linked and Identity Center roles; a role's inline policies share 10,240 characters. */
export function putRolePolicy(ctx: HandlerContext, input: PutRolePolicyRequest): Record<string, never> {
  const role = modifiableRole(ctx, input.RoleName);
  const policyName = requireName(input.PolicyName, 'policyName', 128);
  const document = validateIdentityPolicy(input.PolicyDocument);
  role.inlinePolicies ??= {};
  putInlinePolicy(role.inlinePolicies, policyName, document, ROLE_INLINE_POLICY_BUDGET, `role ${role.name}`);
  return {};
}

export function getRolePolicy(ctx: HandlerContext, input: GetRolePolicyRequest): GetRolePolicyResponse {
  const role = getRole(ctx, input.RoleName);
  const policyName = requireMember(input.PolicyName, 'policyName');
  return {
    RoleName: role.name,
    PolicyName: policyName,
    PolicyDocument: encodePolicyDocument(documentOf(role, policyName)),
  };
}

export function deleteRolePolicy(ctx: HandlerContext, input: DeleteRolePolicyRequest): Record<string, never> {
  const role = modifiableRole(ctx, input.RoleName);
  const policyName = requireMember(input.PolicyName, 'policyName');
  documentOf(role, policyName);
  delete role.inlinePolicies?.[policyName];
  return {};
}

export function listRolePolicies(
  ctx: HandlerContext,
  input: ListRolePoliciesRequest,
): ListRolePoliciesResponse {
  const role = getRole(ctx, input.RoleName);
  const names = Object.keys(role.inlinePolicies ?? {}).sort();
  const page = paginate(names, input.MaxItems, input.Marker, 'InvalidInput');
  return { PolicyNames: page.items, IsTruncated: page.nextToken !== undefined, Marker: page.nextToken };
}
