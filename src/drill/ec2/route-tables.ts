import type { DescribeRouteTablesRequest, DescribeRouteTablesResult, RouteTable } from '@aws-sdk/client-ec2';
import type { HandlerContext } from '../context.js';
import { applyFilters, type FilterFields } from '../filters.js';
import { paginate } from '../pagination.js';
import { ec2Of, NOT_FOUND, selectByIds } from './lookup.js';
import type { RouteTableRecord } from './model.js';
import { tagList } from './tagging.js';

// As in AWS, 'association.subnet-id' matches explicit associations only: a subnet that uses its VPC's main
// table implicitly is found through 'association.main' = true and 'vpc-id'.
const FIELDS: FilterFields<RouteTableRecord> = {
  'route-table-id': (table) => table.id,
  'vpc-id': (table) => table.vpcId,
  'association.subnet-id': (table) => table.associations.map((a) => a.subnetId),
  'association.route-table-association-id': (table) => [
    table.mainAssociationId,
    ...table.associations.map((a) => a.id),
  ],
  'association.main': (table) => (table.mainAssociationId ? 'true' : 'false'),
  'route.destination-cidr-block': (table) => table.routes.map((r) => r.DestinationCidrBlock),
  'route.destination-ipv6-cidr-block': (table) => table.routes.map((r) => r.DestinationIpv6CidrBlock),
  'route.destination-prefix-list-id': (table) => table.routes.map((r) => r.DestinationPrefixListId),
  'route.gateway-id': (table) => table.routes.map((r) => r.GatewayId),
  'route.nat-gateway-id': (table) => table.routes.map((r) => r.NatGatewayId),
  'route.transit-gateway-id': (table) => table.routes.map((r) => r.TransitGatewayId),
  'route.egress-only-internet-gateway-id': (table) => table.routes.map((r) => r.EgressOnlyInternetGatewayId),
  'route.vpc-peering-connection-id': (table) => table.routes.map((r) => r.VpcPeeringConnectionId),
  'route.instance-id': (table) => table.routes.map((r) => r.InstanceId),
  'route.state': (table) => table.routes.map((r) => r.State),
};

function view(ctx: HandlerContext, table: RouteTableRecord): RouteTable {
  const associated = { State: 'associated' as const };
  return {
    RouteTableId: table.id,
    VpcId: table.vpcId,
    OwnerId: ctx.state.accountId,
    Associations: [
      ...(table.mainAssociationId
        ? [
            {
              Main: true,
              RouteTableAssociationId: table.mainAssociationId,
              RouteTableId: table.id,
              AssociationState: associated,
            },
          ]
        : []),
      ...table.associations.map((association) => ({
        Main: false,
        RouteTableAssociationId: association.id,
        RouteTableId: table.id,
        SubnetId: association.subnetId,
        AssociationState: associated,
      })),
    ],
    PropagatingVgws: [],
    Routes: table.routes.map((route) => ({ ...route })),
    Tags: tagList(table.tags) ?? [],
  };
}

export function describeRouteTables(
  ctx: HandlerContext,
  input: DescribeRouteTablesRequest,
): DescribeRouteTablesResult {
  const ec2 = ec2Of(ctx);
  const selected = selectByIds(ec2.routeTables, input.RouteTableIds, NOT_FOUND.routeTable);
  const filtered = applyFilters(selected, input.Filters, FIELDS, (table) => table.tags);
  const page = paginate(filtered, input.MaxResults, input.NextToken);
  return { RouteTables: page.items.map((table) => view(ctx, table)), NextToken: page.nextToken };
}
