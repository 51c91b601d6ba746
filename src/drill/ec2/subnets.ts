import type { DescribeSubnetsRequest, DescribeSubnetsResult, Subnet } from '@aws-sdk/client-ec2';
import type { HandlerContext } from '../context.js';
import { applyFilters, type FilterFields } from '../filters.js';
import { paginate } from '../pagination.js';
import { ec2Of, NOT_FOUND, selectByIds } from './lookup.js';
import type { Ec2State, SubnetRecord } from './model.js';
import { tagList } from './tagging.js';

const FIELDS: FilterFields<SubnetRecord> = {
  'subnet-id': (subnet) => subnet.id,
  'vpc-id': (subnet) => subnet.vpcId,
  'cidr-block': (subnet) => subnet.cidrBlock,
  'availability-zone': (subnet) => subnet.availabilityZone,
  'availability-zone-id': (subnet) => subnet.availabilityZoneId,
  'default-for-az': (subnet) => subnet.defaultForAz,
  'map-public-ip-on-launch': (subnet) => subnet.mapPublicIpOnLaunch,
  'ipv6-cidr-block-association.ipv6-cidr-block': (subnet) => subnet.ipv6CidrBlock,
  state: () => 'available',
};

function availableAddresses(ec2: Ec2State, subnet: SubnetRecord): number {
  const bits = Number(subnet.cidrBlock.split('/')[1]);
  const used = Object.values(ec2.networkInterfaces)
    .filter((eni) => eni.subnetId === subnet.id)
    .reduce((sum, eni) => sum + eni.privateIps.length, 0);
  // Five addresses in every subnet are AWS's own.
  return 2 ** (32 - bits) - 5 - used;
}

function view(ctx: HandlerContext, ec2: Ec2State, subnet: SubnetRecord): Subnet {
  return {
    SubnetId: subnet.id,
    SubnetArn: `arn:aws:ec2:${ctx.region}:${ctx.state.accountId}:subnet/${subnet.id}`,
    VpcId: subnet.vpcId,
    OwnerId: ctx.state.accountId,
    State: 'available',
    CidrBlock: subnet.cidrBlock,
    AvailabilityZone: subnet.availabilityZone,
    AvailabilityZoneId: subnet.availabilityZoneId,
    AvailableIpAddressCount: availableAddresses(ec2, subnet),
    DefaultForAz: subnet.defaultForAz,
    MapPublicIpOnLaunch: subnet.mapPublicIpOnLaunch,
    AssignIpv6AddressOnCreation: subnet.assignIpv6AddressOnCreation,
    Ipv6CidrBlockAssociationSet: subnet.ipv6CidrBlock
      ? [
          {
            AssociationId: subnet.ipv6AssociationId,
            Ipv6CidrBlock: subnet.ipv6CidrBlock,
            Ipv6CidrBlockState: { State: 'associated' },
          },
        ]
      : [],
    Ipv6Native: false,
    Tags: tagList(subnet.tags),
  };
}

export function describeSubnets(ctx: HandlerContext, input: DescribeSubnetsRequest): DescribeSubnetsResult {
  const ec2 = ec2Of(ctx);
  const selected = selectByIds(ec2.subnets, input.SubnetIds, NOT_FOUND.subnet);
  const filtered = applyFilters(selected, input.Filters, FIELDS, (subnet) => subnet.tags);
  const page = paginate(filtered, input.MaxResults, input.NextToken);
  return { Subnets: page.items.map((subnet) => view(ctx, ec2, subnet)), NextToken: page.nextToken };
}
