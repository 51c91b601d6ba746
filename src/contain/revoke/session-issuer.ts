/**
 * Who a temporary (ASIA…) key was issued to, read from one CloudTrail record made with it. Pure: the record
 * is the `CloudTrailEvent` JSON string LookupEvents returns, already parsed or not.
 */

export type SessionIssuer =
  /** A role session: revoke the role's sessions. `sessionArn` is assumed-role/<role>/<session>. */
  | { type: 'role'; roleArn: string; roleName: string; account: string; sessionArn?: string }
  /** A GetSessionToken or GetFederationToken session of an IAM user. */
  | { type: 'user'; userArn: string; userName: string; account: string }
  | { type: 'root'; account: string };

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\x21-\x7e]*\/)?([\w+=,.@-]{1,128})$/;
const USER_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):user\/(?:[\x21-\x7e]*\/)?([\w+=,.@-]{1,128})$/;
const ACCOUNT = /^\d{12}$/;

type Json = Record<string, unknown>;

const objectOf = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
const stringOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** The record as an object: a JSON string is parsed; anything unreadable is undefined. */
function recordOf(record: unknown): Json | undefined {
  if (typeof record !== 'string') return objectOf(record);
  try {
    return objectOf(JSON.parse(record));
  } catch {
    return undefined;
  }
}

/**
 * The principal behind the record's `userIdentity`: AssumedRole → the role in
 * `sessionContext.sessionIssuer.arn`; IAMUser → the user; Root → root. Undefined for any other identity type
 * (AWSService, FederatedUser, IdentityCenterUser…) and for records missing the fields needed.
 */
export function sessionIssuerOf(record: unknown): SessionIssuer | undefined {
  const identity = objectOf(recordOf(record)?.userIdentity);
  if (!identity) return undefined;
  const account = stringOf(identity.accountId);
  switch (identity.type) {
    case 'AssumedRole': {
      const issuer = objectOf(objectOf(identity.sessionContext)?.sessionIssuer);
      const arn = stringOf(issuer?.arn);
      const match = arn === undefined ? null : ROLE_ARN.exec(arn);
      if (!arn || !match) return undefined;
      const sessionArn = stringOf(identity.arn);
      return {
        type: 'role',
        roleArn: arn,
        roleName: match[2]!,
        account: match[1]!,
        ...(sessionArn !== undefined && { sessionArn }),
      };
    }
    case 'IAMUser': {
      const arn = stringOf(identity.arn);
      const match = arn === undefined ? null : USER_ARN.exec(arn);
      if (!arn || !match) return undefined;
      return { type: 'user', userArn: arn, userName: match[2]!, account: match[1]! };
    }
    case 'Root': {
      const fromArn = /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(stringOf(identity.arn) ?? '')?.[1];
      const found = fromArn ?? (account !== undefined && ACCOUNT.test(account) ? account : undefined);
      return found === undefined ? undefined : { type: 'root', account: found };
    }
    default:
      return undefined;
  }
}

/** How the preview names the session: `assumed-role/web-app-role/i-0web…`, `user/alice`, `root`. */
export function sessionLabel(issuer: SessionIssuer): string {
  switch (issuer.type) {
    case 'role': {
      const session =
        issuer.sessionArn === undefined ? undefined : /:(assumed-role\/.+)$/.exec(issuer.sessionArn)?.[1];
      return session ?? `role/${issuer.roleName}`;
    }
    case 'user':
      return `user/${issuer.userName}`;
    case 'root':
      return 'root';
  }
}
