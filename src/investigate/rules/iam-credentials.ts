import type { CloudTrailRecord } from '../record.js';
import {
  at,
  callerUserNameOf,
  eventNameOf,
  eventSourceOf,
  failed,
  fromIp,
  identityTypeOf,
  outcome,
  shown,
  str,
  who,
} from './fields.js';
import { downgrade, type RecordVerdict, type Rule, recordRule, type Severity } from './types.js';

/** New ways in: access keys, users and console passwords created for someone. */

const isIam = (record: CloudTrailRecord, ...names: string[]): boolean =>
  eventSourceOf(record) === 'iam.amazonaws.com' && names.includes(eventNameOf(record));

const targetUserOf = (record: CloudTrailRecord): string | undefined =>
  str(at(record.requestParameters, 'userName'));

/** The verdict for a call that succeeded, or one step lower and marked as an attempt when AWS refused it. */
function verdict(record: CloudTrailRecord, severity: Severity, what: string): RecordVerdict {
  return {
    reason: `${what} by ${who(record)}${fromIp(record)}${outcome(record)}`,
    severity: failed(record) ? downgrade(severity) : severity,
  };
}

export const accessKeyForOtherUser = recordRule({
  id: 'iam-access-key-for-other-user',
  title: 'Access key created for another user',
  severity: 'high',
  alsoSeverities: ['medium'],
  description:
    "CreateAccessKey whose userName is not the caller: the classic way to keep access through someone else's identity (a role session or root creating a user's key counts too).",
  match(record) {
    if (!isIam(record, 'CreateAccessKey')) return undefined;
    const target = targetUserOf(record);
    if (!target || target === callerUserNameOf(record)) return undefined;
    const newKey = str(at(record.responseElements, 'accessKey', 'accessKeyId'));
    return verdict(
      record,
      'high',
      `CreateAccessKey for ${shown(target)}${newKey ? ` (new key ${shown(newKey)})` : ''}`,
    );
  },
});

export const rootAccessKey = recordRule({
  id: 'iam-root-access-key',
  title: 'Access key created for root',
  severity: 'critical',
  alsoSeverities: ['high'],
  description:
    'CreateAccessKey by the root user without a userName: a long-term key for root, which no policy can restrict.',
  match(record) {
    if (!isIam(record, 'CreateAccessKey') || identityTypeOf(record) !== 'Root') return undefined;
    if (targetUserOf(record)) return undefined;
    const newKey = str(at(record.responseElements, 'accessKey', 'accessKeyId'));
    return verdict(
      record,
      'critical',
      `CreateAccessKey for root${newKey ? ` (new key ${shown(newKey)})` : ''}`,
    );
  },
});

export const userCreated = recordRule({
  id: 'iam-user-created',
  title: 'IAM user created',
  severity: 'medium',
  alsoSeverities: ['low'],
  description:
    'CreateUser: a new identity, often the first step of persistence when followed by keys or a password.',
  match(record) {
    if (!isIam(record, 'CreateUser')) return undefined;
    return verdict(record, 'medium', `CreateUser ${shown(targetUserOf(record))}`);
  },
});

export const loginProfileChanged = recordRule({
  id: 'iam-login-profile',
  title: 'Console password set for a user',
  severity: 'high',
  alsoSeverities: ['medium', 'low'],
  description:
    'CreateLoginProfile or UpdateLoginProfile: gives a user a console password or resets it. For another user this is a takeover path; for oneself it is flagged lower.',
  match(record) {
    if (!isIam(record, 'CreateLoginProfile', 'UpdateLoginProfile')) return undefined;
    const target = targetUserOf(record);
    // Without a userName, IAM applies the call to the caller.
    const forSelf = target === undefined || target === callerUserNameOf(record);
    return verdict(
      record,
      forSelf ? 'medium' : 'high',
      `${eventNameOf(record)} for ${forSelf ? 'themselves' : shown(target)}`,
    );
  },
});

export const IAM_CREDENTIAL_RULES: readonly Rule[] = [
  accessKeyForOtherUser,
  rootAccessKey,
  userCreated,
  loginProfileChanged,
];
