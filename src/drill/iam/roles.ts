import type {
  GetRoleRequest,
  GetRoleResponse,
  ListRolesRequest,
  ListRolesResponse,
  Role,
} from '@aws-sdk/client-iam';
import type { HandlerContext } from '../context.js';
import { paginate } from '../pagination.js';
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

/** ListRoles leaves out tags and last use, as IAM does. */
export function listRoles(ctx: HandlerContext, input: ListRolesRequest): ListRolesResponse {
  const prefix = input.PathPrefix ?? '/';
  const roles = Object.values(ctx.state.iam.roles)
    .filter((role) => role.path.startsWith(prefix))
    .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
  const page = paginate(roles, input.MaxItems, input.Marker, 'InvalidInput');
  return {
    Roles: page.items.map((role) => ({ ...roleView(role), Tags: undefined, RoleLastUsed: undefined })),
    IsTruncated: page.nextToken !== undefined,
    Marker: page.nextToken,
  };
}
