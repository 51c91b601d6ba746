import type {
  CreateNetworkAclEntryRequest,
  DeleteNetworkAclEntryRequest,
  DescribeNetworkAclsRequest,
  DescribeNetworkAclsResult,
  NetworkAcl,
} from '@aws-sdk/client-ec2';
import type { HandlerContext } from '../context.js';
import { AwsFault, invalidParameterValue, missingParameter } from '../errors.js';
import { applyFilters, type FilterFields } from '../filters.js';
import { paginate } from '../pagination.js';
import { assertIpv4Cidr, assertIpv6Cidr } from './addressing.js';
import { ec2Of, getNetworkAcl, NOT_FOUND, selectByIds } from './lookup.js';
import type { NetworkAclEntryRecord, NetworkAclRecord } from './model.js';
import { tagList } from './tagging.js';

/** AWS's default quota of rules per direction per network ACL. */
const ENTRIES_PER_DIRECTION = 20;

const FIELDS: FilterFields<NetworkAclRecord> = {
  'network-acl-id': (acl) => acl.id,
  'vpc-id': (acl) => acl.vpcId,
  default: (acl) => acl.isDefault,
  'association.subnet-id': (acl) => acl.associations.map((a) => a.subnetId),
  'association.association-id': (acl) => acl.associations.map((a) => a.id),
  'association.network-acl-id': (acl) => acl.id,
  'entry.rule-number': (acl) => acl.entries.map((e) => e.ruleNumber),
  'entry.rule-action': (acl) => acl.entries.map((e) => e.ruleAction),
  'entry.cidr': (acl) => acl.entries.map((e) => e.cidrBlock),
  'entry.ipv6-cidr': (acl) => acl.entries.map((e) => e.ipv6CidrBlock),
  'entry.egress': (acl) => acl.entries.map((e) => e.egress),
  'entry.protocol': (acl) => acl.entries.map((e) => e.protocol),
};

const PROTOCOL_NUMBERS: Readonly<Record<string, string>> = {
  tcp: '6',
  udp: '17',
  icmp: '1',
  icmpv6: '58',
  all: '-1',
};

function view(ctx: HandlerContext, acl: NetworkAclRecord): NetworkAcl {
  const entries = [...acl.entries].sort(
    (a, b) => Number(a.egress) - Number(b.egress) || a.ruleNumber - b.ruleNumber,
  );
  return {
    NetworkAclId: acl.id,
    VpcId: acl.vpcId,
    OwnerId: ctx.state.accountId,
    IsDefault: acl.isDefault,
    Associations: acl.associations.map((a) => ({
      NetworkAclAssociationId: a.id,
      NetworkAclId: acl.id,
      SubnetId: a.subnetId,
    })),
    Entries: entries.map((entry) => ({
      RuleNumber: entry.ruleNumber,
      Egress: entry.egress,
      Protocol: entry.protocol,
      RuleAction: entry.ruleAction,
      CidrBlock: entry.cidrBlock,
      Ipv6CidrBlock: entry.ipv6CidrBlock,
      PortRange: entry.portRange ? { From: entry.portRange.from, To: entry.portRange.to } : undefined,
      IcmpTypeCode: entry.icmpTypeCode
        ? { Type: entry.icmpTypeCode.type, Code: entry.icmpTypeCode.code }
        : undefined,
    })),
    Tags: tagList(acl.tags) ?? [],
  };
}

export function describeNetworkAcls(
  ctx: HandlerContext,
  input: DescribeNetworkAclsRequest,
): DescribeNetworkAclsResult {
  const ec2 = ec2Of(ctx);
  const selected = selectByIds(ec2.networkAcls, input.NetworkAclIds, NOT_FOUND.networkAcl);
  const filtered = applyFilters(selected, input.Filters, FIELDS, (acl) => acl.tags);
  const page = paginate(filtered, input.MaxResults, input.NextToken);
  return { NetworkAcls: page.items.map((acl) => view(ctx, acl)), NextToken: page.nextToken };
}

function entryFrom(input: CreateNetworkAclEntryRequest): NetworkAclEntryRecord {
  const ruleNumber = input.RuleNumber;
  if (ruleNumber === undefined) throw missingParameter('RuleNumber');
  if (!Number.isInteger(ruleNumber) || ruleNumber < 1 || ruleNumber > 32766) {
    throw invalidParameterValue(
      `Value (${ruleNumber}) for parameter ruleNumber is invalid. Must be between 1 and 32766.`,
    );
  }
  if (input.Egress === undefined) throw missingParameter('Egress');
  if (input.RuleAction !== 'allow' && input.RuleAction !== 'deny') {
    throw invalidParameterValue(`Value (${input.RuleAction ?? ''}) for parameter ruleAction is invalid.`);
  }
  if (input.Protocol === undefined) throw missingParameter('Protocol');
  const raw = input.Protocol.toLowerCase();
  const protocol = PROTOCOL_NUMBERS[raw] ?? raw;
  if (protocol !== '-1' && !(/^\d+$/.test(protocol) && Number(protocol) <= 255)) {
    throw invalidParameterValue(`Value (${input.Protocol}) for parameter protocol is invalid.`);
  }
  if (Boolean(input.CidrBlock) === Boolean(input.Ipv6CidrBlock)) {
    throw missingParameter('exactly one of CidrBlock or Ipv6CidrBlock');
  }
  if (input.CidrBlock) assertIpv4Cidr(input.CidrBlock);
  if (input.Ipv6CidrBlock) assertIpv6Cidr(input.Ipv6CidrBlock);
  const entry: NetworkAclEntryRecord = {
    ruleNumber,
    egress: input.Egress,
    protocol,
    ruleAction: input.RuleAction,
    ...(input.CidrBlock ? { cidrBlock: input.CidrBlock } : {}),
    ...(input.Ipv6CidrBlock ? { ipv6CidrBlock: input.Ipv6CidrBlock.toLowerCase() } : {}),
  };
  if (protocol === '6' || protocol === '17') {
    const from = input.PortRange?.From;
    const to = input.PortRange?.To;
    if (from === undefined || to === undefined) throw missingParameter('PortRange');
    entry.portRange = { from, to };
  }
  if (protocol === '1' || protocol === '58') {
    entry.icmpTypeCode = { type: input.IcmpTypeCode?.Type ?? -1, code: input.IcmpTypeCode?.Code ?? -1 };
  }
  return entry;
}

export function createNetworkAclEntry(
  ctx: HandlerContext,
  input: CreateNetworkAclEntryRequest,
): Record<string, never> {
  const acl = getNetworkAcl(ec2Of(ctx), input.NetworkAclId);
  const entry = entryFrom(input);
  if (acl.entries.some((e) => e.egress === entry.egress && e.ruleNumber === entry.ruleNumber)) {
    throw new AwsFault(
      'NetworkAclEntryAlreadyExists',
      `The network acl entry identified by ${entry.ruleNumber} already exists.`,
    );
  }
  const sameDirection = acl.entries.filter((e) => e.egress === entry.egress && e.ruleNumber <= 32766).length;
  if (sameDirection >= ENTRIES_PER_DIRECTION) {
    throw new AwsFault(
      'NetworkAclEntryLimitExceeded',
      'The maximum number of network ACL entries has been reached.',
    );
  }
  acl.entries.push(entry);
  return {};
}

export function deleteNetworkAclEntry(
  ctx: HandlerContext,
  input: DeleteNetworkAclEntryRequest,
): Record<string, never> {
  const acl = getNetworkAcl(ec2Of(ctx), input.NetworkAclId);
  if (input.RuleNumber === undefined) throw missingParameter('RuleNumber');
  if (input.Egress === undefined) throw missingParameter('Egress');
  if (input.RuleNumber > 32766) {
    throw invalidParameterValue(
      `Value (${input.RuleNumber}) for parameter ruleNumber is invalid. Must be between 1 and 32766.`,
    );
  }
  const index = acl.entries.findIndex((e) => e.egress === input.Egress && e.ruleNumber === input.RuleNumber);
  if (index < 0) {
    throw new AwsFault('InvalidNetworkAclEntry.NotFound', `The specified network ACL entry does not exist.`);
  }
  acl.entries.splice(index, 1);
  return {};
}
