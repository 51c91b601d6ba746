import type {
  DescribeVpcEndpointsRequest,
  DescribeVpcEndpointsResult,
  VpcEndpoint,
} from '@aws-sdk/client-ec2';
import type { HandlerContext } from '../context.js';
import { applyFilters, type FilterFields } from '../filters.js';
import { paginate } from '../pagination.js';
import { ec2Of, NOT_FOUND, selectByIds } from './lookup.js';
import type { VpcEndpointRecord } from './model.js';
import { tagList } from './tagging.js';

// A route to a vpce- id is ambiguous on its own: a gateway endpoint (S3, DynamoDB) or a Gateway Load
// Balancer endpoint, whose flows stay tracked. DescribeVpcEndpoints tells them apart by VpcEndpointType.
const FIELDS: FilterFields<VpcEndpointRecord> = {
  'vpc-endpoint-id': (endpoint) => endpoint.id,
  'vpc-id': (endpoint) => endpoint.vpcId,
  'service-name': (endpoint) => endpoint.serviceName,
  'vpc-endpoint-type': (endpoint) => endpoint.type,
  'vpc-endpoint-state': (endpoint) => endpoint.state,
};

function view(ctx: HandlerContext, endpoint: VpcEndpointRecord): VpcEndpoint {
  return {
    VpcEndpointId: endpoint.id,
    VpcEndpointType: endpoint.type,
    VpcId: endpoint.vpcId,
    ServiceName: endpoint.serviceName,
    State:
      endpoint.state === 'available' ? 'Available' : endpoint.state === 'pending' ? 'Pending' : 'Deleted',
    RouteTableIds: endpoint.routeTableIds,
    SubnetIds: endpoint.subnetIds,
    NetworkInterfaceIds: endpoint.networkInterfaceIds,
    OwnerId: ctx.state.accountId,
    CreationTimestamp: new Date(endpoint.createTime),
    RequesterManaged: false,
    Tags: tagList(endpoint.tags),
  };
}

export function describeVpcEndpoints(
  ctx: HandlerContext,
  input: DescribeVpcEndpointsRequest,
): DescribeVpcEndpointsResult {
  const ec2 = ec2Of(ctx);
  const selected = selectByIds(ec2.vpcEndpoints, input.VpcEndpointIds, NOT_FOUND.vpcEndpoint);
  const filtered = applyFilters(selected, input.Filters, FIELDS, (endpoint) => endpoint.tags);
  const page = paginate(filtered, input.MaxResults, input.NextToken);
  return { VpcEndpoints: page.items.map((endpoint) => view(ctx, endpoint)), NextToken: page.nextToken };
}
