import {
  GetAccessKeyLastUsedCommand,
  type GetAccessKeyLastUsedCommandOutput,
  type IAMClient,
  ListAccessKeysCommand,
} from '@aws-sdk/client-iam';
import { GetAccessKeyInfoCommand, type STSClient } from '@aws-sdk/client-sts';
import { FirebreakError, isFirebreakError } from '../../errors.js';
import type { Caller } from '../isolate/caller.js';
import { allMarkerPages } from './iam-read.js';
import type { ObservedKey } from './observation.js';

/** The user's keys with their status, as IAM has them now (no last use: that is one more call per key). */
export async function listKeys(iam: IAMClient, call: Caller, userName: string): Promise<ObservedKey[]> {
  const keys = await allMarkerPages(
    (Marker) =>
      call(`iam:ListAccessKeys ${userName}`, () =>
        iam.send(new ListAccessKeysCommand({ UserName: userName, ...(Marker && { Marker }) })),
      ),
    (page) => page.AccessKeyMetadata,
  );
  return keys.flatMap((key) =>
    key.AccessKeyId
      ? [
          {
            id: key.AccessKeyId,
            status: key.Status ?? 'unknown',
            ...(key.CreateDate && { createdAt: key.CreateDate.toISOString() }),
          },
        ]
      : [],
  );
}

export async function keysWithLastUse(
  iam: IAMClient,
  call: Caller,
  userName: string,
): Promise<ObservedKey[]> {
  const keys = await listKeys(iam, call, userName);
  return Promise.all(
    keys.map(async (key) => {
      const used = (await lastUsed(iam, call, key.id)).AccessKeyLastUsed;
      // IAM answers "N/A" for a key never used.
      const known = (value: string | undefined) => (value && value !== 'N/A' ? value : undefined);
      const at = used?.LastUsedDate?.toISOString();
      const region = known(used?.Region);
      const service = known(used?.ServiceName);
      return at || region || service
        ? {
            ...key,
            lastUsed: { ...(at && { at }), ...(region && { region }), ...(service && { service }) },
          }
        : key;
    }),
  );
}

function lastUsed(iam: IAMClient, call: Caller, keyId: string): Promise<GetAccessKeyLastUsedCommandOutput> {
  return call(`iam:GetAccessKeyLastUsed ${keyId}`, () =>
    iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: keyId })),
  );
}

/**
 * The user that owns a key of this account; undefined for a key of no IAM user (the root user's). IAM answers
 * AccessDenied, not NoSuchEntity, for a key it does not hold, so that is explained rather than passed on.
 */
export async function ownerOfKey(iam: IAMClient, call: Caller, keyId: string): Promise<string | undefined> {
  try {
    return (await lastUsed(iam, call, keyId)).UserName || undefined;
  } catch (error) {
    if (isFirebreakError(error) && error.code === 'AWS_ACCESS_DENIED') {
      throw new FirebreakError(
        'KEY_NOT_FOUND',
        `IAM does not show the owner of ${keyId}: the key may have been deleted, or Firebreak's role lacks iam:GetAccessKeyLastUsed. ${error.message}`,
        { cause: error },
      );
    }
    throw error;
  }
}

/** The account of any key, this account's or another's, AKIA or ASIA (sts:GetAccessKeyInfo decodes it). */
export async function accountOfKey(sts: STSClient, call: Caller, keyId: string): Promise<string | undefined> {
  const info = await call(`sts:GetAccessKeyInfo ${keyId}`, () =>
    sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: keyId })),
  );
  return info.Account;
}
