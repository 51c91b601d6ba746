import type { EgressRoute, RouteVia, SubnetRoutes } from './observation.js';

/** The fields of an EC2 route table this needs; SDK objects fit it as they are. */
export interface RouteTableFacts {
  RouteTableId?: string;
  VpcId?: string;
  Associations?: { SubnetId?: string; Main?: boolean }[];
  Routes?: RouteFacts[];
}

export interface RouteFacts {
  DestinationCidrBlock?: string;
  DestinationIpv6CidrBlock?: string;
  DestinationPrefixListId?: string;
  GatewayId?: string;
  NatGatewayId?: string;
  EgressOnlyInternetGatewayId?: string;
  TransitGatewayId?: string;
  VpcPeeringConnectionId?: string;
  NetworkInterfaceId?: string;
  InstanceId?: string;
  LocalGatewayId?: string;
  CarrierGatewayId?: string;
  CoreNetworkArn?: string;
  State?: string;
}

/**
 * AWS tracks flows through these whatever the security groups allow, so the untrack swap cannot cut a
 * connection that crosses one: only a network ACL deny or stopping the instance does.
 */
const TRACKED: ReadonlySet<RouteVia> = new Set([
  'nat-gateway',
  'egress-only-internet-gateway',
  'transit-gateway',
  'vpc-endpoint',
  'core-network',
]);

const DESCRIBED: Record<RouteVia, string> = {
  'nat-gateway': 'NAT gateway',
  'egress-only-internet-gateway': 'egress-only internet gateway',
  'transit-gateway': 'transit gateway',
  'vpc-endpoint': 'VPC endpoint (Gateway Load Balancer or PrivateLink)',
  'core-network': 'Cloud WAN core network',
  'internet-gateway': 'internet gateway',
  'virtual-private-gateway': 'virtual private gateway',
  'vpc-peering': 'VPC peering',
  'network-interface': 'network interface',
  instance: 'instance',
  'local-gateway': 'local gateway',
  'carrier-gateway': 'carrier gateway',
  local: 'local',
  other: 'other target',
};

export function classifyRoute(route: RouteFacts): EgressRoute {
  const destination =
    route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock ?? route.DestinationPrefixListId ?? '?';
  const [via, targetId] = target(route);
  return { destination, via, targetId };
}

function target(route: RouteFacts): [RouteVia, string] {
  if (route.NatGatewayId) return ['nat-gateway', route.NatGatewayId];
  if (route.EgressOnlyInternetGatewayId)
    return ['egress-only-internet-gateway', route.EgressOnlyInternetGatewayId];
  if (route.TransitGatewayId) return ['transit-gateway', route.TransitGatewayId];
  if (route.CoreNetworkArn) return ['core-network', route.CoreNetworkArn];
  if (route.VpcPeeringConnectionId) return ['vpc-peering', route.VpcPeeringConnectionId];
  if (route.LocalGatewayId) return ['local-gateway', route.LocalGatewayId];
  if (route.CarrierGatewayId) return ['carrier-gateway', route.CarrierGatewayId];
  if (route.InstanceId) return ['instance', route.InstanceId];
  if (route.NetworkInterfaceId) return ['network-interface', route.NetworkInterfaceId];
  const gateway = route.GatewayId ?? '';
  if (gateway === 'local') return ['local', gateway];
  if (gateway.startsWith('igw-')) return ['internet-gateway', gateway];
  // Gateway Load Balancer endpoints, Network Firewall endpoints and gateway endpoints all appear as vpce-.
  if (gateway.startsWith('vpce-')) return ['vpc-endpoint', gateway];
  if (gateway.startsWith('vgw-')) return ['virtual-private-gateway', gateway];
  return ['other', gateway];
}

/** The table a subnet uses: its explicit association, else its VPC's main table. */
export function routeTableFor(
  tables: readonly RouteTableFacts[],
  subnetId: string,
  vpcId: string,
): RouteTableFacts | undefined {
  return (
    tables.find((table) => table.Associations?.some((a) => a.SubnetId === subnetId)) ??
    tables.find((table) => table.VpcId === vpcId && table.Associations?.some((a) => a.Main === true))
  );
}

export function subnetRoutes(
  tables: readonly RouteTableFacts[],
  subnetId: string,
  vpcId: string,
): SubnetRoutes {
  const table = routeTableFor(tables, subnetId, vpcId);
  const routes = (table?.Routes ?? [])
    .filter((route) => route.State !== 'blackhole')
    .map(classifyRoute)
    .filter((route) => route.via !== 'local');
  const trackedPaths = routes.filter((route) => TRACKED.has(route.via));
  const warnings = trackedPaths.map(
    (route) =>
      `${subnetId} sends ${route.destination} through ${DESCRIBED[route.via]} ${route.targetId}: tracked flows through it survive a security-group swap; add a network ACL deny for the instance's addresses, or stop the instance.`,
  );
  if (table === undefined)
    warnings.push(`No route table was found for ${subnetId}; its paths out are unknown.`);
  return {
    subnetId,
    ...(table?.RouteTableId === undefined ? {} : { routeTableId: table.RouteTableId }),
    routes,
    trackedPaths,
    warnings,
  };
}

export function describeVia(via: RouteVia): string {
  return DESCRIBED[via];
}
