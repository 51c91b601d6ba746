import type {
  AuthorizeSecurityGroupEgressRequest,
  AuthorizeSecurityGroupEgressResult,
  AuthorizeSecurityGroupIngressRequest,
  AuthorizeSecurityGroupIngressResult,
  IpPermission,
  RevokedSecurityGroupRule,
  RevokeSecurityGroupEgressRequest,
  RevokeSecurityGroupEgressResult,
  RevokeSecurityGroupIngressRequest,
  RevokeSecurityGroupIngressResult,
} from '@aws-sdk/client-ec2';
import { type HandlerContext, newId } from '../context.js';
import { AwsFault, invalidParameterCombination, missingParameter } from '../errors.js';
import {
  describeRule,
  type RuleSpec,
  rulesFromPermissions,
  sameRule,
  toIpPermissions,
  toSecurityGroupRule,
} from './ip-permissions.js';
import { ec2Of, getSecurityGroup } from './lookup.js';
import type { Ec2State, SecurityGroupRecord, SecurityGroupRuleRecord } from './model.js';
import { groupsByName } from './security-groups.js';
import { tagsFromSpecifications } from './tagging.js';

/** AWS's default quota: rules per direction per group, counted separately for IPv4 and IPv6. */
const RULES_PER_DIRECTION = 60;

type Direction = 'ingress' | 'egress';

interface RuleRequest {
  GroupId?: string;
  GroupName?: string;
  IpPermissions?: IpPermission[];
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  CidrIp?: string;
}

function targetGroup(ec2: Ec2State, input: RuleRequest, direction: Direction): SecurityGroupRecord {
  if (input.GroupId) return getSecurityGroup(ec2, input.GroupId);
  if (direction === 'ingress' && input.GroupName)
    return groupsByName(ec2, [input.GroupName])[0] as SecurityGroupRecord;
  throw missingParameter('GroupId');
}

/** The legacy top-level CidrIp/IpProtocol/ports form is one permission; mixing it with IpPermissions is refused. */
function requestedPermissions(input: RuleRequest): IpPermission[] {
  const legacy = input.CidrIp !== undefined || input.IpProtocol !== undefined;
  if (legacy && input.IpPermissions?.length) {
    throw invalidParameterCombination(
      'The parameter IpPermissions cannot be used with CidrIp or IpProtocol.',
    );
  }
  if (legacy) {
    return [
      {
        IpProtocol: input.IpProtocol,
        FromPort: input.FromPort,
        ToPort: input.ToPort,
        IpRanges: input.CidrIp ? [{ CidrIp: input.CidrIp }] : [],
      },
    ];
  }
  return input.IpPermissions ?? [];
}

function authorize(
  ctx: HandlerContext,
  input: RuleRequest,
  direction: Direction,
): AuthorizeSecurityGroupIngressResult {
  const ec2 = ec2Of(ctx);
  const group = targetGroup(ec2, input, direction);
  const permissions = requestedPermissions(input);
  if (!permissions.length) throw missingParameter('IpPermissions');
  const specs = rulesFromPermissions(permissions, ctx.state.accountId);
  for (const spec of specs) {
    if (spec.groupId) getSecurityGroup(ec2, spec.groupId);
  }
  const existing = group[direction];
  specs.forEach((spec, index) => {
    const clash =
      existing.some((rule) => sameRule(rule, spec)) || specs.slice(0, index).some((s) => sameRule(s, spec));
    if (clash) {
      throw new AwsFault(
        'InvalidPermission.Duplicate',
        `the specified rule "${describeRule(spec)}" already exists`,
      );
    }
  });
  const ipv6 = (rules: readonly RuleSpec[]) => rules.filter((rule) => rule.cidrIpv6).length;
  const ipv4 = (rules: readonly RuleSpec[]) => rules.length - ipv6(rules);
  if (
    ipv4(existing) + ipv4(specs) > RULES_PER_DIRECTION ||
    ipv6(existing) + ipv6(specs) > RULES_PER_DIRECTION
  ) {
    throw new AwsFault(
      'RulesPerSecurityGroupLimitExceeded',
      'The maximum number of rules per security group has been reached.',
    );
  }
  const added: SecurityGroupRuleRecord[] = specs.map((spec) => ({ id: newId(ctx, 'sgr'), ...spec }));
  existing.push(...added);
  return {
    Return: true,
    SecurityGroupRules: added.map((rule) =>
      toSecurityGroupRule(group.id, ctx.state.accountId, direction === 'egress', rule, ctx.region),
    ),
  };
}

function revoke(
  ctx: HandlerContext,
  input: RuleRequest & { SecurityGroupRuleIds?: string[] },
  direction: Direction,
): RevokeSecurityGroupIngressResult {
  const ec2 = ec2Of(ctx);
  const group = targetGroup(ec2, input, direction);
  const existing = group[direction];
  const removed: SecurityGroupRuleRecord[] = [];
  if (input.SecurityGroupRuleIds?.length) {
    if (input.IpPermissions?.length) {
      throw invalidParameterCombination('SecurityGroupRuleIds cannot be used with IpPermissions.');
    }
    for (const ruleId of input.SecurityGroupRuleIds) {
      const rule = existing.find((candidate) => candidate.id === ruleId);
      if (!rule) {
        throw new AwsFault(
          'InvalidSecurityGroupRuleId.NotFound',
          `The security group rule ID '${ruleId}' does not exist in security group '${group.id}'`,
        );
      }
      removed.push(rule);
    }
  } else {
    const permissions = requestedPermissions(input);
    if (!permissions.length) throw missingParameter('IpPermissions');
    const unknown: SecurityGroupRuleRecord[] = [];
    for (const spec of rulesFromPermissions(permissions, ctx.state.accountId)) {
      const rule = existing.find((candidate) => sameRule(candidate, spec));
      if (rule) removed.push(rule);
      else unknown.push({ id: '', ...spec });
    }
    // Nothing matched: AWS refuses. Some matched: AWS revokes those and lists the rest as unknown.
    if (!removed.length) {
      throw new AwsFault(
        'InvalidPermission.NotFound',
        'The specified rule does not exist in this security group.',
      );
    }
    group[direction] = existing.filter((rule) => !removed.includes(rule));
    return {
      Return: true,
      ...(unknown.length ? { UnknownIpPermissions: toIpPermissions(unknown) } : {}),
      RevokedSecurityGroupRules: revokedView(group, removed, direction),
    };
  }
  group[direction] = existing.filter((rule) => !removed.includes(rule));
  return { Return: true, RevokedSecurityGroupRules: revokedView(group, removed, direction) };
}

function revokedView(
  group: SecurityGroupRecord,
  rules: readonly SecurityGroupRuleRecord[],
  direction: Direction,
): RevokedSecurityGroupRule[] {
  return rules.map((rule) => ({
    SecurityGroupRuleId: rule.id,
    GroupId: group.id,
    IsEgress: direction === 'egress',
    IpProtocol: rule.protocol,
    FromPort: rule.fromPort ?? -1,
    ToPort: rule.toPort ?? -1,
    CidrIpv4: rule.cidrIpv4,
    CidrIpv6: rule.cidrIpv6,
    PrefixListId: rule.prefixListId,
    ReferencedGroupId: rule.groupId,
    Description: rule.description,
  }));
}

export function authorizeSecurityGroupIngress(
  ctx: HandlerContext,
  input: AuthorizeSecurityGroupIngressRequest,
): AuthorizeSecurityGroupIngressResult {
  tagsFromSpecifications(input.TagSpecifications, 'security-group-rule');
  return authorize(ctx, input, 'ingress');
}

export function authorizeSecurityGroupEgress(
  ctx: HandlerContext,
  input: AuthorizeSecurityGroupEgressRequest,
): AuthorizeSecurityGroupEgressResult {
  tagsFromSpecifications(input.TagSpecifications, 'security-group-rule');
  return authorize(ctx, input, 'egress');
}

export function revokeSecurityGroupIngress(
  ctx: HandlerContext,
  input: RevokeSecurityGroupIngressRequest,
): RevokeSecurityGroupIngressResult {
  return revoke(ctx, input, 'ingress');
}

export function revokeSecurityGroupEgress(
  ctx: HandlerContext,
  input: RevokeSecurityGroupEgressRequest,
): RevokeSecurityGroupEgressResult {
  return revoke(ctx, input, 'egress');
}
