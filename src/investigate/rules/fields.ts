import { isIP } from 'node:net';
import { type CloudTrailRecord, principalOf } from '../record.js';

/**
 * Defensive readers for CloudTrail fields. Records are attacker-influenced and their shapes vary by service and
 * event version, so every read checks the type it gets and nothing here throws.
 */

export const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

export const obj = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

/** Reads a nested property; undefined as soon as a step is not an object. */
export function at(value: unknown, ...path: string[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    const container = obj(current);
    if (!container || !Object.hasOwn(container, key)) return undefined;
    current = container[key];
  }
  return current;
}

/** A value AWS serialises as either one item or a list of them (policy statements, ACL grants, headers). */
export function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** EC2 wraps lists as `{ items: [...] }`; some records carry the bare list. */
export function items(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return list(at(value, 'items'));
}

/** Strings from a value that may be a string or a list of strings (IAM Action, Resource, headers). */
export function strings(value: unknown): string[] {
  return list(value).filter((v): v is string => typeof v === 'string');
}

/** A string or number as text (ports and protocols arrive as either); anything else is empty. */
export const scalar = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';

/** A boolean that S3 and others sometimes record as the string "true"/"false". */
export function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return undefined;
}

export const eventNameOf = (record: CloudTrailRecord): string => str(record.eventName) ?? '';
export const eventSourceOf = (record: CloudTrailRecord): string => str(record.eventSource) ?? '';
export const errorCodeOf = (record: CloudTrailRecord): string | undefined => str(record.errorCode);
export const userAgentOf = (record: CloudTrailRecord): string | undefined => str(record.userAgent);
export const identityTypeOf = (record: CloudTrailRecord): string | undefined =>
  str(at(record, 'userIdentity', 'type'));
export const accessKeyOf = (record: CloudTrailRecord): string | undefined =>
  str(at(record, 'userIdentity', 'accessKeyId'));

/** A call that AWS refused or that failed: CloudTrail records those with an errorCode. */
export const failed = (record: CloudTrailRecord): boolean => errorCodeOf(record) !== undefined;

/** Milliseconds since the epoch, or undefined for a time we cannot read (such a record never joins a burst). */
export function timeOf(record: CloudTrailRecord): number | undefined {
  const time = str(record.eventTime);
  if (!time) return undefined;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The caller's own IP address, or undefined when the call came from inside AWS: services record their host name
 * (`ec2.amazonaws.com`) or `AWS Internal` there, and those say nothing about where a person is.
 */
export function clientIpOf(record: CloudTrailRecord): string | undefined {
  const ip = str(record.sourceIPAddress)?.trim();
  return ip && isIP(ip) !== 0 ? ip : undefined;
}

/** A long-term IAM user or root key, as opposed to an `ASIA` session key. */
export const isLongTermKey = (key: string | undefined): boolean => key?.startsWith('AKIA') === true;

/** The caller's own IAM user name, when the caller is an IAM user (a role session has no user name of its own). */
export function callerUserNameOf(record: CloudTrailRecord): string | undefined {
  return identityTypeOf(record) === 'IAMUser' ? str(at(record, 'userIdentity', 'userName')) : undefined;
}

/** The account the call was made in: recipientAccountId, else the caller's account. */
export function accountOf(record: CloudTrailRecord): string | undefined {
  return str(record.recipientAccountId) ?? str(at(record, 'userIdentity', 'accountId'));
}

/**
 * A field value made fit for a one-line reason: control characters and line breaks become spaces, and long values
 * are clipped. Escaping for Slack or markdown is still the renderer's job.
 */
export function shown(value: unknown, max = 80): string {
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  if (flat === '') return '?';
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * Who made the call, fit for a reason line. Long enough for an assumed-role ARN (role and session names are up to
 * 64 characters each); a user name typed at a failed sign-in can hold anything, so it is flattened like any value.
 */
export function who(record: CloudTrailRecord): string {
  return shown(principalOf(record), 200);
}

/** " from 203.0.113.7", or nothing when the call came from inside AWS. */
export function fromIp(record: CloudTrailRecord): string {
  const ip = clientIpOf(record);
  if (ip) return ` from ${ip}`;
  const source = str(record.sourceIPAddress);
  return source ? ` via ${shown(source)}` : '';
}

/** "(failed: AccessDenied)" style suffix, so a refused attempt never reads like a success. */
export function outcome(record: CloudTrailRecord): string {
  const code = errorCodeOf(record);
  return code ? ` (attempted, failed: ${shown(code)})` : '';
}

/** "a, b, c and 2 more": a short list of distinct values for a reason line. */
export function few(values: Iterable<string>, max = 3): string {
  const distinct = [...new Set(values)];
  const head = distinct
    .slice(0, max)
    .map((value) => shown(value))
    .join(', ');
  return distinct.length > max ? `${head} and ${distinct.length - max} more` : head;
}
