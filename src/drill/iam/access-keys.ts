import type {
  AccessKeyMetadata,
  CreateAccessKeyRequest,
  CreateAccessKeyResponse,
  DeleteAccessKeyRequest,
  GetAccessKeyLastUsedRequest,
  GetAccessKeyLastUsedResponse,
  ListAccessKeysRequest,
  ListAccessKeysResponse,
  UpdateAccessKeyRequest,
} from '@aws-sdk/client-iam';
import { type HandlerContext, nowIso } from '../context.js';
import { AwsFault, DrillUnsupportedError, validationError } from '../errors.js';
import { paginate } from '../pagination.js';
import { encodeAccessKeyId, secretAccessKey } from './key-ids.js';
import { iamOf, targetUser, userKey } from './lookup.js';
import type { AccessKeyRecord } from './model.js';
import { requireMember } from './names.js';

export const ACCESS_KEYS_PER_USER = 2;

function metadata(key: AccessKeyRecord): AccessKeyMetadata {
  return {
    UserName: key.userName,
    AccessKeyId: key.id,
    Status: key.status,
    CreateDate: new Date(key.createDate),
  };
}

export function createAccessKey(ctx: HandlerContext, input: CreateAccessKeyRequest): CreateAccessKeyResponse {
  const user = targetUser(ctx, input.UserName);
  const iam = iamOf(ctx);
  const owned = Object.values(iam.accessKeys).filter((key) => key.userName === user.name);
  if (owned.length >= ACCESS_KEYS_PER_USER) {
    throw new AwsFault('LimitExceeded', `Cannot exceed quota for AccessKeysPerUser: ${ACCESS_KEYS_PER_USER}`);
  }
  ctx.state.sequence += 1;
  const seed = `${ctx.state.accountId}:access-key:${ctx.state.sequence}`;
  const key: AccessKeyRecord = {
    id: encodeAccessKeyId('AKIA', ctx.state.accountId, seed),
    userName: user.name,
    status: 'Active',
    createDate: nowIso(ctx),
  };
  iam.accessKeys[key.id] = key;
  return {
    AccessKey: {
      UserName: key.userName,
      AccessKeyId: key.id,
      Status: key.status,
      SecretAccessKey: secretAccessKey(seed),
      CreateDate: new Date(key.createDate),
    },
  };
}

export function listAccessKeys(ctx: HandlerContext, input: ListAccessKeysRequest): ListAccessKeysResponse {
  const user = targetUser(ctx, input.UserName);
  const keys = Object.values(iamOf(ctx).accessKeys).filter((key) => key.userName === user.name);
  const page = paginate(keys, input.MaxItems, input.Marker, 'InvalidInput');
  return {
    AccessKeyMetadata: page.items.map(metadata),
    IsTruncated: page.nextToken !== undefined,
    Marker: page.nextToken,
  };
}

export function updateAccessKey(ctx: HandlerContext, input: UpdateAccessKeyRequest): Record<string, never> {
  const accessKeyId = requireMember(input.AccessKeyId, 'accessKeyId');
  const status = requireMember(input.Status, 'status') as string;
  if (status === 'Expired')
    throw new DrillUnsupportedError('UpdateAccessKey with Status Expired is not simulated');
  if (status !== 'Active' && status !== 'Inactive') {
    throw validationError(
      `1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive, Expired]`,
    );
  }
  userKey(ctx, targetUser(ctx, input.UserName), accessKeyId).status = status;
  return {};
}

export function deleteAccessKey(ctx: HandlerContext, input: DeleteAccessKeyRequest): Record<string, never> {
  const accessKeyId = requireMember(input.AccessKeyId, 'accessKeyId');
  const key = userKey(ctx, targetUser(ctx, input.UserName), accessKeyId);
  delete iamOf(ctx).accessKeys[key.id];
  return {};
}

/**
 * Who owns a key of this account, and where it was last used. IAM reports 'N/A' for a key never used. A
 * key this account does not hold is refused as AccessDenied, as IAM does (it has no NoSuchEntity here).
 */
export function getAccessKeyLastUsed(
  ctx: HandlerContext,
  input: GetAccessKeyLastUsedRequest,
): GetAccessKeyLastUsedResponse {
  const accessKeyId = requireMember(input.AccessKeyId, 'accessKeyId');
  const key = iamOf(ctx).accessKeys[accessKeyId];
  if (!key) {
    throw new AwsFault(
      'AccessDenied',
      `User: ${ctx.state.callerArn} is not authorized to perform: iam:GetAccessKeyLastUsed on resource: access key ${accessKeyId}`,
    );
  }
  const used = key.lastUsed;
  return {
    UserName: key.userName,
    AccessKeyLastUsed: used
      ? { LastUsedDate: new Date(used.date), ServiceName: used.serviceName, Region: used.region }
      : { ServiceName: 'N/A', Region: 'N/A' },
  };
}
