import type { Route } from '@aws-sdk/client-ec2';
import type { SimulatedAccount } from './account.js';
import { GROUP_NAME_TAG } from './auto-scaling/capacity.js';
import { seedCloudTrail } from './cloudtrail/seed.js';
import { type HandlerContext, newIamId, nowIso, regionOf } from './context.js';
import type { Ec2State, SecurityGroupRecord } from './ec2/model.js';
import { attachInterface, attachNewVolume, createInterface, launchInstance } from './ec2/provisioning.js';
import { seedIdentities } from './iam/seed-identities.js';
import { DRILL_REGION, DRILL_IDS as ID } from './seed-ids.js';

const VPC_CIDR = '10.20.0.0/16';
const VPC_IPV6 = '2a05:d018:abc:de00::/56';
const EC2_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

function seedIam(ctx: HandlerContext): Record<string, string> {
  const { accountId } = ctx.state;
  const roles = [
    { name: ID.roles.webApp, description: 'Web application instances' },
    { name: ID.roles.asgWorker, description: 'Auto Scaling web workers' },
    { name: ID.roles.bot, description: 'Firebreak incident-response bot' },
  ];
  for (const { name, description } of roles) {
    ctx.state.iam.roles[name] = {
      name,
      id: newIamId(ctx, 'AROA'),
      arn: `arn:aws:iam::${accountId}:role/${name}`,
      path: '/',
      createDate: nowIso(ctx),
      assumeRolePolicyDocument: EC2_TRUST,
      description,
      maxSessionDuration: 3600,
      tags: {},
    };
  }
  const profileArns: Record<string, string> = {};
  for (const [profile, role] of [
    [ID.instanceProfiles.webApp, ID.roles.webApp],
    [ID.instanceProfiles.asgWorker, ID.roles.asgWorker],
  ] as const) {
    const arn = `arn:aws:iam::${accountId}:instance-profile/${profile}`;
    ctx.state.iam.instanceProfiles[profile] = {
      name: profile,
      id: newIamId(ctx, 'AIPA'),
      arn,
      path: '/',
      createDate: nowIso(ctx),
      roleNames: [role],
      tags: {},
    };
    profileArns[profile] = arn;
  }
  return profileArns;
}

function seedNetwork(ec2: Ec2State): void {
  ec2.vpcs[ID.vpc] = {
    id: ID.vpc,
    cidrBlock: VPC_CIDR,
    cidrAssociationId: 'vpc-cidr-assoc-0dd1c0de000000001',
    ipv6CidrBlock: VPC_IPV6,
    ipv6AssociationId: 'vpc-cidr-assoc-0dd1c0de000000002',
    isDefault: false,
    dhcpOptionsId: ID.dhcpOptions,
    tags: { Name: 'drill-prod' },
  };
  const subnet = (id: string, cidr: string, ipv6: string, name: string, isPublic: boolean) => {
    ec2.subnets[id] = {
      id,
      vpcId: ID.vpc,
      cidrBlock: cidr,
      ipv6CidrBlock: ipv6,
      ipv6AssociationId: `subnet-cidr-assoc-${id.slice(7)}`,
      availabilityZone: `${DRILL_REGION}a`,
      availabilityZoneId: 'euw1-az1',
      mapPublicIpOnLaunch: isPublic,
      assignIpv6AddressOnCreation: false,
      defaultForAz: false,
      tags: { Name: name },
    };
  };
  subnet(ID.subnets.public, '10.20.1.0/24', '2a05:d018:abc:de00::/64', 'drill-public-a', true);
  subnet(ID.subnets.private, '10.20.2.0/24', '2a05:d018:abc:de01::/64', 'drill-private-a', false);

  const local: Route[] = [
    { DestinationCidrBlock: VPC_CIDR, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
    { DestinationIpv6CidrBlock: VPC_IPV6, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
  ];
  const route = (target: Route): Route => ({ Origin: 'CreateRoute', State: 'active', ...target });
  // The public subnet has no explicit association: it uses the main table, as many real VPCs do.
  ec2.routeTables[ID.routeTables.main] = {
    id: ID.routeTables.main,
    vpcId: ID.vpc,
    mainAssociationId: 'rtbassoc-0dd1c0de00000a000',
    associations: [],
    routes: [
      ...local,
      route({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: ID.internetGateway }),
      route({ DestinationIpv6CidrBlock: '::/0', GatewayId: ID.internetGateway }),
    ],
    tags: { Name: 'drill-public' },
  };
  ec2.routeTables[ID.routeTables.private] = {
    id: ID.routeTables.private,
    vpcId: ID.vpc,
    associations: [{ id: 'rtbassoc-0dd1c0de00000b002', subnetId: ID.subnets.private }],
    routes: [
      ...local,
      route({ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: ID.natGateway }),
      route({ DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: ID.egressOnlyInternetGateway }),
      route({ DestinationCidrBlock: '10.0.0.0/8', TransitGatewayId: ID.transitGateway }),
      route({ DestinationCidrBlock: '172.31.0.0/16', VpcPeeringConnectionId: ID.peeringConnection }),
      route({ DestinationCidrBlock: '192.168.0.0/16', GatewayId: ID.inspectionEndpoint }),
      {
        DestinationPrefixListId: ID.s3PrefixList,
        GatewayId: ID.s3GatewayEndpoint,
        Origin: 'CreateRoute',
        State: 'active',
      },
    ],
    tags: { Name: 'drill-private' },
  };
  const endpoint = (
    id: string,
    type: 'Gateway' | 'GatewayLoadBalancer',
    serviceName: string,
    name: string,
  ) => {
    ec2.vpcEndpoints[id] = {
      id,
      vpcId: ID.vpc,
      serviceName,
      type,
      routeTableIds: type === 'Gateway' ? [ID.routeTables.private] : [],
      subnetIds: type === 'Gateway' ? [] : [ID.subnets.private],
      networkInterfaceIds: [],
      state: 'available',
      createTime: '2024-01-15T09:00:00.000Z',
      tags: { Name: name },
    };
  };
  endpoint(ID.s3GatewayEndpoint, 'Gateway', `com.amazonaws.${DRILL_REGION}.s3`, 'drill-s3');
  endpoint(
    ID.inspectionEndpoint,
    'GatewayLoadBalancer',
    `com.amazonaws.vpce.${DRILL_REGION}.vpce-svc-0dd1c0de000000001`,
    'drill-inspection',
  );

  const entry = (
    ruleNumber: number,
    egress: boolean,
    ruleAction: 'allow' | 'deny',
    cidr: { cidrBlock?: string; ipv6CidrBlock?: string },
  ) => ({
    ruleNumber,
    egress,
    protocol: '-1',
    ruleAction,
    ...cidr,
  });
  ec2.networkAcls[ID.networkAcl] = {
    id: ID.networkAcl,
    vpcId: ID.vpc,
    isDefault: true,
    associations: [
      { id: 'aclassoc-0dd1c0de00000a001', subnetId: ID.subnets.public },
      { id: 'aclassoc-0dd1c0de00000b002', subnetId: ID.subnets.private },
    ],
    entries: [false, true].flatMap((egress) => [
      entry(100, egress, 'allow', { cidrBlock: '0.0.0.0/0' }),
      entry(101, egress, 'allow', { ipv6CidrBlock: '::/0' }),
      entry(32767, egress, 'deny', { cidrBlock: '0.0.0.0/0' }),
      entry(32768, egress, 'deny', { ipv6CidrBlock: '::/0' }),
    ]),
    tags: {},
  };
}

function seedSecurityGroups(ec2: Ec2State, accountId: string): void {
  const group = (record: SecurityGroupRecord) => {
    ec2.securityGroups[record.id] = record;
  };
  const allEgress = [
    { id: 'sgr-0dd1c0de0000000e1', protocol: '-1', cidrIpv4: '0.0.0.0/0' },
    { id: 'sgr-0dd1c0de0000000e2', protocol: '-1', cidrIpv6: '::/0' },
  ];
  group({
    id: ID.securityGroups.web,
    name: 'web-sg',
    description: 'Web tier: HTTPS from anywhere',
    vpcId: ID.vpc,
    ingress: [
      {
        id: 'sgr-0dd1c0de0000000a1',
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: '0.0.0.0/0',
        description: 'HTTPS',
      },
      {
        id: 'sgr-0dd1c0de0000000a2',
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv6: '::/0',
        description: 'HTTPS',
      },
      {
        id: 'sgr-0dd1c0de0000000a3',
        protocol: 'tcp',
        fromPort: 22,
        toPort: 22,
        groupId: ID.securityGroups.default,
        groupOwnerId: accountId,
        description: 'SSH from the bastion',
      },
    ],
    egress: allEgress.map((rule) => ({ ...rule, id: `${rule.id}a` })),
    tags: { Name: 'web-sg', tier: 'web' },
  });
  group({
    id: ID.securityGroups.db,
    name: 'db-sg',
    description: 'Database tier: PostgreSQL from the web tier',
    vpcId: ID.vpc,
    ingress: [
      {
        id: 'sgr-0dd1c0de0000000b1',
        protocol: 'tcp',
        fromPort: 5432,
        toPort: 5432,
        groupId: ID.securityGroups.web,
        groupOwnerId: accountId,
        description: 'PostgreSQL from web-sg',
      },
    ],
    egress: allEgress.map((rule) => ({ ...rule, id: `${rule.id}b` })),
    tags: { Name: 'db-sg', tier: 'db' },
  });
  group({
    id: ID.securityGroups.default,
    name: 'default',
    description: 'default VPC security group',
    vpcId: ID.vpc,
    ingress: [
      {
        id: 'sgr-0dd1c0de0000000c1',
        protocol: '-1',
        groupId: ID.securityGroups.default,
        groupOwnerId: accountId,
      },
    ],
    egress: allEgress.map((rule) => ({ ...rule, id: `${rule.id}c` })),
    tags: {},
  });
}

function seedNatGateway(ctx: HandlerContext, ec2: Ec2State): void {
  createInterface(ctx, {
    id: ID.networkInterfaces.natGateway,
    subnetId: ID.subnets.public,
    groupIds: [],
    description: `Interface for NAT Gateway ${ID.natGateway}`,
    interfaceType: 'nat_gateway',
    privateIp: '10.20.1.5',
    requesterManaged: true,
    requesterId: 'amazon-vpc-nat-gateway',
  }).status = 'in-use';
  ec2.natGateways[ID.natGateway] = {
    id: ID.natGateway,
    vpcId: ID.vpc,
    subnetId: ID.subnets.public,
    state: 'available',
    connectivityType: 'public',
    createTime: '2024-01-15T09:00:00.000Z',
    networkInterfaceId: ID.networkInterfaces.natGateway,
    privateIp: '10.20.1.5',
    allocationId: ID.elasticIps.natGateway.allocationId,
    tags: { Name: 'drill-nat-a' },
  };
  ec2.addresses[ID.elasticIps.natGateway.allocationId] = {
    allocationId: ID.elasticIps.natGateway.allocationId,
    publicIp: ID.elasticIps.natGateway.publicIp,
    networkBorderGroup: DRILL_REGION,
    association: {
      id: ID.elasticIps.natGateway.associationId,
      networkInterfaceId: ID.networkInterfaces.natGateway,
      privateIp: '10.20.1.5',
    },
    tags: { Name: 'drill-nat-a' },
  };
}

function seedWebInstance(ctx: HandlerContext, ec2: Ec2State, profileArn: string): void {
  const web = launchInstance(ctx, {
    id: ID.instances.web,
    reservationId: 'r-0dd1c0de0000000a1',
    subnetId: ID.subnets.public,
    securityGroupIds: [ID.securityGroups.web],
    imageId: 'ami-0dd1c0de000000001',
    instanceType: 'm6i.large',
    keyName: 'ops-2024',
    iamInstanceProfileArn: profileArn,
    primaryInterface: {
      id: ID.networkInterfaces.webPrimary,
      privateIp: '10.20.1.10',
      description: 'web-1 eth0',
    },
    rootVolume: { id: ID.volumes.webRoot, size: 20, tags: { Name: 'web-1-root' } },
    tags: { Name: 'web-1', env: 'prod', app: 'web' },
  });
  attachNewVolume(ctx, web, {
    id: ID.volumes.webData,
    device: '/dev/sdf',
    size: 100,
    deleteOnTermination: true,
    tags: { Name: 'web-1-data' },
  });
  // A trunk interface in the other subnet (different groups), carrying one branch interface for a pod.
  const trunk = createInterface(ctx, {
    id: ID.networkInterfaces.webTrunk,
    subnetId: ID.subnets.private,
    groupIds: [ID.securityGroups.db],
    interfaceType: 'trunk',
    privateIp: '10.20.2.10',
    description: 'aws-k8s-trunk-eni',
    tags: { 'vpcresources.k8s.aws/trunk-eni': 'true' },
  });
  attachInterface(ctx, trunk, web.id, 1, true);
  const branch = createInterface(ctx, {
    id: ID.networkInterfaces.webBranch,
    subnetId: ID.subnets.private,
    groupIds: [ID.securityGroups.web],
    interfaceType: 'branch',
    privateIp: '10.20.2.11',
    description: 'aws-k8s-branch-eni',
    tags: { 'vpcresources.k8s.aws/trunk-eni-id': trunk.id, 'vpcresources.k8s.aws/vlan-id': '1' },
  });
  branch.status = 'in-use';
  branch.trunkAssociation = { id: ID.trunkAssociation, trunkInterfaceId: trunk.id, vlanId: 1 };
  ec2.addresses[ID.elasticIps.web.allocationId] = {
    allocationId: ID.elasticIps.web.allocationId,
    publicIp: ID.elasticIps.web.publicIp,
    networkBorderGroup: DRILL_REGION,
    association: {
      id: ID.elasticIps.web.associationId,
      networkInterfaceId: ID.networkInterfaces.webPrimary,
      privateIp: '10.20.1.10',
    },
    tags: { Name: 'web-1' },
  };
}

function seedAutoScaling(ctx: HandlerContext, profileArn: string): void {
  const launch = {
    launchTemplateId: ID.launchTemplate,
    launchTemplateName: 'web-asg-template',
    version: '$Default',
    imageId: 'ami-0dd1c0de000000001',
    instanceType: 't3.medium',
    securityGroupIds: [ID.securityGroups.web],
    iamInstanceProfileArn: profileArn,
  };
  const members = [
    {
      id: ID.instances.asg,
      eni: ID.networkInterfaces.asg,
      ip: '10.20.2.20',
      root: ID.volumes.asgRoot,
      reservation: 'r-0dd1c0de0000000b1',
    },
    {
      id: ID.instances.asgPeer,
      eni: ID.networkInterfaces.asgPeer,
      ip: '10.20.2.21',
      root: ID.volumes.asgPeerRoot,
      reservation: 'r-0dd1c0de0000000b2',
    },
  ].map((member) =>
    launchInstance(ctx, {
      id: member.id,
      reservationId: member.reservation,
      subnetId: ID.subnets.private,
      securityGroupIds: launch.securityGroupIds,
      imageId: launch.imageId,
      instanceType: launch.instanceType,
      iamInstanceProfileArn: profileArn,
      primaryInterface: { id: member.eni, privateIp: member.ip },
      rootVolume: { id: member.root, size: 8 },
      tags: { Name: 'web-asg', [GROUP_NAME_TAG]: ID.autoScalingGroup },
    }),
  );
  regionOf(ctx).autoScaling.groups[ID.autoScalingGroup] = {
    name: ID.autoScalingGroup,
    arn: `arn:aws:autoscaling:${ctx.region}:${ctx.state.accountId}:autoScalingGroup:0dd1c0de-0000-4000-8000-000000000001:autoScalingGroupName/${ID.autoScalingGroup}`,
    minSize: 1,
    maxSize: 4,
    desiredCapacity: 2,
    defaultCooldown: 300,
    healthCheckType: 'EC2',
    healthCheckGracePeriod: 300,
    createdTime: '2024-01-15T09:00:00.000Z',
    subnetIds: [ID.subnets.private],
    availabilityZones: [`${ctx.region}a`],
    launch,
    newInstancesProtectedFromScaleIn: false,
    instances: members.map((instance) => ({
      instanceId: instance.id,
      lifecycleState: 'InService',
      healthStatus: 'Healthy',
      protectedFromScaleIn: false,
      availabilityZone: instance.availabilityZone,
      instanceType: instance.instanceType,
    })),
    tags: [{ key: 'Name', value: 'web-asg', propagateAtLaunch: true }],
  };
}

function seedOtherInstances(ctx: HandlerContext, webProfileArn: string): void {
  // Dual-stack, and the second running instance using web-app-role.
  launchInstance(ctx, {
    id: ID.instances.dual,
    reservationId: 'r-0dd1c0de0000000c1',
    subnetId: ID.subnets.public,
    securityGroupIds: [ID.securityGroups.web],
    imageId: 'ami-0dd1c0de000000001',
    instanceType: 'm6i.large',
    iamInstanceProfileArn: webProfileArn,
    primaryInterface: {
      id: ID.networkInterfaces.dual,
      privateIp: '10.20.1.30',
      publicIp: '54.78.1.20',
      ipv6: ['2a05:d018:abc:de00:4f1:9a2b:3c4d:5e6f', '2a05:d018:abc:de00:4f1:9a2b:3c4d:5e70'],
    },
    rootVolume: { id: ID.volumes.dualRoot, size: 20 },
    tags: { Name: 'web-2-dualstack', env: 'prod', app: 'web' },
  });
  launchInstance(ctx, {
    id: ID.instances.bastion,
    reservationId: 'r-0dd1c0de0000000d1',
    subnetId: ID.subnets.public,
    securityGroupIds: [ID.securityGroups.default],
    imageId: 'ami-0dd1c0de000000002',
    instanceType: 't3.micro',
    keyName: 'ops-2024',
    primaryInterface: { id: ID.networkInterfaces.bastion, privateIp: '10.20.1.40', publicIp: '54.78.1.40' },
    rootVolume: { id: ID.volumes.bastionRoot, size: 8 },
    tags: { Name: 'bastion', 'firebreak:protected': 'true' },
  });
}

/**
 * A small production-like VPC in eu-west-1 with the cases containment must handle: several interfaces
 * (one a trunk with a branch), an instance profile shared by two instances, an Auto Scaling member, a
 * dual-stack instance, a protected bastion, and routes through NAT, transit gateway, egress-only gateway,
 * peering and endpoints. Ids are fixed (see DRILL_IDS).
 */
export function seedDrillEnvironment(account: SimulatedAccount): void {
  account.mutate(DRILL_REGION, (ctx) => {
    const ec2 = regionOf(ctx).ec2;
    const profiles = seedIam(ctx);
    const webProfile = profiles[ID.instanceProfiles.webApp] as string;
    seedNetwork(ec2);
    seedSecurityGroups(ec2, ctx.state.accountId);
    seedNatGateway(ctx, ec2);
    seedWebInstance(ctx, ec2, webProfile);
    seedAutoScaling(ctx, profiles[ID.instanceProfiles.asgWorker] as string);
    seedOtherInstances(ctx, webProfile);
    seedIdentities(ctx);
    seedCloudTrail(ctx);
  });
}
