import type {
  DescribeInstancesRequest,
  DescribeInstancesResult,
  Instance,
  InstanceNetworkInterface,
  Reservation,
} from '@aws-sdk/client-ec2';
import type { HandlerContext } from '../context.js';
import { invalidParameterCombination } from '../errors.js';
import { applyFilters, type FilterFields } from '../filters.js';
import { paginate } from '../pagination.js';
import { privateDnsName } from './addressing.js';
import {
  attachedInterfaces,
  attachedVolumes,
  ec2Of,
  NOT_FOUND,
  profileAssociationOf,
  selectByIds,
} from './lookup.js';
import type { Ec2State, InstanceRecord, InstanceStateName, NetworkInterfaceRecord } from './model.js';
import { groupIdentifiers, publicAssociation } from './network-interfaces.js';
import { tagList } from './tagging.js';

export const STATE_CODES: Readonly<Record<InstanceStateName, number>> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

export function instanceState(name: InstanceStateName) {
  return { Code: STATE_CODES[name], Name: name };
}

interface InstanceFacts {
  instance: InstanceRecord;
  interfaces: NetworkInterfaceRecord[];
  profileArn?: string;
  publicIps: string[];
}

const FIELDS: FilterFields<InstanceFacts> = {
  'instance-id': (f) => f.instance.id,
  'instance-state-name': (f) => f.instance.state,
  'instance-state-code': (f) => STATE_CODES[f.instance.state],
  'instance-type': (f) => f.instance.instanceType,
  'image-id': (f) => f.instance.imageId,
  'availability-zone': (f) => f.instance.availabilityZone,
  'vpc-id': (f) => f.instance.vpcId,
  'subnet-id': (f) => f.instance.subnetId,
  'reservation-id': (f) => f.instance.reservationId,
  'key-name': (f) => f.instance.keyName,
  'iam-instance-profile.arn': (f) => f.profileArn,
  'instance.group-id': (f) => f.interfaces.find((eni) => eni.attachment?.deviceIndex === 0)?.groupIds ?? [],
  'network-interface.network-interface-id': (f) => f.interfaces.map((eni) => eni.id),
  'network-interface.group-id': (f) => f.interfaces.flatMap((eni) => eni.groupIds),
  'network-interface.subnet-id': (f) => f.interfaces.map((eni) => eni.subnetId),
  'network-interface.addresses.private-ip-address': (f) =>
    f.interfaces.flatMap((eni) => eni.privateIps.map((ip) => ip.address)),
  'private-ip-address': (f) => f.interfaces[0]?.privateIps.find((ip) => ip.primary)?.address,
  'ip-address': (f) => f.publicIps,
  'ipv6-address': (f) => f.interfaces.flatMap((eni) => eni.ipv6Addresses),
  'disable-api-termination': (f) => f.instance.disableApiTermination,
};

function interfaceView(
  ctx: HandlerContext,
  ec2: Ec2State,
  eni: NetworkInterfaceRecord,
): InstanceNetworkInterface {
  const primary = eni.privateIps.find((ip) => ip.primary) ?? eni.privateIps[0];
  return {
    NetworkInterfaceId: eni.id,
    InterfaceType: eni.interfaceType,
    Description: eni.description,
    SubnetId: eni.subnetId,
    VpcId: eni.vpcId,
    OwnerId: ctx.state.accountId,
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
    Attachment: eni.attachment && {
      AttachmentId: eni.attachment.id,
      DeviceIndex: eni.attachment.deviceIndex,
      NetworkCardIndex: eni.attachment.networkCardIndex,
      DeleteOnTermination: eni.attachment.deleteOnTermination,
      AttachTime: new Date(eni.attachment.attachTime),
      Status: 'attached',
    },
  };
}

export function instanceView(ctx: HandlerContext, instance: InstanceRecord): Instance {
  const ec2 = ec2Of(ctx);
  const interfaces = attachedInterfaces(ec2, instance.id);
  const primaryEni = interfaces.find((eni) => eni.attachment?.deviceIndex === 0);
  const primaryIp = primaryEni?.privateIps.find((ip) => ip.primary);
  const association =
    primaryEni && primaryIp ? publicAssociation(ctx, primaryEni, primaryIp.address) : undefined;
  const profile = profileAssociationOf(ec2, instance.id);
  const stopped = instance.state === 'stopped' || instance.state === 'stopping';
  return {
    InstanceId: instance.id,
    ImageId: instance.imageId,
    InstanceType: instance.instanceType as Instance['InstanceType'],
    KeyName: instance.keyName,
    LaunchTime: new Date(instance.launchTime),
    Placement: { AvailabilityZone: instance.availabilityZone, Tenancy: 'default', GroupName: '' },
    State: instanceState(instance.state),
    StateTransitionReason: instance.stateTransitionReason,
    StateReason: stopped
      ? {
          Code: 'Client.UserInitiatedShutdown',
          Message: 'Client.UserInitiatedShutdown: User initiated shutdown',
        }
      : undefined,
    SubnetId: instance.subnetId,
    VpcId: instance.vpcId,
    Architecture: instance.architecture,
    Hypervisor: 'xen',
    VirtualizationType: 'hvm',
    RootDeviceName: instance.rootDeviceName,
    RootDeviceType: 'ebs',
    EbsOptimized: instance.ebsOptimized,
    EnaSupport: true,
    PlatformDetails: 'Linux/UNIX',
    Monitoring: { State: 'disabled' },
    MetadataOptions: {
      State: 'applied',
      HttpTokens: instance.httpTokens,
      HttpPutResponseHopLimit: 2,
      HttpEndpoint: 'enabled',
      HttpProtocolIpv6: 'disabled',
      InstanceMetadataTags: 'disabled',
    },
    PrivateIpAddress: primaryIp?.address,
    PrivateDnsName: primaryIp ? privateDnsName(primaryIp.address, ctx.region) : '',
    // A stopped instance loses an auto-assigned public address but keeps an Elastic IP.
    PublicIpAddress: stopped && !association?.AllocationId ? undefined : association?.PublicIp,
    PublicDnsName: stopped && !association?.AllocationId ? '' : (association?.PublicDnsName ?? ''),
    Ipv6Address: primaryEni?.ipv6Addresses[0],
    SourceDestCheck: primaryEni?.sourceDestCheck,
    // An instance's SecurityGroups are its primary interface's, which is why containment must not rely on them.
    SecurityGroups: primaryEni ? groupIdentifiers(ec2, primaryEni.groupIds) : [],
    NetworkInterfaces: interfaces.map((eni) => interfaceView(ctx, ec2, eni)),
    BlockDeviceMappings: attachedVolumes(ec2, instance.id).map((volume) => ({
      DeviceName: volume.attachment?.device,
      Ebs: {
        VolumeId: volume.id,
        Status: 'attached',
        AttachTime: new Date(volume.attachment?.attachTime ?? volume.createTime),
        DeleteOnTermination: volume.attachment?.deleteOnTermination,
      },
    })),
    IamInstanceProfile: profile ? { Arn: profile.profileArn, Id: profile.profileId } : undefined,
    Tags: tagList(instance.tags),
  };
}

export function describeInstances(
  ctx: HandlerContext,
  input: DescribeInstancesRequest,
): DescribeInstancesResult {
  if (input.InstanceIds?.length && input.MaxResults !== undefined) {
    throw invalidParameterCombination(
      'The parameter instancesSet cannot be used with the parameter maxResults',
    );
  }
  const ec2 = ec2Of(ctx);
  const selected = selectByIds(ec2.instances, input.InstanceIds, NOT_FOUND.instance);
  const facts = selected.map((instance) => {
    const interfaces = attachedInterfaces(ec2, instance.id);
    const publicIps = interfaces.flatMap((eni) =>
      eni.privateIps.flatMap((ip) => publicAssociation(ctx, eni, ip.address)?.PublicIp ?? []),
    );
    return {
      instance,
      interfaces,
      profileArn: profileAssociationOf(ec2, instance.id)?.profileArn,
      publicIps,
    };
  });
  const filtered = applyFilters(facts, input.Filters, FIELDS, (f) => f.instance.tags);
  const page = paginate(filtered, input.MaxResults, input.NextToken);
  const reservations = new Map<string, Reservation>();
  for (const { instance } of page.items) {
    let reservation = reservations.get(instance.reservationId);
    if (!reservation) {
      reservation = {
        ReservationId: instance.reservationId,
        OwnerId: ctx.state.accountId,
        Groups: [],
        Instances: [],
      };
      reservations.set(instance.reservationId, reservation);
    }
    reservation.Instances?.push(instanceView(ctx, instance));
  }
  return { Reservations: [...reservations.values()], NextToken: page.nextToken };
}
