import type { Tag, TagSpecification } from '@aws-sdk/client-ec2';
import { AwsFault, invalidParameterValue } from '../errors.js';
import type { Tags } from './model.js';

/** AWS's per-resource tag limit. */
export const MAX_TAGS = 50;

export function tagList(tags: Tags): Tag[] | undefined {
  const entries = Object.entries(tags);
  return entries.length ? entries.map(([Key, Value]) => ({ Key, Value })) : undefined;
}

export function validateTag(tag: Tag): { key: string; value: string } {
  const key = tag.Key;
  if (key === undefined || key === '') throw invalidParameterValue('Tag key must not be empty');
  if (key.length > 128) throw invalidParameterValue(`Tag key exceeds the maximum length of 128 characters`);
  if (key.toLowerCase().startsWith('aws:')) {
    throw invalidParameterValue(`Tag keys starting with 'aws:' are reserved for internal use`);
  }
  const value = tag.Value ?? '';
  if (value.length > 256)
    throw invalidParameterValue(`Tag value exceeds the maximum length of 256 characters`);
  return { key, value };
}

export function applyTags(target: Tags, tags: readonly Tag[], resourceId: string): void {
  for (const tag of tags) {
    const { key, value } = validateTag(tag);
    target[key] = value;
  }
  if (Object.keys(target).length > MAX_TAGS) {
    throw new AwsFault(
      'TagLimitExceeded',
      `The maximum number of tags for resource '${resourceId}' was exceeded`,
    );
  }
}

/**
 * The tags a create call's TagSpecifications give a resource of `resourceType`. A specification for a type
 * the call does not create is an error in AWS, which catches copy-paste mistakes in product code.
 */
export function tagsFromSpecifications(
  specifications: readonly TagSpecification[] | undefined,
  resourceType: string,
): Tags {
  const tags: Tags = {};
  for (const specification of specifications ?? []) {
    if (specification.ResourceType !== resourceType) {
      throw invalidParameterValue(
        `'${specification.ResourceType ?? ''}' is not a valid taggable resource type for this operation.`,
      );
    }
    applyTags(tags, specification.Tags ?? [], resourceType);
  }
  return tags;
}
