import type { DescribeVpcsRequest, DescribeVpcsResult, Vpc } from '@aws-sdk/client-ec2';
import type { HandlerContext } from '../context.js';
import { applyFilters, type FilterFields } from '../filters.js';
import { paginate } from '../pagination.js';
import { ec2Of, NOT_FOUND, selectByIds } from './lookup.js';
import type { VpcRecord } from './model.js';
import { tagList } from './tagging.js';

const FIELDS: FilterFields<VpcRecord> = {
  'vpc-id': (vpc) => vpc.id,
  'cidr-block': (vpc) => vpc.cidrBlock,
  cidr: (vpc) => vpc.cidrBlock,
  'ipv6-cidr-block-association.ipv6-cidr-block': (vpc) => vpc.ipv6CidrBlock,
  'is-default': (vpc) => vpc.isDefault,
  state: () => 'available',
  'dhcp-options-id': (vpc) => vpc.dhcpOptionsId,
};

function view(ctx: HandlerContext, vpc: VpcRecord): Vpc {
  return {
    VpcId: vpc.id,
    OwnerId: ctx.state.accountId,
    State: 'available',
    CidrBlock: vpc.cidrBlock,
    CidrBlockAssociationSet: [
      {
        AssociationId: vpc.cidrAssociationId,
        CidrBlock: vpc.cidrBlock,
        CidrBlockState: { State: 'associated' },
      },
    ],
    Ipv6CidrBlockAssociationSet: vpc.ipv6CidrBlock
      ? [
          {
            AssociationId: vpc.ipv6AssociationId,
            Ipv6CidrBlock: vpc.ipv6CidrBlock,
            Ipv6CidrBlockState: { State: 'associated' },
            NetworkBorderGroup: ctx.region,
            Ipv6Pool: 'Amazon',
          },
        ]
      : undefined,
    DhcpOptionsId: vpc.dhcpOptionsId,
    InstanceTenancy: 'default',
    IsDefault: vpc.isDefault,
    Tags: tagList(vpc.tags),
  };
}

export function describeVpcs(ctx: HandlerContext, input: DescribeVpcsRequest): DescribeVpcsResult {
  const ec2 = ec2Of(ctx);
  const selected = selectByIds(ec2.vpcs, input.VpcIds, NOT_FOUND.vpc);
  const filtered = applyFilters(selected, input.Filters, FIELDS, (vpc) => vpc.tags);
  const page = paginate(filtered, input.MaxResults, input.NextToken);
  return { Vpcs: page.items.map((vpc) => view(ctx, vpc)), NextToken: page.nextToken };
}
