import { canonicalJson } from '../isolate/plan-hash.js';

/**
 * The policies revoking writes, and the arithmetic IAM applies to them. Names carry the incident id, so a
 * restore without the action record (and a human in the console) can tell them apart from anyone else's.
 */

/** A user's inline policies share this many characters, counted without whitespace. */
export const USER_INLINE_BUDGET = 2048;

export const policyName = {
  userDeny: (incidentId: string) => `firebreak-${incidentId}`,
  managedDeny: (incidentId: string) => `firebreak-${incidentId}-deny`,
  roleSessions: (incidentId: string) => `firebreak-${incidentId}-revoke-sessions`,
} as const;

/**
 * Unconditional, so it also stops a fresh console sign-in, a new access key and a GetSessionToken session,
 * which a TokenIssueTime condition would let through.
 */
export function userDenyDocument(): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'FirebreakRevoke', Effect: 'Deny', Action: '*', Resource: '*' }],
  });
}

/** AWS's own "revoke active sessions" (AWSRevokeOlderSessions): sessions issued later keep working. */
export function roleSessionsDocument(issuedBefore: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'FirebreakRevokeOlderSessions',
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { DateLessThan: { 'aws:TokenIssueTime': issuedBefore } },
      },
    ],
  });
}

/** IAM counts policy size without whitespace. */
export function policySize(document: string): number {
  return document.replace(/\s/g, '').length;
}

/** Whether `document` can be put under `name` beside the user's other inline policies (one of that name is replaced). */
export function fitsUserInline(
  existing: Readonly<Record<string, string>>,
  name: string,
  document: string,
): boolean {
  return spareUserInline(existing, name) >= policySize(document);
}

export function spareUserInline(existing: Readonly<Record<string, string>>, name: string): number {
  const used = Object.entries(existing)
    .filter(([other]) => other !== name)
    .reduce((sum, [, text]) => sum + policySize(text), 0);
  return USER_INLINE_BUDGET - used;
}

/** IAM returns policy documents URL-encoded (RFC 3986). */
export function decodePolicy(document: string | undefined): string | undefined {
  if (document === undefined) return undefined;
  try {
    return decodeURIComponent(document);
  } catch {
    return document;
  }
}

/** Equal as JSON, whatever the whitespace and key order IAM hands back. */
export function sameDocument(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  try {
    return canonicalJson(JSON.parse(a)) === canonicalJson(JSON.parse(b));
  } catch {
    return a === b;
  }
}

/** The cut-off of a TokenIssueTime deny like ours, or undefined for any other document. */
export function sessionsCutOff(document: string | undefined): string | undefined {
  if (document === undefined) return undefined;
  try {
    const parsed = JSON.parse(document) as { Statement?: unknown };
    const statements = [parsed.Statement].flat() as {
      Effect?: unknown;
      Condition?: { DateLessThan?: Record<string, unknown> };
    }[];
    if (statements.length !== 1 || statements[0]?.Effect !== 'Deny') return undefined;
    const time = statements[0].Condition?.DateLessThan?.['aws:TokenIssueTime'];
    return typeof time === 'string' ? time : undefined;
  } catch {
    return undefined;
  }
}

/** `arn:aws:iam::1:user/a/b` → `arn:aws:iam::1:policy/<name>`, in the principal's own partition and account. */
export function managedPolicyArn(principalArn: string, name: string): string {
  const [, partition = 'aws', account = ''] = /^arn:([^:]+):iam::(\d{12}):/.exec(principalArn) ?? [];
  return `arn:${partition}:iam::${account}:policy/${name}`;
}
