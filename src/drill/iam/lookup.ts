import type { HandlerContext } from '../context.js';
import { AwsFault, validationError } from '../errors.js';
import type { InstanceProfileRecord, RoleRecord } from './model.js';

export function getRole(ctx: HandlerContext, name: string | undefined): RoleRecord {
  if (!name)
    throw validationError(
      `1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null`,
    );
  const role = ctx.state.iam.roles[name];
  if (!role) throw new AwsFault('NoSuchEntity', `The role with name ${name} cannot be found.`);
  return role;
}

export function getInstanceProfile(ctx: HandlerContext, name: string | undefined): InstanceProfileRecord {
  if (!name) {
    throw validationError(
      `1 validation error detected: Value null at 'instanceProfileName' failed to satisfy constraint: Member must not be null`,
    );
  }
  const profile = ctx.state.iam.instanceProfiles[name];
  if (!profile) throw new AwsFault('NoSuchEntity', `Instance Profile ${name} cannot be found.`);
  return profile;
}
