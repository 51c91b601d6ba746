import type {
  DeleteUserPolicyRequest,
  GetUserPolicyRequest,
  GetUserPolicyResponse,
  ListUserPoliciesRequest,
  ListUserPoliciesResponse,
  PutUserPolicyRequest,
} from '@aws-sdk/client-iam';
import type { HandlerContext } from '../context.js';
import { AwsFault } from '../errors.js';
import { paginate } from '../pagination.js';
import { getUser } from './lookup.js';
import type { UserRecord } from './model.js';
import { requireMember, requireName } from './names.js';
import {
  encodePolicyDocument,
  putInlinePolicy,
  USER_INLINE_POLICY_BUDGET,
  validateIdentityPolicy,
} from './policy-documents.js';

function namedUser(ctx: HandlerContext, name: string | undefined): UserRecord {
  return getUser(ctx, requireMember(name, 'userName'));
}

function documentOf(user: UserRecord, policyName: string): string {
  const document = user.inlinePolicies[policyName];
  if (document === undefined) {
    throw new AwsFault('NoSuchEntity', `The user policy with name ${policyName} cannot be found.`);
  }
  return document;
}

/** Replaces a policy of the same name; all of a user's inline policies share 2,048 characters. */
export function putUserPolicy(ctx: HandlerContext, input: PutUserPolicyRequest): Record<string, never> {
  const user = namedUser(ctx, input.UserName);
  const policyName = requireName(input.PolicyName, 'policyName', 128);
  const document = validateIdentityPolicy(input.PolicyDocument);
  putInlinePolicy(user.inlinePolicies, policyName, document, USER_INLINE_POLICY_BUDGET, `user ${user.name}`);
  return {};
}

export function getUserPolicy(ctx: HandlerContext, input: GetUserPolicyRequest): GetUserPolicyResponse {
  const user = namedUser(ctx, input.UserName);
  const policyName = requireMember(input.PolicyName, 'policyName');
  return {
    UserName: user.name,
    PolicyName: policyName,
    PolicyDocument: encodePolicyDocument(documentOf(user, policyName)),
  };
}

export function deleteUserPolicy(ctx: HandlerContext, input: DeleteUserPolicyRequest): Record<string, never> {
  const user = namedUser(ctx, input.UserName);
  const policyName = requireMember(input.PolicyName, 'policyName');
  documentOf(user, policyName);
  delete user.inlinePolicies[policyName];
  return {};
}

export function listUserPolicies(
  ctx: HandlerContext,
  input: ListUserPoliciesRequest,
): ListUserPoliciesResponse {
  const user = namedUser(ctx, input.UserName);
  const names = Object.keys(user.inlinePolicies).sort();
  const page = paginate(names, input.MaxItems, input.Marker, 'InvalidInput');
  return { PolicyNames: page.items, IsTruncated: page.nextToken !== undefined, Marker: page.nextToken };
}
