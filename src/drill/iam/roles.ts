import type { GetRoleRequest, GetRoleResponse, Role } from '@aws-sdk/client-iam';
import type { HandlerContext } from '../context.js';
import { getRole } from './lookup.js';
import type { RoleRecord } from './model.js';

export function roleView(role: RoleRecord): Role {
  const tags = Object.entries(role.tags).map(([Key, Value]) => ({ Key, Value }));
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: role.arn,
    CreateDate: new Date(role.createDate),
    // IAM returns policy documents URL-encoded; callers must decodeURIComponent them.
    AssumeRolePolicyDocument: encodeURIComponent(role.assumeRolePolicyDocument),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
    Tags: tags.length ? tags : undefined,
    RoleLastUsed: {},
  };
}

export function getRoleHandler(ctx: HandlerContext, input: GetRoleRequest): GetRoleResponse {
  return { Role: roleView(getRole(ctx, input.RoleName)) };
}
