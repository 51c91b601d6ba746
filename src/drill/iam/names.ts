import { validationError } from '../errors.js';

const NAME_PATTERN = /^[\w+=,.@-]+$/;

/** IAM's null-member message, e.g. for `userName`. */
export function requireMember<T>(value: T | undefined | null, member: string): T {
  if (value === undefined || value === null || value === '') {
    throw validationError(
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

/** A user, role or policy name: `[\w+=,.@-]+`, at most `max` characters. */
export function requireName(value: string | undefined, member: string, max: number): string {
  const name = requireMember(value, member);
  if (name.length > max) {
    throw validationError(
      `1 validation error detected: Value '${name}' at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
    );
  }
  if (!NAME_PATTERN.test(name)) {
    throw validationError(
      `1 validation error detected: Value '${name}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`,
    );
  }
  return name;
}

/** An IAM path: `/` or `/segment/…/`, defaulting to `/`. */
export function requirePath(value: string | undefined, member = 'path'): string {
  const path = value ?? '/';
  if (path.length > 512 || !/^\/([\x21-\x7e]*\/)?$/.test(path)) {
    throw validationError(
      `The specified value for ${member} is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.`,
    );
  }
  return path;
}

export function tagRecord(
  tags: readonly { Key?: string; Value?: string }[] | undefined,
): Record<string, string> {
  const record: Record<string, string> = {};
  for (const { Key, Value } of tags ?? []) if (Key !== undefined) record[Key] = Value ?? '';
  return record;
}

export function tagList(tags: Record<string, string>): { Key: string; Value: string }[] | undefined {
  const list = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  return list.length ? list : undefined;
}
