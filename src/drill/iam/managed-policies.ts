import type {
  CreatePolicyRequest,
  CreatePolicyResponse,
  DeletePolicyRequest,
  GetPolicyRequest,
  GetPolicyResponse,
  GetPolicyVersionRequest,
  GetPolicyVersionResponse,
  Policy,
} from '@aws-sdk/client-iam';
import { type HandlerContext, newIamId, nowIso } from '../context.js';
import { AwsFault, DrillUnsupportedError } from '../errors.js';
import { AWS_MANAGED_POLICIES, isAwsManagedArn } from './aws-managed-policies.js';
import { iamOf } from './lookup.js';
import type { ManagedPolicyRecord } from './model.js';
import { requireMember, requireName, requirePath, tagList, tagRecord } from './names.js';
import {
  encodePolicyDocument,
  MANAGED_POLICY_MAX_SIZE,
  policySize,
  validateIdentityPolicy,
} from './policy-documents.js';

/** A policy ARN as IAM accepts it, else InvalidInput. */
export function requirePolicyArn(arn: string | undefined): string {
  const value = requireMember(arn, 'policyArn');
  if (!/^arn:aws:iam::(aws|\d{12}):policy\/(.+\/)?[\w+=,.@-]+$/.test(value)) {
    throw new AwsFault('InvalidInput', `ARN ${value} is not valid.`);
  }
  return value;
}

/** A customer managed policy of this account or an AWS managed one, else NoSuchEntity. */
export function getManagedPolicy(ctx: HandlerContext, arn: string | undefined): ManagedPolicyRecord {
  const value = requirePolicyArn(arn);
  const policy = iamOf(ctx).policies[value] ?? AWS_MANAGED_POLICIES[value];
  if (!policy) throw new AwsFault('NoSuchEntity', `Policy ${value} does not exist or is not attachable.`);
  return policy;
}

/** How many users and roles the policy is attached to (IAM's AttachmentCount), counted, never stored. */
export function attachmentCount(ctx: HandlerContext, arn: string): number {
  const iam = iamOf(ctx);
  const users = Object.values(iam.users).filter((user) => user.attachedPolicyArns.includes(arn));
  const roles = Object.values(iam.roles).filter((role) => role.attachedPolicyArns?.includes(arn));
  return users.length + roles.length;
}

export function policyView(
  ctx: HandlerContext,
  policy: ManagedPolicyRecord,
  withDescription: boolean,
): Policy {
  return {
    PolicyName: policy.name,
    PolicyId: policy.id,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: attachmentCount(ctx, policy.arn),
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    Description: withDescription ? policy.description : undefined,
    CreateDate: new Date(policy.createDate),
    UpdateDate: new Date(policy.updateDate),
    Tags: tagList(policy.tags),
  };
}

export function createPolicy(ctx: HandlerContext, input: CreatePolicyRequest): CreatePolicyResponse {
  const name = requireName(input.PolicyName, 'policyName', 128);
  const path = requirePath(input.Path);
  const document = validateIdentityPolicy(input.PolicyDocument);
  if (policySize(document) > MANAGED_POLICY_MAX_SIZE) {
    throw new AwsFault('LimitExceeded', `Cannot exceed quota for PolicySize: ${MANAGED_POLICY_MAX_SIZE}`);
  }
  const iam = iamOf(ctx);
  if (Object.values(iam.policies).some((policy) => policy.name === name)) {
    throw new AwsFault(
      'EntityAlreadyExists',
      `A policy called ${name} already exists. Duplicate names are not allowed.`,
    );
  }
  const now = nowIso(ctx);
  const arn = `arn:aws:iam::${ctx.state.accountId}:policy${path}${name}`;
  const policy: ManagedPolicyRecord = {
    name,
    id: newIamId(ctx, 'ANPA'),
    arn,
    path,
    description: input.Description,
    createDate: now,
    updateDate: now,
    defaultVersionId: 'v1',
    versions: [{ versionId: 'v1', document, createDate: now }],
    tags: tagRecord(input.Tags),
  };
  iam.policies[arn] = policy;
  return { Policy: policyView(ctx, policy, true) };
}

export function getPolicy(ctx: HandlerContext, input: GetPolicyRequest): GetPolicyResponse {
  return { Policy: policyView(ctx, getManagedPolicy(ctx, input.PolicyArn), true) };
}

export function getPolicyVersion(
  ctx: HandlerContext,
  input: GetPolicyVersionRequest,
): GetPolicyVersionResponse {
  const policy = getManagedPolicy(ctx, input.PolicyArn);
  const versionId = requireMember(input.VersionId, 'versionId');
  const version = policy.versions.find((v) => v.versionId === versionId);
  if (!version) {
    throw new AwsFault(
      'NoSuchEntity',
      `Policy ${policy.arn} version ${versionId} does not exist or is not attachable.`,
    );
  }
  return {
    PolicyVersion: {
      Document: encodePolicyDocument(version.document),
      VersionId: version.versionId,
      IsDefaultVersion: version.versionId === policy.defaultVersionId,
      CreateDate: new Date(version.createDate),
    },
  };
}

export function deletePolicy(ctx: HandlerContext, input: DeletePolicyRequest): Record<string, never> {
  const policy = getManagedPolicy(ctx, input.PolicyArn);
  if (isAwsManagedArn(policy.arn)) {
    throw new DrillUnsupportedError(`Deleting the AWS managed policy ${policy.arn} is not simulated`);
  }
  if (attachmentCount(ctx, policy.arn) > 0) {
    throw new AwsFault('DeleteConflict', 'Cannot delete a policy attached to entities.');
  }
  delete iamOf(ctx).policies[policy.arn];
  return {};
}
