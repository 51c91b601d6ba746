import type { Route } from '@aws-sdk/client-ec2';
import type { Tags } from '../tags.js';

export type { Tags };

export interface VpcRecord {
  id: string;
  cidrBlock: string;
  cidrAssociationId: string;
  ipv6CidrBlock?: string;
  ipv6AssociationId?: string;
  isDefault: boolean;
  dhcpOptionsId: string;
  tags: Tags;
}

export interface SubnetRecord {
  id: string;
  vpcId: string;
  cidrBlock: string;
  ipv6CidrBlock?: string;
  ipv6AssociationId?: string;
  availabilityZone: string;
  availabilityZoneId: string;
  mapPublicIpOnLaunch: boolean;
  assignIpv6AddressOnCreation: boolean;
  defaultForAz: boolean;
  tags: Tags;
}

export interface RouteTableRecord {
  id: string;
  vpcId: string;
  /** Set on the VPC's main table; subnets without an explicit association use it implicitly. */
  mainAssociationId?: string;
  associations: { id: string; subnetId: string }[];
  /** Stored in the SDK's own shape: the route targets are exactly what DescribeRouteTables shows. */
  routes: Route[];
  tags: Tags;
}

export interface NatGatewayRecord {
  id: string;
  vpcId: string;
  subnetId: string;
  state: 'pending' | 'available' | 'deleting' | 'deleted' | 'failed';
  connectivityType: 'public' | 'private';
  createTime: string;
  networkInterfaceId: string;
  privateIp: string;
  allocationId?: string;
  tags: Tags;
}

export interface VpcEndpointRecord {
  id: string;
  vpcId: string;
  serviceName: string;
  type: 'Gateway' | 'Interface' | 'GatewayLoadBalancer';
  routeTableIds: string[];
  subnetIds: string[];
  networkInterfaceIds: string[];
  state: 'available' | 'pending' | 'deleted';
  createTime: string;
  tags: Tags;
}

export interface SecurityGroupRuleRecord {
  id: string;
  /** Normalised: 'tcp' | 'udp' | 'icmp' | 'icmpv6' | '-1' | another protocol number. */
  protocol: string;
  /** Only for tcp, udp, icmp and icmpv6: other protocols always cover every port. */
  fromPort?: number;
  toPort?: number;
  cidrIpv4?: string;
  cidrIpv6?: string;
  prefixListId?: string;
  groupId?: string;
  groupOwnerId?: string;
  description?: string;
}

export interface SecurityGroupRecord {
  id: string;
  name: string;
  description: string;
  vpcId: string;
  ingress: SecurityGroupRuleRecord[];
  egress: SecurityGroupRuleRecord[];
  tags: Tags;
}

export type NetworkInterfaceKind =
  | 'interface'
  | 'trunk'
  | 'branch'
  | 'nat_gateway'
  | 'vpc_endpoint'
  | 'gateway_load_balancer_endpoint'
  | 'network_load_balancer'
  | 'transit_gateway';

export interface PrivateIpRecord {
  address: string;
  primary: boolean;
  /** An auto-assigned public IPv4 address; Elastic IPs live on the address record instead. */
  publicIp?: string;
}

export interface NetworkInterfaceRecord {
  id: string;
  subnetId: string;
  vpcId: string;
  availabilityZone: string;
  description: string;
  interfaceType: NetworkInterfaceKind;
  macAddress: string;
  privateIps: PrivateIpRecord[];
  ipv6Addresses: string[];
  groupIds: string[];
  sourceDestCheck: boolean;
  status: 'available' | 'in-use';
  requesterManaged: boolean;
  requesterId?: string;
  attachment?: {
    id: string;
    instanceId: string;
    deviceIndex: number;
    networkCardIndex: number;
    deleteOnTermination: boolean;
    attachTime: string;
  };
  /** Branch interfaces (EKS pods, ECS tasks) ride on a trunk and have no attachment of their own. */
  trunkAssociation?: { id: string; trunkInterfaceId: string; vlanId: number };
  tags: Tags;
}

export type InstanceStateName =
  | 'pending'
  | 'running'
  | 'shutting-down'
  | 'terminated'
  | 'stopping'
  | 'stopped';

export interface InstanceRecord {
  id: string;
  reservationId: string;
  imageId: string;
  instanceType: string;
  state: InstanceStateName;
  stateTransitionReason: string;
  launchTime: string;
  availabilityZone: string;
  subnetId: string;
  vpcId: string;
  keyName?: string;
  architecture: 'x86_64' | 'arm64';
  rootDeviceName: string;
  disableApiTermination: boolean;
  disableApiStop: boolean;
  shutdownBehavior: 'stop' | 'terminate';
  ebsOptimized: boolean;
  httpTokens: 'required' | 'optional';
  tags: Tags;
}

export interface VolumeRecord {
  id: string;
  size: number;
  volumeType: string;
  iops?: number;
  throughput?: number;
  availabilityZone: string;
  encrypted: boolean;
  kmsKeyId?: string;
  snapshotId?: string;
  createTime: string;
  state: 'available' | 'in-use';
  /** The single source of a volume's DeleteOnTermination; the instance's block device mappings are derived. */
  attachment?: { instanceId: string; device: string; deleteOnTermination: boolean; attachTime: string };
  tags: Tags;
}

export interface SnapshotRecord {
  id: string;
  volumeId: string;
  volumeSize: number;
  state: 'pending' | 'completed' | 'error';
  progress: string;
  startTime: string;
  description: string;
  encrypted: boolean;
  ownerId: string;
  tags: Tags;
}

export interface AddressRecord {
  allocationId: string;
  publicIp: string;
  networkBorderGroup: string;
  association?: { id: string; networkInterfaceId: string; privateIp: string };
  tags: Tags;
}

export interface NetworkAclEntryRecord {
  ruleNumber: number;
  egress: boolean;
  /** A protocol number as a string, or '-1' for all, as DescribeNetworkAcls shows it. */
  protocol: string;
  ruleAction: 'allow' | 'deny';
  cidrBlock?: string;
  ipv6CidrBlock?: string;
  portRange?: { from: number; to: number };
  icmpTypeCode?: { type: number; code: number };
}

export interface NetworkAclRecord {
  id: string;
  vpcId: string;
  isDefault: boolean;
  associations: { id: string; subnetId: string }[];
  entries: NetworkAclEntryRecord[];
  tags: Tags;
}

export interface IamInstanceProfileAssociationRecord {
  id: string;
  instanceId: string;
  profileArn: string;
  profileId: string;
  timestamp: string;
}

export interface Ec2State {
  vpcs: Record<string, VpcRecord>;
  subnets: Record<string, SubnetRecord>;
  routeTables: Record<string, RouteTableRecord>;
  natGateways: Record<string, NatGatewayRecord>;
  vpcEndpoints: Record<string, VpcEndpointRecord>;
  securityGroups: Record<string, SecurityGroupRecord>;
  networkInterfaces: Record<string, NetworkInterfaceRecord>;
  instances: Record<string, InstanceRecord>;
  volumes: Record<string, VolumeRecord>;
  snapshots: Record<string, SnapshotRecord>;
  addresses: Record<string, AddressRecord>;
  networkAcls: Record<string, NetworkAclRecord>;
  iamInstanceProfileAssociations: Record<string, IamInstanceProfileAssociationRecord>;
}

export function emptyEc2State(): Ec2State {
  return {
    vpcs: {},
    subnets: {},
    routeTables: {},
    natGateways: {},
    vpcEndpoints: {},
    securityGroups: {},
    networkInterfaces: {},
    instances: {},
    volumes: {},
    snapshots: {},
    addresses: {},
    networkAcls: {},
    iamInstanceProfileAssociations: {},
  };
}
