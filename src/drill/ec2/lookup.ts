import { type HandlerContext, regionOf } from '../context.js';
import { AwsFault } from '../errors.js';
import type {
  Ec2State,
  InstanceRecord,
  NetworkAclRecord,
  NetworkInterfaceRecord,
  RouteTableRecord,
  SecurityGroupRecord,
  SubnetRecord,
  VolumeRecord,
  VpcRecord,
} from './model.js';

export function ec2Of(ctx: HandlerContext): Ec2State {
  return regionOf(ctx).ec2;
}

function quoteList(ids: readonly string[]): string {
  return `'${ids.join(', ')}'`;
}

/** How AWS words "not found" for each kind of EC2 id. */
export const NOT_FOUND = {
  instance: (ids: readonly string[]) =>
    new AwsFault(
      'InvalidInstanceID.NotFound',
      ids.length === 1
        ? `The instance ID ${quoteList(ids)} does not exist`
        : `The instance IDs ${quoteList(ids)} do not exist`,
    ),
  networkInterface: (ids: readonly string[]) =>
    new AwsFault(
      'InvalidNetworkInterfaceID.NotFound',
      `The networkInterface ID ${quoteList(ids)} does not exist`,
    ),
  securityGroup: (ids: readonly string[]) =>
    new AwsFault('InvalidGroup.NotFound', `The security group ${quoteList(ids)} does not exist`),
  volume: (ids: readonly string[]) =>
    new AwsFault('InvalidVolume.NotFound', `The volume ${quoteList(ids)} does not exist.`),
  snapshot: (ids: readonly string[]) =>
    new AwsFault('InvalidSnapshot.NotFound', `The snapshot ${quoteList(ids)} does not exist.`),
  subnet: (ids: readonly string[]) =>
    new AwsFault('InvalidSubnetID.NotFound', `The subnet ID ${quoteList(ids)} does not exist`),
  vpc: (ids: readonly string[]) =>
    new AwsFault('InvalidVpcID.NotFound', `The vpc ID ${quoteList(ids)} does not exist`),
  routeTable: (ids: readonly string[]) =>
    new AwsFault('InvalidRouteTableID.NotFound', `The routeTable ID ${quoteList(ids)} does not exist`),
  networkAcl: (ids: readonly string[]) =>
    new AwsFault('InvalidNetworkAclID.NotFound', `The networkAcl ID ${quoteList(ids)} does not exist`),
  allocation: (ids: readonly string[]) =>
    new AwsFault('InvalidAllocationID.NotFound', `The allocation ID ${quoteList(ids)} does not exist`),
  publicIp: (ids: readonly string[]) =>
    new AwsFault('InvalidAddress.NotFound', `Address ${quoteList(ids)} not found.`),
  association: (ids: readonly string[]) =>
    new AwsFault('InvalidAssociationID.NotFound', `The association ID ${quoteList(ids)} does not exist`),
  natGateway: (ids: readonly string[]) =>
    new AwsFault('NatGatewayNotFound', `The NAT gateway ID ${quoteList(ids)} does not exist`),
  vpcEndpoint: (ids: readonly string[]) =>
    new AwsFault('InvalidVpcEndpointId.NotFound', `The Vpc Endpoint Id ${quoteList(ids)} does not exist`),
} as const;

/**
 * The records named by `ids`, in the order asked, or every record when `ids` is empty. Any unknown id fails
 * the whole call, as a Describe with explicit ids does in AWS.
 */
export function selectByIds<T>(
  collection: Readonly<Record<string, T>>,
  ids: readonly string[] | undefined,
  notFound: (missing: readonly string[]) => AwsFault,
): T[] {
  if (!ids?.length) return Object.values(collection);
  const unique = [...new Set(ids)];
  const missing = unique.filter((id) => !collection[id]);
  if (missing.length) throw notFound(missing);
  return unique.map((id) => collection[id] as T);
}

export function getOne<T>(
  collection: Readonly<Record<string, T>>,
  id: string | undefined,
  notFound: (missing: readonly string[]) => AwsFault,
  parameter: string,
): T {
  if (!id) throw new AwsFault('MissingParameter', `The request must contain the parameter ${parameter}`);
  const found = collection[id];
  if (!found) throw notFound([id]);
  return found;
}

export function getInstance(ec2: Ec2State, id: string | undefined): InstanceRecord {
  if (id && !id.startsWith('i-')) throw new AwsFault('InvalidInstanceID.Malformed', `Invalid id: "${id}"`);
  return getOne(ec2.instances, id, NOT_FOUND.instance, 'InstanceId');
}

export function getNetworkInterface(ec2: Ec2State, id: string | undefined): NetworkInterfaceRecord {
  if (id && !id.startsWith('eni-')) {
    throw new AwsFault('InvalidNetworkInterfaceId.Malformed', `Invalid id: "${id}" (expecting "eni-...")`);
  }
  return getOne(ec2.networkInterfaces, id, NOT_FOUND.networkInterface, 'NetworkInterfaceId');
}

export function getSecurityGroup(ec2: Ec2State, id: string | undefined): SecurityGroupRecord {
  if (id && !id.startsWith('sg-')) throw new AwsFault('InvalidGroupId.Malformed', `Invalid id: "${id}"`);
  return getOne(ec2.securityGroups, id, NOT_FOUND.securityGroup, 'GroupId');
}

export function getVolume(ec2: Ec2State, id: string | undefined): VolumeRecord {
  return getOne(ec2.volumes, id, NOT_FOUND.volume, 'VolumeId');
}

export function getSubnet(ec2: Ec2State, id: string | undefined): SubnetRecord {
  return getOne(ec2.subnets, id, NOT_FOUND.subnet, 'SubnetId');
}

export function getVpc(ec2: Ec2State, id: string | undefined): VpcRecord {
  return getOne(ec2.vpcs, id, NOT_FOUND.vpc, 'VpcId');
}

export function getRouteTable(ec2: Ec2State, id: string | undefined): RouteTableRecord {
  return getOne(ec2.routeTables, id, NOT_FOUND.routeTable, 'RouteTableId');
}

export function getNetworkAcl(ec2: Ec2State, id: string | undefined): NetworkAclRecord {
  return getOne(ec2.networkAcls, id, NOT_FOUND.networkAcl, 'NetworkAclId');
}

/** The interfaces attached to an instance, primary first. Branch interfaces are not attached. */
export function attachedInterfaces(ec2: Ec2State, instanceId: string): NetworkInterfaceRecord[] {
  return Object.values(ec2.networkInterfaces)
    .filter((eni) => eni.attachment?.instanceId === instanceId)
    .sort((a, b) => (a.attachment?.deviceIndex ?? 0) - (b.attachment?.deviceIndex ?? 0));
}

export function primaryInterface(ec2: Ec2State, instanceId: string): NetworkInterfaceRecord | undefined {
  return attachedInterfaces(ec2, instanceId).find((eni) => eni.attachment?.deviceIndex === 0);
}

export function attachedVolumes(ec2: Ec2State, instanceId: string): VolumeRecord[] {
  return Object.values(ec2.volumes)
    .filter((volume) => volume.attachment?.instanceId === instanceId)
    .sort((a, b) => (a.attachment?.device ?? '').localeCompare(b.attachment?.device ?? ''));
}

export function profileAssociationOf(ec2: Ec2State, instanceId: string) {
  return Object.values(ec2.iamInstanceProfileAssociations).find((a) => a.instanceId === instanceId);
}

/** EC2 refuses most changes to an instance that is terminated or on its way there. */
export function assertNotTerminated(instance: InstanceRecord): void {
  if (instance.state === 'terminated' || instance.state === 'shutting-down') {
    throw new AwsFault(
      'IncorrectInstanceState',
      `The instance '${instance.id}' is not in a state from which the requested operation can be performed.`,
    );
  }
}
