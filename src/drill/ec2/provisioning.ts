import { type HandlerContext, newId, nowIso } from '../context.js';
import { invalidParameterValue } from '../errors.js';
import { allocateIpv6, allocatePrivateIp, macAddress } from './addressing.js';
import { attachedInterfaces, attachedVolumes, ec2Of, getSubnet } from './lookup.js';
import type {
  InstanceRecord,
  NetworkInterfaceKind,
  NetworkInterfaceRecord,
  Tags,
  VolumeRecord,
} from './model.js';
import { setInterfaceGroups } from './network-interfaces.js';

/**
 * Building blocks for putting resources into the account: the seed uses them with fixed ids, and Auto
 * Scaling uses them to launch replacements. They are not AWS operations themselves.
 */

export interface InterfaceSpec {
  id?: string;
  subnetId: string;
  groupIds: string[];
  description?: string;
  interfaceType?: NetworkInterfaceKind;
  privateIp?: string;
  secondaryPrivateIps?: string[];
  /** An auto-assigned public IPv4 address (not an Elastic IP). */
  publicIp?: string;
  /** Explicit IPv6 addresses; `true` allocates one from the subnet. */
  ipv6?: string[] | boolean;
  requesterManaged?: boolean;
  requesterId?: string;
  tags?: Tags;
}

export function createInterface(ctx: HandlerContext, spec: InterfaceSpec): NetworkInterfaceRecord {
  const ec2 = ec2Of(ctx);
  const subnet = getSubnet(ec2, spec.subnetId);
  const id = spec.id ?? newId(ctx, 'eni');
  const primaryIp = spec.privateIp ?? allocatePrivateIp(ec2, subnet);
  const eni: NetworkInterfaceRecord = {
    id,
    subnetId: subnet.id,
    vpcId: subnet.vpcId,
    availabilityZone: subnet.availabilityZone,
    description: spec.description ?? '',
    interfaceType: spec.interfaceType ?? 'interface',
    macAddress: macAddress(id),
    privateIps: [
      { address: primaryIp, primary: true, ...(spec.publicIp ? { publicIp: spec.publicIp } : {}) },
      ...(spec.secondaryPrivateIps ?? []).map((address) => ({ address, primary: false })),
    ],
    ipv6Addresses: [],
    groupIds: [],
    sourceDestCheck: true,
    status: 'available',
    requesterManaged: spec.requesterManaged ?? false,
    ...(spec.requesterId ? { requesterId: spec.requesterId } : {}),
    tags: { ...spec.tags },
  };
  ec2.networkInterfaces[id] = eni;
  if (Array.isArray(spec.ipv6)) eni.ipv6Addresses = [...spec.ipv6];
  else if (spec.ipv6) {
    const address = allocateIpv6(ec2, subnet, id);
    if (address) eni.ipv6Addresses = [address];
  }
  setInterfaceGroups(ec2, eni, spec.groupIds);
  return eni;
}

export function attachInterface(
  ctx: HandlerContext,
  eni: NetworkInterfaceRecord,
  instanceId: string,
  deviceIndex: number,
  deleteOnTermination: boolean,
): void {
  eni.attachment = {
    id: newId(ctx, 'eni-attach'),
    instanceId,
    deviceIndex,
    networkCardIndex: 0,
    deleteOnTermination,
    attachTime: nowIso(ctx),
  };
  eni.status = 'in-use';
}

export interface VolumeSpec {
  id?: string;
  device: string;
  size: number;
  volumeType?: string;
  encrypted?: boolean;
  deleteOnTermination: boolean;
  snapshotId?: string;
  tags?: Tags;
}

export function attachNewVolume(
  ctx: HandlerContext,
  instance: InstanceRecord,
  spec: VolumeSpec,
): VolumeRecord {
  const ec2 = ec2Of(ctx);
  const id = spec.id ?? newId(ctx, 'vol');
  const volumeType = spec.volumeType ?? 'gp3';
  const volume: VolumeRecord = {
    id,
    size: spec.size,
    volumeType,
    ...(volumeType === 'gp3' ? { iops: 3000, throughput: 125 } : {}),
    availabilityZone: instance.availabilityZone,
    encrypted: spec.encrypted ?? true,
    ...(spec.snapshotId ? { snapshotId: spec.snapshotId } : {}),
    createTime: nowIso(ctx),
    state: 'in-use',
    attachment: {
      instanceId: instance.id,
      device: spec.device,
      deleteOnTermination: spec.deleteOnTermination,
      attachTime: nowIso(ctx),
    },
    tags: { ...spec.tags },
  };
  ec2.volumes[id] = volume;
  return volume;
}

export interface LaunchSpec {
  id?: string;
  reservationId?: string;
  subnetId: string;
  securityGroupIds: string[];
  imageId: string;
  instanceType: string;
  keyName?: string;
  tags?: Tags;
  iamInstanceProfileArn?: string;
  primaryInterface?: Omit<InterfaceSpec, 'subnetId' | 'groupIds'>;
  rootVolume?: Omit<VolumeSpec, 'device' | 'deleteOnTermination'> & { deleteOnTermination?: boolean };
}

/** A running instance with a primary interface and a root volume, as RunInstances would leave it. */
export function launchInstance(ctx: HandlerContext, spec: LaunchSpec): InstanceRecord {
  const ec2 = ec2Of(ctx);
  const subnet = getSubnet(ec2, spec.subnetId);
  const id = spec.id ?? newId(ctx, 'i');
  if (ec2.instances[id]) throw invalidParameterValue(`Instance ${id} already exists`);
  const instance: InstanceRecord = {
    id,
    reservationId: spec.reservationId ?? newId(ctx, 'r'),
    imageId: spec.imageId,
    instanceType: spec.instanceType,
    state: 'running',
    stateTransitionReason: '',
    launchTime: nowIso(ctx),
    availabilityZone: subnet.availabilityZone,
    subnetId: subnet.id,
    vpcId: subnet.vpcId,
    ...(spec.keyName ? { keyName: spec.keyName } : {}),
    architecture: 'x86_64',
    rootDeviceName: '/dev/xvda',
    disableApiTermination: false,
    disableApiStop: false,
    shutdownBehavior: 'stop',
    ebsOptimized: true,
    httpTokens: 'required',
    tags: { ...spec.tags },
  };
  ec2.instances[id] = instance;
  const eni = createInterface(ctx, {
    description: '',
    ...spec.primaryInterface,
    subnetId: subnet.id,
    groupIds: spec.securityGroupIds,
    ipv6: spec.primaryInterface?.ipv6 ?? subnet.assignIpv6AddressOnCreation,
  });
  attachInterface(ctx, eni, id, 0, true);
  attachNewVolume(ctx, instance, {
    size: 8,
    ...spec.rootVolume,
    device: instance.rootDeviceName,
    deleteOnTermination: spec.rootVolume?.deleteOnTermination ?? true,
  });
  if (spec.iamInstanceProfileArn) {
    const profile = Object.values(ctx.state.iam.instanceProfiles).find(
      (p) => p.arn === spec.iamInstanceProfileArn,
    );
    if (!profile)
      throw invalidParameterValue(`Invalid IAM Instance Profile ARN: ${spec.iamInstanceProfileArn}`);
    const associationId = newId(ctx, 'iip-assoc');
    ec2.iamInstanceProfileAssociations[associationId] = {
      id: associationId,
      instanceId: id,
      profileArn: profile.arn,
      profileId: profile.id,
      timestamp: nowIso(ctx),
    };
  }
  return instance;
}

/**
 * What terminating does to an instance's resources: interfaces and volumes marked DeleteOnTermination go
 * with it (evidence lost), the rest are detached, and its instance profile association ends.
 */
export function terminateInstance(ctx: HandlerContext, instance: InstanceRecord, reason: string): void {
  const ec2 = ec2Of(ctx);
  instance.state = 'terminated';
  instance.stateTransitionReason = `${reason} (${ctx.now.toISOString().replace('T', ' ').slice(0, 19)} GMT)`;
  for (const eni of attachedInterfaces(ec2, instance.id)) {
    if (eni.attachment?.deleteOnTermination) {
      delete ec2.networkInterfaces[eni.id];
      for (const address of Object.values(ec2.addresses)) {
        if (address.association?.networkInterfaceId === eni.id) delete address.association;
      }
    } else {
      delete eni.attachment;
      eni.status = 'available';
    }
  }
  for (const volume of attachedVolumes(ec2, instance.id)) {
    if (volume.attachment?.deleteOnTermination) delete ec2.volumes[volume.id];
    else {
      delete volume.attachment;
      volume.state = 'available';
    }
  }
  for (const association of Object.values(ec2.iamInstanceProfileAssociations)) {
    if (association.instanceId === instance.id) delete ec2.iamInstanceProfileAssociations[association.id];
  }
}
