import {
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeTrunkInterfaceAssociationsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2ServiceException,
  paginateDescribeNetworkInterfaces,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { drill, IDS, rejection } from './support.js';

const { ec2 } = drill();

async function instance(id: string) {
  const output = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  const found = output.Reservations?.[0]?.Instances?.[0];
  if (!found) throw new Error(`no instance ${id}`);
  return found;
}

describe('seeded EC2 describes', () => {
  it('describes the web instance as AWS does: every interface, but only the primary one’s groups', async () => {
    const web = await instance(IDS.instances.web);

    expect(web).toMatchObject({
      State: { Code: 16, Name: 'running' },
      VpcId: IDS.vpc,
      SubnetId: IDS.subnets.public,
      PrivateIpAddress: '10.20.1.10',
      PublicIpAddress: '52.50.10.11',
      IamInstanceProfile: { Arn: 'arn:aws:iam::123456789012:instance-profile/web-app-profile' },
      SecurityGroups: [{ GroupId: IDS.securityGroups.web, GroupName: 'web-sg' }],
    });
    expect(web.LaunchTime).toBeInstanceOf(Date);
    expect(
      web.NetworkInterfaces?.map((eni) => [
        eni.NetworkInterfaceId,
        eni.InterfaceType,
        eni.Attachment?.DeviceIndex,
      ]),
    ).toEqual([
      [IDS.networkInterfaces.webPrimary, 'interface', 0],
      [IDS.networkInterfaces.webTrunk, 'trunk', 1],
    ]);
    expect(web.NetworkInterfaces?.[1]?.Groups).toEqual([
      { GroupId: IDS.securityGroups.db, GroupName: 'db-sg' },
    ]);
    expect(
      web.BlockDeviceMappings?.map((m) => [m.DeviceName, m.Ebs?.VolumeId, m.Ebs?.DeleteOnTermination]),
    ).toEqual([
      ['/dev/sdf', IDS.volumes.webData, true],
      ['/dev/xvda', IDS.volumes.webRoot, true],
    ]);
    expect(web.Tags).toContainEqual({ Key: 'Name', Value: 'web-1' });
  });

  it('gives the dual-stack instance IPv6 addresses and the bastion its protection tag', async () => {
    const dual = await instance(IDS.instances.dual);
    expect(dual.Ipv6Address).toBe('2a05:d018:abc:de00:4f1:9a2b:3c4d:5e6f');
    expect(dual.NetworkInterfaces?.[0]?.Ipv6Addresses).toHaveLength(2);

    const output = await ec2.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'tag:firebreak:protected', Values: ['true'] }] }),
    );
    expect(output.Reservations?.flatMap((r) => r.Instances?.map((i) => i.InstanceId))).toEqual([
      IDS.instances.bastion,
    ]);
  });

  it('finds the other instances using the web role through the iam-instance-profile.arn filter', async () => {
    const output = await ec2.send(
      new DescribeInstancesCommand({
        Filters: [
          {
            Name: 'iam-instance-profile.arn',
            Values: ['arn:aws:iam::123456789012:instance-profile/web-app-profile'],
          },
          { Name: 'instance-state-name', Values: ['running'] },
        ],
      }),
    );
    expect(output.Reservations?.flatMap((r) => r.Instances?.map((i) => i.InstanceId)).sort()).toEqual(
      [IDS.instances.dual, IDS.instances.web].sort(),
    );
  });

  it('lists attached interfaces by attachment.instance-id, leaving the branch interface to its trunk', async () => {
    const attached = await ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [{ Name: 'attachment.instance-id', Values: [IDS.instances.web] }],
      }),
    );
    expect(attached.NetworkInterfaces?.map((eni) => eni.NetworkInterfaceId)).toEqual([
      IDS.networkInterfaces.webPrimary,
      IDS.networkInterfaces.webTrunk,
    ]);
    expect(attached.NetworkInterfaces?.[0]).toMatchObject({
      Attachment: {
        InstanceId: IDS.instances.web,
        DeviceIndex: 0,
        Status: 'attached',
        DeleteOnTermination: true,
      },
      Association: { PublicIp: '52.50.10.11', AllocationId: IDS.elasticIps.web.allocationId },
      TagSet: [],
    });

    const trunks = await ec2.send(new DescribeTrunkInterfaceAssociationsCommand({}));
    expect(trunks.InterfaceAssociations).toEqual([
      expect.objectContaining({
        TrunkInterfaceId: IDS.networkInterfaces.webTrunk,
        BranchInterfaceId: IDS.networkInterfaces.webBranch,
        InterfaceProtocol: 'VLAN',
        VlanId: 1,
      }),
    ]);
    const branch = await ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [
          { Name: 'tag:vpcresources.k8s.aws/trunk-eni-id', Values: [IDS.networkInterfaces.webTrunk] },
        ],
      }),
    );
    expect(
      branch.NetworkInterfaces?.map((eni) => [eni.NetworkInterfaceId, eni.InterfaceType, eni.Attachment]),
    ).toEqual([[IDS.networkInterfaces.webBranch, 'branch', undefined]]);
  });

  it('filters interfaces by vpc-id and group-id, and pages them for SDK paginators', async () => {
    const inGroup = await ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [{ Name: 'group-id', Values: [IDS.securityGroups.db] }],
      }),
    );
    expect(inGroup.NetworkInterfaces?.map((eni) => eni.NetworkInterfaceId)).toEqual([
      IDS.networkInterfaces.webTrunk,
    ]);

    const ids: string[] = [];
    for await (const page of paginateDescribeNetworkInterfaces(
      { client: ec2, pageSize: 3 },
      { Filters: [{ Name: 'vpc-id', Values: [IDS.vpc] }] },
    )) {
      expect(page.NetworkInterfaces?.length).toBeLessThanOrEqual(3);
      ids.push(...(page.NetworkInterfaces ?? []).map((eni) => eni.NetworkInterfaceId ?? ''));
    }
    expect(ids).toHaveLength(8);
    expect(new Set(ids).size).toBe(8);
  });

  it('matches association.subnet-id only for explicit associations, as AWS does', async () => {
    const explicit = await ec2.send(
      new DescribeRouteTablesCommand({
        Filters: [{ Name: 'association.subnet-id', Values: [IDS.subnets.private] }],
      }),
    );
    const privateRoutes = explicit.RouteTables?.[0]?.Routes ?? [];
    expect(explicit.RouteTables?.map((t) => t.RouteTableId)).toEqual([IDS.routeTables.private]);
    expect(privateRoutes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: IDS.natGateway }),
        expect.objectContaining({ DestinationCidrBlock: '10.0.0.0/8', TransitGatewayId: IDS.transitGateway }),
        expect.objectContaining({
          DestinationIpv6CidrBlock: '::/0',
          EgressOnlyInternetGatewayId: IDS.egressOnlyInternetGateway,
        }),
        expect.objectContaining({
          DestinationCidrBlock: '172.31.0.0/16',
          VpcPeeringConnectionId: IDS.peeringConnection,
        }),
        expect.objectContaining({
          DestinationCidrBlock: '192.168.0.0/16',
          GatewayId: IDS.inspectionEndpoint,
        }),
        expect.objectContaining({
          DestinationPrefixListId: IDS.s3PrefixList,
          GatewayId: IDS.s3GatewayEndpoint,
        }),
      ]),
    );

    const implicit = await ec2.send(
      new DescribeRouteTablesCommand({
        Filters: [{ Name: 'association.subnet-id', Values: [IDS.subnets.public] }],
      }),
    );
    expect(implicit.RouteTables).toEqual([]);
    const main = await ec2.send(
      new DescribeRouteTablesCommand({
        Filters: [
          { Name: 'vpc-id', Values: [IDS.vpc] },
          { Name: 'association.main', Values: ['true'] },
        ],
      }),
    );
    expect(main.RouteTables?.[0]?.RouteTableId).toBe(IDS.routeTables.main);
    expect(main.RouteTables?.[0]?.Associations).toEqual([
      expect.objectContaining({ Main: true, RouteTableId: IDS.routeTables.main }),
    ]);
    expect(main.RouteTables?.[0]?.Routes).toContainEqual(
      expect.objectContaining({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: IDS.internetGateway }),
    );
  });

  it('tells a gateway endpoint from a Gateway Load Balancer endpoint, and shows the NAT gateway', async () => {
    const endpoints = await ec2.send(new DescribeVpcEndpointsCommand({}));
    expect(endpoints.VpcEndpoints?.map((e) => [e.VpcEndpointId, e.VpcEndpointType])).toEqual([
      [IDS.s3GatewayEndpoint, 'Gateway'],
      [IDS.inspectionEndpoint, 'GatewayLoadBalancer'],
    ]);
    const nat = await ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: [IDS.natGateway] }));
    expect(nat.NatGateways?.[0]).toMatchObject({
      State: 'available',
      SubnetId: IDS.subnets.public,
      NatGatewayAddresses: [{ PublicIp: '34.240.1.2', NetworkInterfaceId: IDS.networkInterfaces.natGateway }],
    });
  });

  it('describes the VPC, subnets, security groups, addresses and network ACLs', async () => {
    const vpcs = await ec2.send(new DescribeVpcsCommand({}));
    expect(vpcs.Vpcs?.[0]).toMatchObject({
      VpcId: IDS.vpc,
      CidrBlock: '10.20.0.0/16',
      Ipv6CidrBlockAssociationSet: [{ Ipv6CidrBlock: '2a05:d018:abc:de00::/56' }],
    });

    const subnets = await ec2.send(
      new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [IDS.vpc] }] }),
    );
    expect(subnets.Subnets?.map((s) => s.SubnetId)).toEqual([IDS.subnets.public, IDS.subnets.private]);

    const groups = await ec2.send(
      new DescribeSecurityGroupsCommand({
        Filters: [{ Name: 'group-name', Values: ['web-sg', 'db-sg', 'default'] }],
      }),
    );
    expect(groups.SecurityGroups?.map((g) => g.GroupName)).toEqual(['web-sg', 'db-sg', 'default']);
    const web = groups.SecurityGroups?.[0];
    expect(web?.IpPermissions?.[0]).toEqual({
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'HTTPS' }],
      Ipv6Ranges: [{ CidrIpv6: '::/0', Description: 'HTTPS' }],
      PrefixListIds: [],
      UserIdGroupPairs: [],
    });

    const addresses = await ec2.send(
      new DescribeAddressesCommand({ Filters: [{ Name: 'instance-id', Values: [IDS.instances.web] }] }),
    );
    expect(addresses.Addresses).toEqual([
      expect.objectContaining({
        PublicIp: '52.50.10.11',
        AllocationId: IDS.elasticIps.web.allocationId,
        NetworkInterfaceId: IDS.networkInterfaces.webPrimary,
        InstanceId: IDS.instances.web,
        Domain: 'vpc',
      }),
    ]);

    const acls = await ec2.send(
      new DescribeNetworkAclsCommand({
        Filters: [{ Name: 'association.subnet-id', Values: [IDS.subnets.private] }],
      }),
    );
    expect(acls.NetworkAcls?.[0]?.NetworkAclId).toBe(IDS.networkAcl);
    expect(
      acls.NetworkAcls?.[0]?.Entries?.filter((e) => !e.Egress).map((e) => [e.RuleNumber, e.RuleAction]),
    ).toEqual([
      [100, 'allow'],
      [101, 'allow'],
      [32767, 'deny'],
      [32768, 'deny'],
    ]);
  });

  it('refuses unknown ids and unknown filter names as AWS does', async () => {
    const missing = await rejection(
      ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] })),
    );
    expect(missing).toBeInstanceOf(EC2ServiceException);
    expect(missing.name).toBe('InvalidInstanceID.NotFound');
    expect(missing.message).toBe("The instance ID 'i-0123456789abcdef0' does not exist");

    const badFilter = await rejection(
      ec2.send(
        new DescribeNetworkInterfacesCommand({
          Filters: [{ Name: 'instance-id', Values: [IDS.instances.web] }],
        }),
      ),
    );
    expect(badFilter.name).toBe('InvalidParameterValue');
    expect(badFilter.message).toBe("The filter 'instance-id' is invalid");
  });
});
