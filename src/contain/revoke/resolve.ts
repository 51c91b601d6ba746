import type { AwsClients } from '../../aws/clients.js';
import { FirebreakError, isFirebreakError } from '../../errors.js';
import type { Caller } from '../isolate/caller.js';
import { GLOBAL_EVENTS_REGION, type KeyTraceResult, traceTemporaryKey } from './cloudtrail.js';
import { otherAccountRefusal, type Refusal, rootRefusal, temporaryKeyRefusal } from './guards.js';
import { accountOfKey, ownerOfKey } from './iam-keys.js';
import { type FoundRole, type FoundUser, findRole, findUser } from './iam-read.js';
import { sessionLabel } from './session-issuer.js';
import { parseRevokeTarget, TARGET_USAGE } from './target.js';

/** What a typed target turned out to be in IAM. */
export type Resolution =
  /** `foundBy` says how a temporary key led to the principal, for the preview. */
  | { kind: 'user'; user: FoundUser; viaKey?: string; foundBy?: string }
  | { kind: 'role'; role: FoundRole; foundBy?: string }
  /** Explained or refused before any principal is read; `account` is where the target lives. */
  | { kind: 'refused'; account: string; refusal: Refusal };

/**
 * Finds the principal behind `resourceId` in the account the clients act in (`here`). Keys are placed by
 * sts:GetAccessKeyInfo first, since IAM only knows its own account's keys; a temporary (ASIA) key is traced to
 * its role or user through CloudTrail.
 * Throws INVALID_TARGET and PRINCIPAL_NOT_FOUND, and AwsCallError for failed reads.
 */
export async function resolveTarget(
  clients: AwsClients,
  call: Caller,
  resourceId: string,
  here: string,
): Promise<Resolution> {
  const target = parseRevokeTarget(resourceId);
  if (target === undefined) {
    throw new FirebreakError(
      'INVALID_TARGET',
      `"${resourceId}" is not something to revoke: give ${TARGET_USAGE}.`,
    );
  }
  const { iam, sts } = clients;
  switch (target.type) {
    case 'access-key': {
      if (target.temporary) return resolveTemporaryKey(clients, call, target.keyId, here);
      const account = (await accountOfKey(sts, call, target.keyId)) ?? here;
      if (account !== here) {
        return {
          kind: 'refused',
          account,
          refusal: otherAccountRefusal(`Access key ${target.keyId}`, account, here, 'KEY_IN_OTHER_ACCOUNT'),
        };
      }
      const owner = await ownerOfKey(iam, call, target.keyId);
      // Only the root user holds keys that belong to no IAM user.
      if (owner === undefined)
        return { kind: 'refused', account, refusal: rootRefusal(account, target.keyId) };
      const user = await findUser(iam, call, owner);
      if (user === undefined) throw notFound(`user ${owner} (owner of ${target.keyId})`, here);
      return { kind: 'user', user, viaKey: target.keyId };
    }
    case 'root':
      return {
        kind: 'refused',
        account: target.account ?? here,
        refusal: rootRefusal(target.account ?? here),
      };
    case 'user':
    case 'role': {
      if (target.account !== undefined && target.account !== here) {
        return {
          kind: 'refused',
          account: target.account,
          refusal: otherAccountRefusal(
            `The ${target.type} ${target.name}`,
            target.account,
            here,
            'PRINCIPAL_IN_OTHER_ACCOUNT',
          ),
        };
      }
      if (target.type === 'user') {
        const user = await findUser(iam, call, target.name);
        if (user === undefined) throw notFound(`user ${target.name}`, here);
        return { kind: 'user', user };
      }
      const role = await findRole(iam, call, target.name);
      if (role === undefined) throw notFound(`role ${target.name}`, here);
      return { kind: 'role', role };
    }
    case 'name': {
      const [user, role] = await Promise.all([
        findUser(iam, call, target.name),
        findRole(iam, call, target.name),
      ]);
      if (user && role) {
        return {
          kind: 'refused',
          account: here,
          refusal: {
            code: 'AMBIGUOUS_PRINCIPAL',
            message: `Account ${here} has both a user and a role named ${target.name}: say user/${target.name} or role/${target.name}, or give its ARN.`,
          },
        };
      }
      if (user) return { kind: 'user', user };
      if (role) return { kind: 'role', role };
      throw notFound(`user or role ${target.name}`, here);
    }
  }
}

/**
 * A session key: IAM does not know it, so the newest CloudTrail event made with it names the role or user it
 * was issued to. No event (or a failed search) keeps the TEMPORARY_KEY explanation.
 */
async function resolveTemporaryKey(
  clients: AwsClients,
  call: Caller,
  keyId: string,
  here: string,
): Promise<Resolution> {
  // The account is a courtesy in the explanation; the refusal stands without it.
  const account = await accountOfKey(clients.sts, call, keyId).catch((error: unknown) => {
    if (isFirebreakError(error)) return undefined;
    throw error;
  });
  if (account !== undefined && account !== here) {
    return {
      kind: 'refused',
      account,
      refusal: otherAccountRefusal(`Access key ${keyId}`, account, here, 'KEY_IN_OTHER_ACCOUNT'),
    };
  }
  let traced: KeyTraceResult;
  try {
    traced = await traceTemporaryKey(clients, call, keyId);
  } catch (error) {
    if (!isFirebreakError(error)) throw error;
    const regions = [
      clients.region,
      ...(clients.region === GLOBAL_EVENTS_REGION ? [] : [GLOBAL_EVENTS_REGION]),
    ];
    return {
      kind: 'refused',
      account: account ?? here,
      refusal: temporaryKeyRefusal(keyId, account, { regions, failed: error.code }),
    };
  }
  const { trace } = traced;
  if (trace === undefined) {
    return {
      kind: 'refused',
      account: account ?? here,
      refusal: temporaryKeyRefusal(keyId, account, { regions: traced.regions }),
    };
  }
  const { issuer } = trace;
  const foundBy = `${keyId} was used by ${sessionLabel(issuer)} per CloudTrail event ${trace.eventName} at ${trace.eventTime} in ${trace.region}`;
  if (issuer.type === 'root') {
    return { kind: 'refused', account: issuer.account, refusal: rootRefusal(issuer.account, foundBy) };
  }
  if (issuer.account !== here) {
    const what = issuer.type === 'role' ? `The role ${issuer.roleName}` : `The user ${issuer.userName}`;
    return {
      kind: 'refused',
      account: issuer.account,
      refusal: otherAccountRefusal(
        `${what} (${foundBy})`,
        issuer.account,
        here,
        'PRINCIPAL_IN_OTHER_ACCOUNT',
      ),
    };
  }
  if (issuer.type === 'user') {
    const user = await findUser(clients.iam, call, issuer.userName);
    if (user === undefined) throw notFound(`user ${issuer.userName} (${foundBy})`, here);
    return { kind: 'user', user, foundBy };
  }
  const role = await findRole(clients.iam, call, issuer.roleName);
  if (role === undefined) throw notFound(`role ${issuer.roleName} (${foundBy})`, here);
  return { kind: 'role', role, foundBy };
}

function notFound(what: string, account: string): FirebreakError {
  return new FirebreakError(
    'PRINCIPAL_NOT_FOUND',
    `IAM in account ${account} has no ${what}; check the name, or whether it lives in another account.`,
  );
}
