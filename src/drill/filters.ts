import type { Filter } from '@aws-sdk/client-ec2';
import { invalidParameterValue } from './errors.js';
import type { Tags } from './tags.js';

type FieldValue = string | number | boolean | undefined | null;

/** Filter name → the values a resource has for it. Tag filters are handled for every resource with tags. */
export type FilterFields<T> = Readonly<Record<string, (item: T) => FieldValue | readonly FieldValue[]>>;

function wildcard(pattern: string): RegExp {
  // AWS filter values take `*` and `?`, and a backslash escapes them.
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i] as string;
    if (char === '\\' && i + 1 < pattern.length) {
      i += 1;
      source += (pattern[i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

function valuesFor<T>(item: T, name: string, fields: FilterFields<T>, tags?: (item: T) => Tags): string[] {
  const tagSet = tags?.(item);
  if (tagSet && name.startsWith('tag:')) {
    const value = tagSet[name.slice(4)];
    return value === undefined ? [] : [value];
  }
  if (tagSet && name === 'tag-key') return Object.keys(tagSet);
  if (tagSet && name === 'tag-value') return Object.values(tagSet);
  const field = fields[name];
  if (!field) throw invalidParameterValue(`The filter '${name}' is invalid`);
  const raw = field(item);
  const list = Array.isArray(raw) ? raw : [raw];
  return list.filter((value) => value !== undefined && value !== null).map((value) => String(value));
}

/**
 * Applies EC2-style filters: filters are ANDed, the values of one filter are ORed, and values may use
 * wildcards. An unknown filter name is an error, as in AWS, so a typo in product code fails loudly.
 */
export function applyFilters<T>(
  items: readonly T[],
  filters: readonly Filter[] | undefined,
  fields: FilterFields<T>,
  tags?: (item: T) => Tags,
): T[] {
  if (!filters?.length) return [...items];
  const compiled = filters.map((filter) => {
    if (!filter.Name) throw invalidParameterValue('The filter name must not be empty');
    return { name: filter.Name, patterns: (filter.Values ?? []).map(wildcard) };
  });
  // Validate names even when there is nothing to filter, so a bad filter never passes silently.
  const probe = items[0];
  if (probe === undefined) {
    for (const { name } of compiled) {
      const isTag = tags && (name.startsWith('tag:') || name === 'tag-key' || name === 'tag-value');
      if (!isTag && !fields[name]) throw invalidParameterValue(`The filter '${name}' is invalid`);
    }
  }
  return items.filter((item) =>
    compiled.every(({ name, patterns }) => {
      const values = valuesFor(item, name, fields, tags);
      return patterns.some((pattern) => values.some((value) => pattern.test(value)));
    }),
  );
}
