import type { GetAccessKeyInfoRequest, GetAccessKeyInfoResponse } from '@aws-sdk/client-sts';
import type { HandlerContext } from '../context.js';
import { DrillUnsupportedError, validationError } from '../errors.js';
import { decodeAccessKeyAccount } from '../iam/key-ids.js';
import { emptyStsState, type StsState } from './model.js';

/** The STS state, created on first use for an account saved before it existed. */
export function stsOf(ctx: HandlerContext): StsState {
  ctx.state.sts ??= emptyStsState();
  return ctx.state.sts;
}

/** Declares a key of another account, e.g. one found in a CloudTrail event, for GetAccessKeyInfo. */
export function addForeignAccessKey(ctx: HandlerContext, accessKeyId: string, accountId: string): void {
  stsOf(ctx).foreignAccessKeys[accessKeyId] = accountId;
}

/**
 * The account that owns an access key (AKIA or ASIA), wherever it is: this account's keys, the declared
 * foreign keys, else the account encoded in the key id, as STS decodes it.
 */
export function getAccessKeyInfo(
  ctx: HandlerContext,
  input: GetAccessKeyInfoRequest,
): GetAccessKeyInfoResponse {
  const id = input.AccessKeyId;
  if (!id) {
    throw validationError(
      `1 validation error detected: Value null at 'accessKeyId' failed to satisfy constraint: Member must not be null`,
    );
  }
  if (id.length < 16 || id.length > 128 || !/^\w+$/.test(id)) {
    const constraint =
      id.length < 16
        ? 'Member must have length greater than or equal to 16'
        : id.length > 128
          ? 'Member must have length less than or equal to 128'
          : 'Member must satisfy regular expression pattern: [\\w]*';
    throw validationError(
      `1 validation error detected: Value '${id}' at 'accessKeyId' failed to satisfy constraint: ${constraint}`,
    );
  }
  if (ctx.state.iam.accessKeys?.[id]) return { Account: ctx.state.accountId };
  const account = stsOf(ctx).foreignAccessKeys[id] ?? decodeAccessKeyAccount(id);
  if (!account) {
    throw new DrillUnsupportedError(
      `GetAccessKeyInfo cannot tell the account of ${id}; declare it with addForeignAccessKey`,
    );
  }
  return { Account: account };
}
