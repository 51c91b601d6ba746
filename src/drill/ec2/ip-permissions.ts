import type { IpPermission, SecurityGroupRule } from '@aws-sdk/client-ec2';
import { invalidParameterValue } from '../errors.js';
import { assertIpv4Cidr, assertIpv6Cidr } from './addressing.js';
import type { SecurityGroupRuleRecord } from './model.js';

/** A rule as requested, before it has an id. */
export type RuleSpec = Omit<SecurityGroupRuleRecord, 'id'>;

const PROTOCOL_NAMES: Readonly<Record<string, string>> = {
  '6': 'tcp',
  '17': 'udp',
  '1': 'icmp',
  '58': 'icmpv6',
};
const PORTED = new Set(['tcp', 'udp', 'icmp', 'icmpv6']);

/** AWS shows tcp, udp, icmp and icmpv6 by name whichever form was sent, and other protocols by number. */
export function normaliseProtocol(raw: string | undefined): string {
  const value = (raw ?? '').trim().toLowerCase();
  if (value === '-1') return '-1';
  if (PORTED.has(value)) return value;
  const named = PROTOCOL_NAMES[value];
  if (named) return named;
  if (/^\d+$/.test(value) && Number(value) <= 255) return String(Number(value));
  throw invalidParameterValue(`Invalid value '${raw ?? 'null'}' for IP protocol. Unknown protocol.`);
}

function ports(protocol: string, from: number | undefined, to: number | undefined) {
  if (!PORTED.has(protocol)) return {};
  if (protocol === 'tcp' || protocol === 'udp') {
    if (from === undefined || to === undefined) {
      throw invalidParameterValue(
        `Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange`,
      );
    }
    if (from < 0 || to > 65535 || from > to) {
      throw invalidParameterValue(
        `Invalid value '${from}-${to}' for portRange. Must be between 0 and 65535.`,
      );
    }
    return { fromPort: from, toPort: to };
  }
  // ICMP: FromPort is the type and ToPort the code, -1 meaning all.
  return { fromPort: from ?? -1, toPort: to ?? -1 };
}

/** Splits IpPermissions into one rule per source, the unit AWS matches, stores and gives an sgr- id. */
export function rulesFromPermissions(permissions: readonly IpPermission[], ownerId: string): RuleSpec[] {
  const rules: RuleSpec[] = [];
  for (const permission of permissions) {
    const protocol = normaliseProtocol(permission.IpProtocol);
    const base = { protocol, ...ports(protocol, permission.FromPort, permission.ToPort) };
    const before = rules.length;
    for (const range of permission.IpRanges ?? []) {
      if (!range.CidrIp) throw invalidParameterValue('Value () for parameter cidrIp is invalid.');
      assertIpv4Cidr(range.CidrIp);
      rules.push({ ...base, cidrIpv4: range.CidrIp, ...description(range.Description) });
    }
    for (const range of permission.Ipv6Ranges ?? []) {
      if (!range.CidrIpv6) throw invalidParameterValue('Value () for parameter cidrIpv6 is invalid.');
      assertIpv6Cidr(range.CidrIpv6);
      rules.push({ ...base, cidrIpv6: range.CidrIpv6.toLowerCase(), ...description(range.Description) });
    }
    for (const prefixList of permission.PrefixListIds ?? []) {
      if (!prefixList.PrefixListId)
        throw invalidParameterValue('Value () for parameter prefixListId is invalid.');
      rules.push({ ...base, prefixListId: prefixList.PrefixListId, ...description(prefixList.Description) });
    }
    for (const pair of permission.UserIdGroupPairs ?? []) {
      if (!pair.GroupId) {
        throw invalidParameterValue('A security group reference in a VPC must name the group by GroupId.');
      }
      rules.push({
        ...base,
        groupId: pair.GroupId,
        groupOwnerId: pair.UserId ?? ownerId,
        ...description(pair.Description),
      });
    }
    if (rules.length === before) {
      throw invalidParameterValue(
        'Each IpPermission must name a source or destination: IpRanges, Ipv6Ranges, PrefixListIds or UserIdGroupPairs.',
      );
    }
  }
  return rules;
}

function description(value: string | undefined): { description?: string } {
  return value === undefined ? {} : { description: value };
}

/** Rules are the same when protocol, ports and peer match; descriptions do not count, as in AWS. */
export function sameRule(a: RuleSpec, b: RuleSpec): boolean {
  return (
    a.protocol === b.protocol &&
    a.fromPort === b.fromPort &&
    a.toPort === b.toPort &&
    a.cidrIpv4 === b.cidrIpv4 &&
    a.cidrIpv6 === b.cidrIpv6 &&
    a.prefixListId === b.prefixListId &&
    a.groupId === b.groupId
  );
}

/** The wording AWS uses for a rule in InvalidPermission errors. */
export function describeRule(rule: RuleSpec): string {
  const peer = rule.cidrIpv4 ?? rule.cidrIpv6 ?? rule.prefixListId ?? rule.groupId ?? '';
  const protocol = rule.protocol === '-1' ? 'ALL' : rule.protocol.toUpperCase();
  const range = rule.fromPort === undefined ? '' : `, from port: ${rule.fromPort}, to port: ${rule.toPort}`;
  return `peer: ${peer}, ${protocol}${range}, ALLOW`;
}

/** DescribeSecurityGroups groups rules by protocol and ports, listing every peer kind (empty lists included). */
export function toIpPermissions(rules: readonly SecurityGroupRuleRecord[]): IpPermission[] {
  const grouped = new Map<
    string,
    Required<Pick<IpPermission, 'IpRanges' | 'Ipv6Ranges' | 'PrefixListIds' | 'UserIdGroupPairs'>> &
      IpPermission
  >();
  for (const rule of rules) {
    const key = `${rule.protocol}|${rule.fromPort ?? ''}|${rule.toPort ?? ''}`;
    let permission = grouped.get(key);
    if (!permission) {
      permission = {
        IpProtocol: rule.protocol,
        ...(rule.fromPort === undefined ? {} : { FromPort: rule.fromPort, ToPort: rule.toPort }),
        IpRanges: [],
        Ipv6Ranges: [],
        PrefixListIds: [],
        UserIdGroupPairs: [],
      };
      grouped.set(key, permission);
    }
    const Description = rule.description;
    if (rule.cidrIpv4) permission.IpRanges.push({ CidrIp: rule.cidrIpv4, Description });
    if (rule.cidrIpv6) permission.Ipv6Ranges.push({ CidrIpv6: rule.cidrIpv6, Description });
    if (rule.prefixListId) permission.PrefixListIds.push({ PrefixListId: rule.prefixListId, Description });
    if (rule.groupId) {
      permission.UserIdGroupPairs.push({ GroupId: rule.groupId, UserId: rule.groupOwnerId, Description });
    }
  }
  return [...grouped.values()];
}

export function toSecurityGroupRule(
  groupId: string,
  ownerId: string,
  isEgress: boolean,
  rule: SecurityGroupRuleRecord,
  region: string,
): SecurityGroupRule {
  return {
    SecurityGroupRuleId: rule.id,
    SecurityGroupRuleArn: `arn:aws:ec2:${region}:${ownerId}:security-group-rule/${rule.id}`,
    GroupId: groupId,
    GroupOwnerId: ownerId,
    IsEgress: isEgress,
    IpProtocol: rule.protocol,
    FromPort: rule.fromPort ?? -1,
    ToPort: rule.toPort ?? -1,
    CidrIpv4: rule.cidrIpv4,
    CidrIpv6: rule.cidrIpv6,
    PrefixListId: rule.prefixListId,
    ReferencedGroupInfo: rule.groupId ? { GroupId: rule.groupId, UserId: rule.groupOwnerId } : undefined,
    Description: rule.description,
  };
}
