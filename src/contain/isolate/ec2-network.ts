import {
  DescribeAddressesCommand,
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  type EC2Client,
  type NetworkAcl,
} from '@aws-sdk/client-ec2';
import { allPages, type Caller } from './caller.js';
import { TAG } from './names.js';
import type { FirebreakGroup, NaclEntry, ObservedEip, ObservedNacl } from './observation.js';
import type { RouteTableFacts } from './routes.js';

export async function routeTablesOf(
  ec2: EC2Client,
  call: Caller,
  vpcIds: readonly string[],
): Promise<RouteTableFacts[]> {
  if (vpcIds.length === 0) return [];
  return allPages(
    (NextToken) =>
      call(`ec2:DescribeRouteTables in ${vpcIds.join(', ')}`, () =>
        ec2.send(
          new DescribeRouteTablesCommand({
            Filters: [{ Name: 'vpc-id', Values: [...vpcIds] }],
            ...(NextToken && { NextToken }),
          }),
        ),
      ),
    (page) => page.RouteTables,
  );
}

export async function networkAclsOf(
  ec2: EC2Client,
  call: Caller,
  vpcIds: readonly string[],
): Promise<ObservedNacl[]> {
  if (vpcIds.length === 0) return [];
  const acls = await allPages(
    (NextToken) =>
      call(`ec2:DescribeNetworkAcls in ${vpcIds.join(', ')}`, () =>
        ec2.send(
          new DescribeNetworkAclsCommand({
            Filters: [{ Name: 'vpc-id', Values: [...vpcIds] }],
            ...(NextToken && { NextToken }),
          }),
        ),
      ),
    (page) => page.NetworkAcls,
  );
  return acls.map(toObservedNacl);
}

export async function describeNetworkAcl(
  ec2: EC2Client,
  call: Caller,
  aclId: string,
): Promise<ObservedNacl | undefined> {
  const found = await call(`ec2:DescribeNetworkAcls ${aclId}`, () =>
    ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [aclId] })),
  );
  const acl = found.NetworkAcls?.[0];
  return acl === undefined ? undefined : toObservedNacl(acl);
}

function toObservedNacl(acl: NetworkAcl): ObservedNacl {
  return {
    id: acl.NetworkAclId ?? '',
    vpcId: acl.VpcId ?? '',
    subnetIds: (acl.Associations ?? []).flatMap((a) => (a.SubnetId ? [a.SubnetId] : [])),
    entries: (acl.Entries ?? []).map(
      (entry): NaclEntry => ({
        ruleNumber: entry.RuleNumber ?? 0,
        egress: entry.Egress === true,
        action: entry.RuleAction === 'deny' ? 'deny' : 'allow',
        protocol: entry.Protocol ?? '-1',
        ...(entry.CidrBlock && { cidr: entry.CidrBlock }),
        ...(entry.Ipv6CidrBlock && { ipv6Cidr: entry.Ipv6CidrBlock }),
      }),
    ),
  };
}

export async function firebreakGroupsOf(
  ec2: EC2Client,
  call: Caller,
  vpcIds: readonly string[],
): Promise<FirebreakGroup[]> {
  if (vpcIds.length === 0) return [];
  const groups = await allPages(
    (NextToken) =>
      call(`ec2:DescribeSecurityGroups tagged ${TAG.role}`, () =>
        ec2.send(
          new DescribeSecurityGroupsCommand({
            Filters: [
              { Name: 'vpc-id', Values: [...vpcIds] },
              { Name: `tag:${TAG.role}`, Values: ['untrack', 'isolation'] },
            ],
            ...(NextToken && { NextToken }),
          }),
        ),
      ),
    (page) => page.SecurityGroups,
  );
  return groups.flatMap((group) => {
    const role = group.Tags?.find((tag) => tag.Key === TAG.role)?.Value;
    if (!group.GroupId || !group.VpcId || (role !== 'untrack' && role !== 'isolation')) return [];
    return [{ vpcId: group.VpcId, role, groupId: group.GroupId }];
  });
}

export async function elasticIpsOf(ec2: EC2Client, call: Caller, instanceId: string): Promise<ObservedEip[]> {
  const found = await call(`ec2:DescribeAddresses for ${instanceId}`, () =>
    ec2.send(new DescribeAddressesCommand({ Filters: [{ Name: 'instance-id', Values: [instanceId] }] })),
  );
  return (found.Addresses ?? []).flatMap((address) =>
    address.PublicIp
      ? [
          {
            publicIp: address.PublicIp,
            ...(address.AllocationId && { allocationId: address.AllocationId }),
            ...(address.AssociationId && { associationId: address.AssociationId }),
            ...(address.NetworkInterfaceId && { networkInterfaceId: address.NetworkInterfaceId }),
            ...(address.PrivateIpAddress && { privateIp: address.PrivateIpAddress }),
          },
        ]
      : [],
  );
}
