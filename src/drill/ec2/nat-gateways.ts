import type { DescribeNatGatewaysRequest, DescribeNatGatewaysResult, NatGateway } from '@aws-sdk/client-ec2';
import type { HandlerContext } from '../context.js';
import { applyFilters, type FilterFields } from '../filters.js';
import { paginate } from '../pagination.js';
import { ec2Of, NOT_FOUND, selectByIds } from './lookup.js';
import type { Ec2State, NatGatewayRecord } from './model.js';
import { tagList } from './tagging.js';

const FIELDS: FilterFields<NatGatewayRecord> = {
  'nat-gateway-id': (nat) => nat.id,
  'vpc-id': (nat) => nat.vpcId,
  'subnet-id': (nat) => nat.subnetId,
  state: (nat) => nat.state,
};

function view(ec2: Ec2State, nat: NatGatewayRecord): NatGateway {
  const eip = nat.allocationId ? ec2.addresses[nat.allocationId] : undefined;
  return {
    NatGatewayId: nat.id,
    VpcId: nat.vpcId,
    SubnetId: nat.subnetId,
    State: nat.state,
    ConnectivityType: nat.connectivityType,
    CreateTime: new Date(nat.createTime),
    NatGatewayAddresses: [
      {
        AllocationId: nat.allocationId,
        NetworkInterfaceId: nat.networkInterfaceId,
        PrivateIp: nat.privateIp,
        PublicIp: eip?.publicIp,
        IsPrimary: true,
        Status: 'succeeded',
      },
    ],
    Tags: tagList(nat.tags),
  };
}

export function describeNatGateways(
  ctx: HandlerContext,
  input: DescribeNatGatewaysRequest,
): DescribeNatGatewaysResult {
  const ec2 = ec2Of(ctx);
  const selected = selectByIds(ec2.natGateways, input.NatGatewayIds, NOT_FOUND.natGateway);
  const filtered = applyFilters(selected, input.Filter, FIELDS, (nat) => nat.tags);
  const page = paginate(filtered, input.MaxResults, input.NextToken);
  return { NatGateways: page.items.map((nat) => view(ec2, nat)), NextToken: page.nextToken };
}
