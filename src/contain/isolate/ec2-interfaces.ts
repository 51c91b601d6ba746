import {
  DescribeNetworkInterfacesCommand,
  DescribeTrunkInterfaceAssociationsCommand,
  type EC2Client,
  type NetworkInterface,
} from '@aws-sdk/client-ec2';
import { allPages, type Caller } from './caller.js';
import { tagMap } from './names.js';
import type { InterfaceType, ObservedInterface } from './observation.js';

/**
 * An instance's interfaces, read the way the responders insist: DescribeNetworkInterfaces by attachment (the
 * instance's own SecurityGroups covers only the primary one), then each trunk's branch interfaces, which are
 * not attached to the instance at all.
 */
export async function describeInstanceInterfaces(
  ec2: EC2Client,
  call: Caller,
  instanceId: string,
  options: { expectTrunks?: boolean } = {},
): Promise<ObservedInterface[]> {
  // When trunks are expected (verification after a plan that had them), list associations at the same time.
  const early = options.expectTrunks ? trunkAssociations(ec2, call) : undefined;
  const [attached] = await Promise.all([describeAttached(ec2, call, instanceId), early]);
  const trunks = attached.filter((eni) => eni.type === 'trunk').map((eni) => eni.id);
  if (trunks.length === 0) return attached;
  const branches = await branchesOf(ec2, call, (await early) ?? (await trunkAssociations(ec2, call)), trunks);
  return [...attached, ...branches];
}

export async function describeAttached(
  ec2: EC2Client,
  call: Caller,
  instanceId: string,
): Promise<ObservedInterface[]> {
  const found = await allPages(
    (NextToken) =>
      call(`ec2:DescribeNetworkInterfaces for ${instanceId}`, () =>
        ec2.send(
          new DescribeNetworkInterfacesCommand({
            Filters: [{ Name: 'attachment.instance-id', Values: [instanceId] }],
            ...(NextToken && { NextToken }),
          }),
        ),
      ),
    (page) => page.NetworkInterfaces,
  );
  return found
    .map((eni) => toObservedInterface(eni))
    .sort((a, b) => (a.deviceIndex ?? 99) - (b.deviceIndex ?? 99) || a.id.localeCompare(b.id));
}

/** Branch interfaces of these trunks. The association API has no trunk filter, so it is filtered here. */
export async function describeBranches(
  ec2: EC2Client,
  call: Caller,
  trunkIds: readonly string[],
): Promise<ObservedInterface[]> {
  return branchesOf(ec2, call, await trunkAssociations(ec2, call), trunkIds);
}

type TrunkAssociation = { BranchInterfaceId?: string; TrunkInterfaceId?: string };

function trunkAssociations(ec2: EC2Client, call: Caller): Promise<TrunkAssociation[]> {
  return allPages(
    (NextToken) =>
      call('ec2:DescribeTrunkInterfaceAssociations', () =>
        ec2.send(new DescribeTrunkInterfaceAssociationsCommand({ ...(NextToken && { NextToken }) })),
      ),
    (page) => page.InterfaceAssociations,
  );
}

async function branchesOf(
  ec2: EC2Client,
  call: Caller,
  associations: readonly TrunkAssociation[],
  trunkIds: readonly string[],
): Promise<ObservedInterface[]> {
  const trunkOf = new Map<string, string>();
  for (const association of associations) {
    if (
      association.BranchInterfaceId &&
      association.TrunkInterfaceId &&
      trunkIds.includes(association.TrunkInterfaceId)
    ) {
      trunkOf.set(association.BranchInterfaceId, association.TrunkInterfaceId);
    }
  }
  if (trunkOf.size === 0) return [];
  // By filter, not by id: a branch deleted since the association was listed (a pod ending) must not fail the rest.
  const ids = [...trunkOf.keys()];
  const found = await allPages(
    (NextToken) =>
      call(`ec2:DescribeNetworkInterfaces ${ids.join(', ')}`, () =>
        ec2.send(
          new DescribeNetworkInterfacesCommand({
            Filters: [{ Name: 'network-interface-id', Values: ids }],
            ...(NextToken && { NextToken }),
          }),
        ),
      ),
    (page) => page.NetworkInterfaces,
  );
  const branches = found.map((eni) => toObservedInterface(eni));
  return branches.map((eni) => ({ ...eni, type: 'branch' as const, trunkId: trunkOf.get(eni.id)! }));
}

export async function describeInterfaces(
  ec2: EC2Client,
  call: Caller,
  ids: readonly string[],
): Promise<ObservedInterface[]> {
  const found = await allPages(
    (NextToken) =>
      call(`ec2:DescribeNetworkInterfaces ${ids.join(', ')}`, () =>
        ec2.send(
          new DescribeNetworkInterfacesCommand({
            NetworkInterfaceIds: [...ids],
            ...(NextToken && { NextToken }),
          }),
        ),
      ),
    (page) => page.NetworkInterfaces,
  );
  return found.map((eni) => toObservedInterface(eni));
}

export async function describeInterface(
  ec2: EC2Client,
  call: Caller,
  id: string,
): Promise<ObservedInterface> {
  const [eni] = await describeInterfaces(ec2, call, [id]);
  if (eni === undefined) throw new Error(`DescribeNetworkInterfaces returned nothing for ${id}`);
  return eni;
}

function interfaceType(type: string | undefined): InterfaceType {
  return type === 'trunk' || type === 'branch' ? type : 'interface';
}

export function toObservedInterface(eni: NetworkInterface): ObservedInterface {
  const groups = (eni.Groups ?? []).flatMap((group) => (group.GroupId ? [group.GroupId] : []));
  const groupNames: Record<string, string> = {};
  for (const group of eni.Groups ?? []) if (group.GroupId) groupNames[group.GroupId] = group.GroupName ?? '';
  const privateIps = (eni.PrivateIpAddresses ?? []).flatMap((ip) =>
    ip.PrivateIpAddress ? [ip.PrivateIpAddress] : [],
  );
  if (privateIps.length === 0 && eni.PrivateIpAddress) privateIps.push(eni.PrivateIpAddress);
  return {
    id: eni.NetworkInterfaceId ?? '',
    type: interfaceType(eni.InterfaceType),
    subnetId: eni.SubnetId ?? '',
    vpcId: eni.VpcId ?? '',
    groups,
    groupNames,
    privateIps,
    ipv6: (eni.Ipv6Addresses ?? []).flatMap((ip) => (ip.Ipv6Address ? [ip.Ipv6Address] : [])),
    ipv4Prefixes: (eni.Ipv4Prefixes ?? []).flatMap((p) => (p.Ipv4Prefix ? [p.Ipv4Prefix] : [])),
    ipv6Prefixes: (eni.Ipv6Prefixes ?? []).flatMap((p) => (p.Ipv6Prefix ? [p.Ipv6Prefix] : [])),
    ...(eni.Attachment?.DeviceIndex !== undefined && { deviceIndex: eni.Attachment.DeviceIndex }),
    tags: tagMap(eni.TagSet),
  };
}
