import type { HandlerContext } from '../context.js';
import { AwsFault, DrillUnsupportedError, validationError } from '../errors.js';
import type { AccessKeyRecord, IamState, InstanceProfileRecord, RoleRecord, UserRecord } from './model.js';

/**
 * The IAM state, with the collections added after the first drill release filled in, so an account saved
 * by an older build still answers.
 */
export function iamOf(ctx: HandlerContext): IamState {
  const iam = ctx.state.iam;
  iam.users ??= {};
  iam.accessKeys ??= {};
  iam.policies ??= {};
  return iam;
}

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

export function getUser(ctx: HandlerContext, name: string): UserRecord {
  const user = iamOf(ctx).users[name];
  if (!user) throw new AwsFault('NoSuchEntity', `The user with name ${name} cannot be found.`);
  return user;
}

/**
 * The user an operation with an optional UserName acts on: the named one, else the calling IAM user, as
 * IAM does. A role session must name the user; the root user's own credentials are not simulated.
 */
export function targetUser(ctx: HandlerContext, name: string | undefined): UserRecord {
  if (name) return getUser(ctx, name);
  const arn = ctx.state.callerArn;
  const user = /^arn:aws:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];
  if (user) return getUser(ctx, user);
  if (/:root$/.test(arn)) {
    throw new DrillUnsupportedError('IAM calls on the root user’s own credentials are not simulated');
  }
  throw validationError('Must specify userName when calling with non-User credentials');
}

export function userKey(ctx: HandlerContext, user: UserRecord, accessKeyId: string): AccessKeyRecord {
  const key = iamOf(ctx).accessKeys[accessKeyId];
  if (!key || key.userName !== user.name) {
    throw new AwsFault('NoSuchEntity', `The Access Key with id ${accessKeyId} cannot be found.`);
  }
  return key;
}

/** Service-linked roles and IAM Identity Center roles: IAM refuses to change them. */
export function isProtectedRole(role: RoleRecord): boolean {
  return (
    role.path.startsWith('/aws-service-role/') || role.path.startsWith('/aws-reserved/sso.amazonaws.com/')
  );
}

export function modifiableRole(ctx: HandlerContext, name: string | undefined): RoleRecord {
  const role = getRole(ctx, name);
  if (isProtectedRole(role)) {
    throw new AwsFault(
      'UnmodifiableEntity',
      `Cannot perform the operation on the protected role '${role.name}' - this role is only modifiable by AWS`,
    );
  }
  return role;
}
