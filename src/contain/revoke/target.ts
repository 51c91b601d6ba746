/**
 * What a responder may type as the thing to revoke, parsed without AWS. CloudTrail shows session ARNs and key
 * ids, consoles show names and ARNs, so all of them are accepted; a bare name may be a user or a role, and
 * only IAM can say which.
 */
export type RevokeTarget =
  | { type: 'access-key'; keyId: string; temporary: boolean }
  | { type: 'user'; name: string; account?: string }
  | { type: 'role'; name: string; account?: string }
  | { type: 'root'; account?: string }
  | { type: 'name'; name: string };

const KEY_ID = /^(AKIA|ASIA)[A-Z0-9]{16}$/;
const IAM_NAME = /^[\w+=,.@-]{1,128}$/;
const IAM_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):(user|role)\/(?:[\x21-\x7e]*\/)?([\w+=,.@-]{1,128})$/;
const SESSION_ARN = /^arn:aws[a-z-]*:sts::(\d{12}):assumed-role\/([\w+=,.@-]{1,128})\/[^/]+$/;
const ROOT_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):root$/;
const PREFIXED = /^(user|role)\/([\w+=,.@-]{1,128})$/;

export function parseRevokeTarget(resourceId: string): RevokeTarget | undefined {
  const text = resourceId.trim();
  const key = KEY_ID.exec(text);
  if (key) return { type: 'access-key', keyId: text, temporary: key[1] === 'ASIA' };
  const arn = IAM_ARN.exec(text);
  if (arn) return { type: arn[2] as 'user' | 'role', name: arn[3]!, account: arn[1]! };
  // A session ARN names its role; revoking "the session" can only mean revoking the role's sessions.
  const session = SESSION_ARN.exec(text);
  if (session) return { type: 'role', name: session[2]!, account: session[1]! };
  const root = ROOT_ARN.exec(text);
  if (root) return { type: 'root', account: root[1]! };
  if (text === 'root') return { type: 'root' };
  const prefixed = PREFIXED.exec(text);
  if (prefixed) return { type: prefixed[1] as 'user' | 'role', name: prefixed[2]! };
  return IAM_NAME.test(text) ? { type: 'name', name: text } : undefined;
}

export const TARGET_USAGE =
  'an IAM user name, a role name or ARN, user/<name> or role/<name>, an assumed-role session ARN, or an access key id (AKIA…)';
