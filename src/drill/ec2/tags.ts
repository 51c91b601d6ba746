import type { CreateTagsRequest, DeleteTagsRequest } from '@aws-sdk/client-ec2';
import type { HandlerContext } from '../context.js';
import { AwsFault, missingParameter } from '../errors.js';
import { ec2Of, NOT_FOUND } from './lookup.js';
import type { Ec2State, Tags } from './model.js';
import { applyTags, validateTag } from './tagging.js';

type Collection = keyof Ec2State;

/** Which collection an id belongs to, by its prefix. Longer prefixes first: 'eipalloc-' before 'eip'. */
const BY_PREFIX: readonly [string, Collection, (ids: readonly string[]) => AwsFault][] = [
  ['i-', 'instances', NOT_FOUND.instance],
  ['eni-', 'networkInterfaces', NOT_FOUND.networkInterface],
  ['sg-', 'securityGroups', NOT_FOUND.securityGroup],
  ['vol-', 'volumes', NOT_FOUND.volume],
  ['snap-', 'snapshots', NOT_FOUND.snapshot],
  ['subnet-', 'subnets', NOT_FOUND.subnet],
  ['vpce-', 'vpcEndpoints', NOT_FOUND.vpcEndpoint],
  ['vpc-', 'vpcs', NOT_FOUND.vpc],
  ['rtb-', 'routeTables', NOT_FOUND.routeTable],
  ['acl-', 'networkAcls', NOT_FOUND.networkAcl],
  ['nat-', 'natGateways', NOT_FOUND.natGateway],
  ['eipalloc-', 'addresses', NOT_FOUND.allocation],
];

function tagsOf(ec2: Ec2State, id: string): Tags {
  const entry = BY_PREFIX.find(([prefix]) => id.startsWith(prefix));
  if (!entry) throw new AwsFault('InvalidID', `The ID '${id}' is not valid`);
  const [, collection, notFound] = entry;
  const record = (ec2[collection] as Record<string, { tags: Tags }>)[id];
  if (!record) throw notFound([id]);
  return record.tags;
}

export function createTags(ctx: HandlerContext, input: CreateTagsRequest): Record<string, never> {
  if (!input.Resources?.length) throw missingParameter('ResourceId');
  if (!input.Tags?.length) throw missingParameter('Tag');
  const ec2 = ec2Of(ctx);
  for (const id of input.Resources) applyTags(tagsOf(ec2, id), input.Tags, id);
  return {};
}

/**
 * Without Tags every tag goes. A tag with a Value is deleted only if the value matches; a tag without one
 * is deleted whatever its value (the SDK sends an empty string as a value, which matches only '').
 */
export function deleteTags(ctx: HandlerContext, input: DeleteTagsRequest): Record<string, never> {
  if (!input.Resources?.length) throw missingParameter('ResourceId');
  const ec2 = ec2Of(ctx);
  for (const id of input.Resources) {
    const tags = tagsOf(ec2, id);
    if (!input.Tags?.length) {
      for (const key of Object.keys(tags)) delete tags[key];
      continue;
    }
    for (const tag of input.Tags) {
      const key = tag.Key ?? '';
      if (tag.Value === undefined) {
        validateTag({ Key: key });
        delete tags[key];
      } else if (tags[key] === tag.Value) delete tags[key];
    }
  }
  return {};
}
