import type {
  GetInstanceProfileRequest,
  GetInstanceProfileResponse,
  InstanceProfile,
  ListInstanceProfilesForRoleRequest,
  ListInstanceProfilesForRoleResponse,
} from '@aws-sdk/client-iam';
import type { HandlerContext } from '../context.js';
import { paginate } from '../pagination.js';
import { getInstanceProfile, getRole } from './lookup.js';
import type { InstanceProfileRecord } from './model.js';
import { roleView } from './roles.js';

function view(ctx: HandlerContext, profile: InstanceProfileRecord): InstanceProfile {
  const tags = Object.entries(profile.tags).map(([Key, Value]) => ({ Key, Value }));
  return {
    Path: profile.path,
    InstanceProfileName: profile.name,
    InstanceProfileId: profile.id,
    Arn: profile.arn,
    CreateDate: new Date(profile.createDate),
    Roles: profile.roleNames.flatMap((name) => {
      const role = ctx.state.iam.roles[name];
      return role ? [roleView(role)] : [];
    }),
    Tags: tags.length ? tags : undefined,
  };
}

export function getInstanceProfileHandler(
  ctx: HandlerContext,
  input: GetInstanceProfileRequest,
): GetInstanceProfileResponse {
  return { InstanceProfile: view(ctx, getInstanceProfile(ctx, input.InstanceProfileName)) };
}

export function listInstanceProfilesForRole(
  ctx: HandlerContext,
  input: ListInstanceProfilesForRoleRequest,
): ListInstanceProfilesForRoleResponse {
  const role = getRole(ctx, input.RoleName);
  const profiles = Object.values(ctx.state.iam.instanceProfiles).filter((p) =>
    p.roleNames.includes(role.name),
  );
  const page = paginate(profiles, input.MaxItems, input.Marker, 'InvalidInput');
  return {
    InstanceProfiles: page.items.map((profile) => view(ctx, profile)),
    IsTruncated: page.nextToken !== undefined,
    Marker: page.nextToken,
  };
}
