import type { FirebreakGroupRole } from './observation.js';

/** Tag keys and group names Firebreak writes. They are how a later run (or a restore without the store) finds its work. */
export const TAG = {
  protected: 'firebreak:protected',
  role: 'firebreak:role',
  originalGroups: 'firebreak:original-groups',
  incident: 'firebreak:incident',
  action: 'firebreak:action',
  isolatedBy: 'firebreak:isolated-by',
  isolatedAt: 'firebreak:isolated-at',
  /** The profile ARN, so restore can re-associate it even without the action record. */
  originalProfile: 'firebreak:original-profile',
} as const;

/** The instance tags written as evidence; restore removes exactly these. */
export const INSTANCE_TAG_KEYS = [TAG.incident, TAG.isolatedBy, TAG.isolatedAt, TAG.originalProfile] as const;

export const GROUP_NAME: Record<FirebreakGroupRole, string> = {
  untrack: 'firebreak-untrack',
  isolation: 'firebreak-isolation',
};

export const GROUP_DESCRIPTION: Record<FirebreakGroupRole, string> = {
  untrack: 'Firebreak: allows all traffic so that tracked flows become untracked before isolation',
  isolation: 'Firebreak: no ingress, no egress; isolated instances',
};

export const NOTE = {
  dryRun: 'dry run: would succeed',
  planned: 'planned (no dry run for this API)',
  notCut: 'tracked connections not cut',
} as const;

// A tag value holds 256 characters; 16 group ids (the per-interface quota) need 335, so long lists spill over.
const TAG_VALUE_MAX = 256;

/** The original groups as one or more tags: `firebreak:original-groups`, then `…:2`, `…:3`. */
export function originalGroupsTags(groups: readonly string[]): { Key: string; Value: string }[] {
  const values: string[] = [];
  let current = '';
  for (const group of groups) {
    const next = current === '' ? group : `${current},${group}`;
    if (next.length > TAG_VALUE_MAX) {
      values.push(current);
      current = group;
    } else {
      current = next;
    }
  }
  if (current !== '') values.push(current);
  return values.map((Value, index) => ({ Key: originalGroupsKey(index), Value }));
}

export function originalGroupsKey(index: number): string {
  return index === 0 ? TAG.originalGroups : `${TAG.originalGroups}:${index + 1}`;
}

/** Every original-groups key present in `tags`, for removal on restore. */
export function originalGroupsKeys(tags: Record<string, string>): string[] {
  return Object.keys(tags).filter(
    (key) => key === TAG.originalGroups || key.startsWith(`${TAG.originalGroups}:`),
  );
}

/** The groups recorded in the tags, or undefined when there is no (usable) record. */
export function decodeOriginalGroups(tags: Record<string, string>): string[] | undefined {
  const groups: string[] = [];
  for (let index = 0; tags[originalGroupsKey(index)] !== undefined; index++) {
    groups.push(...tags[originalGroupsKey(index)]!.split(','));
  }
  const clean = groups.map((group) => group.trim()).filter((group) => /^sg-[0-9a-f]+$/.test(group));
  return clean.length > 0 && clean.length === groups.length ? clean : undefined;
}

/** Firebreak's own groups are found by tag, or by name before their ids are known (names are unique per VPC). */
export function firebreakRoleOfName(name: string | undefined): FirebreakGroupRole | undefined {
  if (name === GROUP_NAME.untrack) return 'untrack';
  if (name === GROUP_NAME.isolation) return 'isolation';
  return undefined;
}

export function tagMap(
  tags: readonly { Key?: string; Value?: string }[] | undefined,
): Record<string, string> {
  const map: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) map[tag.Key] = tag.Value ?? '';
  return map;
}

export function sameGroups(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sorted = [...b].sort();
  return [...a].sort().every((group, index) => group === sorted[index]);
}
