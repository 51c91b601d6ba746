/**
 * What Firebreak read about an instance before isolating it: the blast radius shown in the preview, and the
 * state restore returns to. Plain data (JSON-safe), so it can sit on the action record next to the plan.
 */

/** `trunk` carries branch interfaces (EKS pods, ECS tasks); a `branch` is a separate target with its own groups. */
export type InterfaceType = 'interface' | 'trunk' | 'branch';

export interface ObservedInterface {
  id: string;
  type: InterfaceType;
  subnetId: string;
  vpcId: string;
  /** Security group ids, in AWS's order. */
  groups: string[];
  /** Group id → name; a Firebreak group is recognisable by name even before its id is known. */
  groupNames: Record<string, string>;
  privateIps: string[];
  ipv6: string[];
  /** Delegated prefixes are the interface's addresses too, so a network ACL deny must cover them. */
  ipv4Prefixes: string[];
  ipv6Prefixes: string[];
  /** For a branch: the trunk it is associated with. */
  trunkId?: string;
  deviceIndex?: number;
  tags: Record<string, string>;
}

export interface ObservedAsg {
  groupName: string;
  desiredCapacity: number;
  minSize: number;
  maxSize: number;
  /** InService, Standby, Pending…; EnterStandby works only from InService. */
  lifecycleState: string;
  /** Load balancer targets: flows through an NLB or GWLB stay tracked whatever the groups say. */
  targetGroupArns: string[];
  loadBalancerNames: string[];
}

export interface ObservedProfileAssociation {
  associationId: string;
  profileArn: string;
  state: string;
}

export interface ObservedRole {
  name: string;
  arn: string;
  profileName: string;
}

export interface ObservedVolume {
  id: string;
  deviceName: string;
  deleteOnTermination: boolean;
}

export interface ObservedEip {
  publicIp: string;
  allocationId?: string;
  associationId?: string;
  networkInterfaceId?: string;
  privateIp?: string;
}

/** How a route leaves the VPC; the first five keep flows tracked through a security-group swap. */
export type RouteVia =
  | 'nat-gateway'
  | 'egress-only-internet-gateway'
  | 'transit-gateway'
  | 'vpc-endpoint'
  | 'core-network'
  | 'internet-gateway'
  | 'virtual-private-gateway'
  | 'vpc-peering'
  | 'network-interface'
  | 'instance'
  | 'local-gateway'
  | 'carrier-gateway'
  | 'local'
  | 'other';

export interface EgressRoute {
  destination: string;
  via: RouteVia;
  targetId: string;
}

export interface SubnetRoutes {
  subnetId: string;
  routeTableId?: string;
  routes: EgressRoute[];
  /** Routes whose flows stay tracked: NAT gateway, egress-only IGW, transit gateway, VPC endpoint (GWLB, PrivateLink). */
  trackedPaths: EgressRoute[];
  warnings: string[];
}

export interface NaclEntry {
  ruleNumber: number;
  egress: boolean;
  action: 'allow' | 'deny';
  protocol: string;
  cidr?: string;
  ipv6Cidr?: string;
}

export interface ObservedNacl {
  id: string;
  vpcId: string;
  subnetIds: string[];
  entries: NaclEntry[];
}

export type FirebreakGroupRole = 'untrack' | 'isolation';

export interface FirebreakGroup {
  vpcId: string;
  role: FirebreakGroupRole;
  groupId: string;
}

export interface ObservedInstance {
  instanceId: string;
  name?: string;
  /** pending, running, stopping, stopped, shutting-down, terminated. */
  state: string;
  vpcId?: string;
  subnetId?: string;
  instanceType?: string;
  tags: Record<string, string>;
  terminationProtection: boolean;
  shutdownBehaviour: string;
  /** Every interface: attached ones from DescribeNetworkInterfaces, then the branches of each trunk. */
  interfaces: ObservedInterface[];
  asg?: ObservedAsg;
  profileAssociation?: ObservedProfileAssociation;
  role?: ObservedRole;
  /** Running instances whose profile carries the same role: a role-session deny would hit them too. */
  otherInstancesUsingRole: string[];
  volumes: ObservedVolume[];
  eips: ObservedEip[];
  routes: SubnetRoutes[];
  networkAcls: ObservedNacl[];
  /** Untrack and isolation groups already made in these VPCs (they are reused across incidents). */
  firebreakGroups: FirebreakGroup[];
  /** Parts that could not be read (e.g. IAM denied); the preview shows them instead of failing. */
  warnings: string[];
}
