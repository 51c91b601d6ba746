import type {
  CreateSecurityGroupRequest,
  CreateSecurityGroupResult,
  DeleteSecurityGroupRequest,
  DeleteSecurityGroupResult,
  DescribeSecurityGroupsRequest,
  DescribeSecurityGroupsResult,
  SecurityGroup,
} from '@aws-sdk/client-ec2';
import { type HandlerContext, newId } from '../context.js';
import { AwsFault, invalidParameterValue, missingParameter } from '../errors.js';
import { applyFilters, type FilterFields } from '../filters.js';
import { paginate } from '../pagination.js';
import { toIpPermissions } from './ip-permissions.js';
import { ec2Of, getSecurityGroup, getVpc, NOT_FOUND, selectByIds } from './lookup.js';
import type { Ec2State, SecurityGroupRecord } from './model.js';
import { tagList, tagsFromSpecifications } from './tagging.js';

const FIELDS: FilterFields<SecurityGroupRecord> = {
  'group-id': (group) => group.id,
  'group-name': (group) => group.name,
  description: (group) => group.description,
  'vpc-id': (group) => group.vpcId,
  'ip-permission.cidr': (group) => group.ingress.map((rule) => rule.cidrIpv4),
  'ip-permission.ipv6-cidr': (group) => group.ingress.map((rule) => rule.cidrIpv6),
  'ip-permission.group-id': (group) => group.ingress.map((rule) => rule.groupId),
  'ip-permission.protocol': (group) => group.ingress.map((rule) => rule.protocol),
  'egress.ip-permission.cidr': (group) => group.egress.map((rule) => rule.cidrIpv4),
  'egress.ip-permission.ipv6-cidr': (group) => group.egress.map((rule) => rule.cidrIpv6),
  'egress.ip-permission.group-id': (group) => group.egress.map((rule) => rule.groupId),
};

export function securityGroupArn(region: string, accountId: string, groupId: string): string {
  return `arn:aws:ec2:${region}:${accountId}:security-group/${groupId}`;
}

function view(ctx: HandlerContext, group: SecurityGroupRecord): SecurityGroup {
  return {
    GroupId: group.id,
    GroupName: group.name,
    Description: group.description,
    OwnerId: ctx.state.accountId,
    VpcId: group.vpcId,
    SecurityGroupArn: securityGroupArn(ctx.region, ctx.state.accountId, group.id),
    IpPermissions: toIpPermissions(group.ingress),
    IpPermissionsEgress: toIpPermissions(group.egress),
    Tags: tagList(group.tags),
  };
}

/** GroupName addresses groups in the default VPC only; a named group elsewhere needs the group-name filter. */
export function groupsByName(ec2: Ec2State, names: readonly string[]): SecurityGroupRecord[] {
  const defaultVpc = Object.values(ec2.vpcs).find((vpc) => vpc.isDefault);
  return names.map((name) => {
    const group = Object.values(ec2.securityGroups).find(
      (g) => g.name === name && g.vpcId === defaultVpc?.id,
    );
    if (!group) {
      throw new AwsFault(
        'InvalidGroup.NotFound',
        `The security group '${name}' does not exist in default VPC '${defaultVpc?.id ?? 'none'}'`,
      );
    }
    return group;
  });
}

export function describeSecurityGroups(
  ctx: HandlerContext,
  input: DescribeSecurityGroupsRequest,
): DescribeSecurityGroupsResult {
  const ec2 = ec2Of(ctx);
  let groups = selectByIds(ec2.securityGroups, input.GroupIds, NOT_FOUND.securityGroup);
  if (input.GroupNames?.length) {
    const named = new Set(groupsByName(ec2, input.GroupNames).map((group) => group.id));
    groups = groups.filter((group) => named.has(group.id));
  }
  const filtered = applyFilters(groups, input.Filters, FIELDS, (group) => group.tags);
  const page = paginate(filtered, input.MaxResults, input.NextToken);
  return { SecurityGroups: page.items.map((group) => view(ctx, group)), NextToken: page.nextToken };
}

export function createSecurityGroup(
  ctx: HandlerContext,
  input: CreateSecurityGroupRequest,
): CreateSecurityGroupResult {
  const ec2 = ec2Of(ctx);
  if (!input.GroupName) throw missingParameter('GroupName');
  if (input.Description === undefined) throw missingParameter('GroupDescription');
  if (input.GroupName.length > 255 || input.Description.length > 255) {
    throw invalidParameterValue('Group name and description are limited to 255 characters.');
  }
  if (input.GroupName.toLowerCase().startsWith('sg-')) {
    throw invalidParameterValue(`Group names may not be in the format sg-*.`);
  }
  const vpcId = input.VpcId ?? Object.values(ec2.vpcs).find((vpc) => vpc.isDefault)?.id;
  if (!vpcId) throw new AwsFault('VPCIdNotSpecified', 'No default VPC for this user');
  const vpc = getVpc(ec2, vpcId);
  if (Object.values(ec2.securityGroups).some((g) => g.vpcId === vpc.id && g.name === input.GroupName)) {
    throw new AwsFault(
      'InvalidGroup.Duplicate',
      `The security group '${input.GroupName}' already exists for VPC '${vpc.id}'`,
    );
  }
  const tags = tagsFromSpecifications(input.TagSpecifications, 'security-group');
  const id = newId(ctx, 'sg');
  // Like AWS, a new group allows all IPv4 egress and nothing else; IPv6 egress must be added explicitly.
  const group: SecurityGroupRecord = {
    id,
    name: input.GroupName,
    description: input.Description,
    vpcId: vpc.id,
    ingress: [],
    egress: [{ id: newId(ctx, 'sgr'), protocol: '-1', cidrIpv4: '0.0.0.0/0' }],
    tags,
  };
  ec2.securityGroups[id] = group;
  return {
    GroupId: id,
    Tags: tagList(tags),
    SecurityGroupArn: securityGroupArn(ctx.region, ctx.state.accountId, id),
  };
}

export function deleteSecurityGroup(
  ctx: HandlerContext,
  input: DeleteSecurityGroupRequest,
): DeleteSecurityGroupResult {
  const ec2 = ec2Of(ctx);
  const group = input.GroupId
    ? getSecurityGroup(ec2, input.GroupId)
    : groupsByName(ec2, [input.GroupName ?? ''])[0];
  if (!group) throw missingParameter('GroupId');
  if (group.name === 'default') {
    throw new AwsFault(
      'CannotDelete',
      `the specified group: "${group.id}" name: "default" cannot be deleted by a user`,
    );
  }
  const inUse = Object.values(ec2.networkInterfaces).some((eni) => eni.groupIds.includes(group.id));
  const referenced = Object.values(ec2.securityGroups).some(
    (other) =>
      other.id !== group.id && [...other.ingress, ...other.egress].some((rule) => rule.groupId === group.id),
  );
  if (inUse || referenced) {
    throw new AwsFault('DependencyViolation', `resource ${group.id} has a dependent object`);
  }
  delete ec2.securityGroups[group.id];
  return { Return: true, GroupId: group.id };
}
