import type {
  CreateUserRequest,
  CreateUserResponse,
  GetUserRequest,
  GetUserResponse,
  ListUsersRequest,
  ListUsersResponse,
  User,
} from '@aws-sdk/client-iam';
import { type HandlerContext, newIamId, nowIso } from '../context.js';
import { AwsFault } from '../errors.js';
import { paginate } from '../pagination.js';
import { iamOf, targetUser } from './lookup.js';
import type { UserRecord } from './model.js';
import { requireName, requirePath, tagList, tagRecord } from './names.js';

export function userView(user: UserRecord, withTags: boolean): User {
  return {
    Path: user.path,
    UserName: user.name,
    UserId: user.id,
    Arn: user.arn,
    CreateDate: new Date(user.createDate),
    PasswordLastUsed: user.passwordLastUsed ? new Date(user.passwordLastUsed) : undefined,
    Tags: withTags ? tagList(user.tags) : undefined,
  };
}

export function createUser(ctx: HandlerContext, input: CreateUserRequest): CreateUserResponse {
  const name = requireName(input.UserName, 'userName', 64);
  const path = requirePath(input.Path);
  const iam = iamOf(ctx);
  // IAM user names are unique case-insensitively.
  if (Object.keys(iam.users).some((existing) => existing.toLowerCase() === name.toLowerCase())) {
    throw new AwsFault('EntityAlreadyExists', `User with name ${name} already exists.`);
  }
  const user: UserRecord = {
    name,
    id: newIamId(ctx, 'AIDA'),
    arn: `arn:aws:iam::${ctx.state.accountId}:user${path}${name}`,
    path,
    createDate: nowIso(ctx),
    tags: tagRecord(input.Tags),
    mfaDevices: [],
    inlinePolicies: {},
    attachedPolicyArns: [],
  };
  iam.users[name] = user;
  return { User: userView(user, true) };
}

export function getUserHandler(ctx: HandlerContext, input: GetUserRequest): GetUserResponse {
  return { User: userView(targetUser(ctx, input.UserName), true) };
}

export function listUsers(ctx: HandlerContext, input: ListUsersRequest): ListUsersResponse {
  const prefix = input.PathPrefix ?? '/';
  const users = Object.values(iamOf(ctx).users)
    .filter((user) => user.path.startsWith(prefix))
    .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
  const page = paginate(users, input.MaxItems, input.Marker, 'InvalidInput');
  return {
    Users: page.items.map((user) => userView(user, false)),
    IsTruncated: page.nextToken !== undefined,
    Marker: page.nextToken,
  };
}
