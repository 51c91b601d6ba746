import type {
  DescribeNetworkInterfacesRequest,
  DescribeNetworkInterfacesResult,
  GroupIdentifier,
  ModifyNetworkInterfaceAttributeRequest,
  NetworkInterface,
  NetworkInterfaceAssociation,
} from '@aws-sdk/client-ec2';
import type { HandlerContext } from '../context.js';
import { AwsFault, DrillUnsupportedError, invalidParameterCombination, missingParameter } from '../errors.js';
import { applyFilters, type FilterFields } from '../filters.js';
import { paginate } from '../pagination.js';
import { privateDnsName, publicDnsName } from './addressing.js';
import { ec2Of, getNetworkInterface, NOT_FOUND, selectByIds } from './lookup.js';
import type { Ec2State, NetworkInterfaceRecord } from './model.js';
import { tagList } from './tagging.js';

/** AWS's default quota of security groups per network interface. */
export const GROUPS_PER_INTERFACE = 5;

const FIELDS: FilterFields<NetworkInterfaceRecord> = {
  'network-interface-id': (eni) => eni.id,
  'attachment.instance-id': (eni) => eni.attachment?.instanceId,
  'attachment.attachment-id': (eni) => eni.attachment?.id,
  'attachment.device-index': (eni) => eni.attachment?.deviceIndex,
  'attachment.status': (eni) => (eni.attachment ? 'attached' : undefined),
  'vpc-id': (eni) => eni.vpcId,
  'subnet-id': (eni) => eni.subnetId,
  'availability-zone': (eni) => eni.availabilityZone,
  'group-id': (eni) => eni.groupIds,
  'interface-type': (eni) => eni.interfaceType,
  status: (eni) => eni.status,
  description: (eni) => eni.description,
  'requester-managed': (eni) => eni.requesterManaged,
  'mac-address': (eni) => eni.macAddress,
  'private-ip-address': (eni) => eni.privateIps.map((ip) => ip.address),
  'addresses.private-ip-address': (eni) => eni.privateIps.map((ip) => ip.address),
  'ipv6-addresses.ipv6-address': (eni) => eni.ipv6Addresses,
  'association.public-ip': (eni) => eni.privateIps.map((ip) => ip.publicIp),
};

export function groupIdentifiers(ec2: Ec2State, groupIds: readonly string[]): GroupIdentifier[] {
  return groupIds.map((id) => ({ GroupId: id, GroupName: ec2.securityGroups[id]?.name }));
}

/** The public address on one private IP: an Elastic IP if associated, else an auto-assigned address. */
export function publicAssociation(
  ctx: HandlerContext,
  eni: NetworkInterfaceRecord,
  privateIp: string,
): NetworkInterfaceAssociation | undefined {
  const ec2 = ec2Of(ctx);
  const eip = Object.values(ec2.addresses).find(
    (address) =>
      address.association?.networkInterfaceId === eni.id && address.association.privateIp === privateIp,
  );
  if (eip) {
    return {
      AllocationId: eip.allocationId,
      AssociationId: eip.association?.id,
      IpOwnerId: ctx.state.accountId,
      PublicIp: eip.publicIp,
      PublicDnsName: publicDnsName(eip.publicIp, ctx.region),
    };
  }
  const auto = eni.privateIps.find((ip) => ip.address === privateIp)?.publicIp;
  return auto
    ? { IpOwnerId: 'amazon', PublicIp: auto, PublicDnsName: publicDnsName(auto, ctx.region) }
    : undefined;
}

export function networkInterfaceView(ctx: HandlerContext, eni: NetworkInterfaceRecord): NetworkInterface {
  const ec2 = ec2Of(ctx);
  const primary = eni.privateIps.find((ip) => ip.primary) ?? eni.privateIps[0];
  const attachment = eni.attachment;
  return {
    NetworkInterfaceId: eni.id,
    // AWS reports some types the SDK's enum lacks (nat_gateway), so the value is passed through as is.
    InterfaceType: eni.interfaceType as NetworkInterface['InterfaceType'],
    Description: eni.description,
    AvailabilityZone: eni.availabilityZone,
    SubnetId: eni.subnetId,
    VpcId: eni.vpcId,
    OwnerId: ctx.state.accountId,
    RequesterManaged: eni.requesterManaged,
    RequesterId: eni.requesterId,
    Status: eni.status,
    MacAddress: eni.macAddress,
    SourceDestCheck: eni.sourceDestCheck,
    Groups: groupIdentifiers(ec2, eni.groupIds),
    PrivateIpAddress: primary?.address,
    PrivateDnsName: primary ? privateDnsName(primary.address, ctx.region) : undefined,
    PrivateIpAddresses: eni.privateIps.map((ip) => ({
      Primary: ip.primary,
      PrivateIpAddress: ip.address,
      PrivateDnsName: privateDnsName(ip.address, ctx.region),
      Association: publicAssociation(ctx, eni, ip.address),
    })),
    Association: primary ? publicAssociation(ctx, eni, primary.address) : undefined,
    Ipv6Addresses: eni.ipv6Addresses.map((address) => ({ Ipv6Address: address, IsPrimaryIpv6: false })),
    Ipv6Address: eni.ipv6Addresses[0],
    Attachment: attachment
      ? {
          AttachmentId: attachment.id,
          InstanceId: attachment.instanceId,
          InstanceOwnerId: ctx.state.accountId,
          DeviceIndex: attachment.deviceIndex,
          NetworkCardIndex: attachment.networkCardIndex,
          DeleteOnTermination: attachment.deleteOnTermination,
          AttachTime: new Date(attachment.attachTime),
          Status: 'attached',
        }
      : undefined,
    TagSet: tagList(eni.tags) ?? [],
  };
}

export function describeNetworkInterfaces(
  ctx: HandlerContext,
  input: DescribeNetworkInterfacesRequest,
): DescribeNetworkInterfacesResult {
  const ec2 = ec2Of(ctx);
  const selected = selectByIds(ec2.networkInterfaces, input.NetworkInterfaceIds, NOT_FOUND.networkInterface);
  const filtered = applyFilters(selected, input.Filters, FIELDS, (eni) => eni.tags);
  const page = paginate(filtered, input.MaxResults, input.NextToken);
  return {
    NetworkInterfaces: page.items.map((eni) => networkInterfaceView(ctx, eni)),
    NextToken: page.nextToken,
  };
}

/** Sets an interface's groups after the checks AWS makes: each group exists and is in the interface's VPC. */
export function setInterfaceGroups(
  ec2: Ec2State,
  eni: NetworkInterfaceRecord,
  groupIds: readonly string[],
): void {
  const unique = [...new Set(groupIds)];
  for (const groupId of unique) {
    const group = ec2.securityGroups[groupId];
    if (!group || group.vpcId !== eni.vpcId) {
      throw new AwsFault(
        'InvalidGroup.NotFound',
        `The security group '${groupId}' does not exist in VPC '${eni.vpcId}'`,
      );
    }
  }
  if (unique.length > GROUPS_PER_INTERFACE) {
    throw new AwsFault(
      'SecurityGroupsPerInterfaceLimitExceeded',
      'The maximum number of security groups per interface has been reached.',
    );
  }
  eni.groupIds = unique;
}

export function modifyNetworkInterfaceAttribute(
  ctx: HandlerContext,
  input: ModifyNetworkInterfaceAttributeRequest,
): Record<string, never> {
  const ec2 = ec2Of(ctx);
  const eni = getNetworkInterface(ec2, input.NetworkInterfaceId);
  // The SDK drops empty lists from EC2 requests, so `Groups: []` reaches AWS as no attribute at all.
  const groups = input.Groups?.length ? input.Groups : undefined;
  const given = [
    groups,
    input.Description,
    input.SourceDestCheck,
    input.Attachment,
    input.AssociatePublicIpAddress,
    input.ConnectionTrackingSpecification,
    input.EnaSrdSpecification,
    input.EnablePrimaryIpv6,
  ].filter((value) => value !== undefined);
  if (given.length === 0) throw missingParameter('an attribute to modify');
  if (given.length > 1) {
    throw invalidParameterCombination(
      'Fields for multiple attribute types specified: only one attribute may be modified at a time.',
    );
  }
  for (const unsupported of [
    'AssociatePublicIpAddress',
    'ConnectionTrackingSpecification',
    'EnaSrdSpecification',
    'EnablePrimaryIpv6',
  ] as const) {
    if (input[unsupported] !== undefined) {
      throw new DrillUnsupportedError(`ModifyNetworkInterfaceAttribute ${unsupported} is not simulated`);
    }
  }
  if (groups) setInterfaceGroups(ec2, eni, groups);
  if (input.Description) eni.description = input.Description.Value ?? '';
  if (input.SourceDestCheck) eni.sourceDestCheck = input.SourceDestCheck.Value ?? eni.sourceDestCheck;
  if (input.Attachment) {
    if (!eni.attachment || eni.attachment.id !== input.Attachment.AttachmentId) {
      throw new AwsFault(
        'InvalidAttachmentID.NotFound',
        `The attachment ID '${input.Attachment.AttachmentId ?? ''}' does not exist`,
      );
    }
    eni.attachment.deleteOnTermination =
      input.Attachment.DeleteOnTermination ?? eni.attachment.deleteOnTermination;
  }
  return {};
}
