import type {
  CreateLoginProfileRequest,
  CreateLoginProfileResponse,
  DeleteLoginProfileRequest,
  GetLoginProfileRequest,
  GetLoginProfileResponse,
  LoginProfile,
} from '@aws-sdk/client-iam';
import { type HandlerContext, nowIso } from '../context.js';
import { AwsFault } from '../errors.js';
import { targetUser } from './lookup.js';
import type { LoginProfileRecord, UserRecord } from './model.js';
import { requireMember } from './names.js';

function view(user: UserRecord, profile: LoginProfileRecord): LoginProfile {
  return {
    UserName: user.name,
    CreateDate: new Date(profile.createDate),
    PasswordResetRequired: profile.passwordResetRequired,
  };
}

function profileOf(user: UserRecord): LoginProfileRecord {
  if (!user.loginProfile) {
    throw new AwsFault('NoSuchEntity', `Login Profile for User ${user.name} cannot be found.`);
  }
  return user.loginProfile;
}

/** Console access. The password is checked for presence only and never kept. */
export function createLoginProfile(
  ctx: HandlerContext,
  input: CreateLoginProfileRequest,
): CreateLoginProfileResponse {
  const user = targetUser(ctx, input.UserName);
  requireMember(input.Password, 'password');
  if (user.loginProfile) {
    throw new AwsFault('EntityAlreadyExists', `Login Profile for user ${user.name} already exists.`);
  }
  user.loginProfile = {
    createDate: nowIso(ctx),
    passwordResetRequired: input.PasswordResetRequired ?? false,
  };
  return { LoginProfile: view(user, user.loginProfile) };
}

export function getLoginProfile(ctx: HandlerContext, input: GetLoginProfileRequest): GetLoginProfileResponse {
  const user = targetUser(ctx, input.UserName);
  return { LoginProfile: view(user, profileOf(user)) };
}

export function deleteLoginProfile(
  ctx: HandlerContext,
  input: DeleteLoginProfileRequest,
): Record<string, never> {
  const user = targetUser(ctx, input.UserName);
  profileOf(user);
  delete user.loginProfile;
  return {};
}
