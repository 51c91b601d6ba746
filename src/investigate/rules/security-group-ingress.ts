import {
  at,
  eventNameOf,
  eventSourceOf,
  failed,
  few,
  fromIp,
  items,
  outcome,
  scalar,
  shown,
  str,
  who,
} from './fields.js';
import { downgrade, recordRule } from './types.js';

/**
 * AuthorizeSecurityGroupIngress opening a group to the whole internet. CloudTrail records the permissions either
 * nested (`ipPermissions.items[].ipRanges.items[].cidrIp`, `ipv6Ranges.items[].cidrIpv6`) or, for the older flat
 * form of the call, as `ipProtocol`/`fromPort`/`toPort`/`cidrIp` beside `groupId`.
 */

const WORLD = new Set(['0.0.0.0/0', '::/0']);
/** Remote administration: SSH and RDP. Open to the world, these are scanned within minutes. */
const ADMIN_PORTS = [22, 3389];

interface Permission {
  protocol: string;
  from: number | undefined;
  to: number | undefined;
  cidrs: string[];
}

const port = (value: unknown): number | undefined => {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isInteger(n) ? n : undefined;
};

function permissionsOf(request: unknown): Permission[] {
  const nested = items(at(request, 'ipPermissions')).map((p) => ({
    protocol: scalar(at(p, 'ipProtocol')),
    from: port(at(p, 'fromPort')),
    to: port(at(p, 'toPort')),
    cidrs: [
      ...items(at(p, 'ipRanges')).map((r) => str(at(r, 'cidrIp'))),
      ...items(at(p, 'ipv6Ranges')).map((r) => str(at(r, 'cidrIpv6'))),
    ].filter((c): c is string => c !== undefined),
  }));
  const flatCidrs = [str(at(request, 'cidrIp')), str(at(request, 'cidrIpv6'))].filter(
    (c): c is string => c !== undefined,
  );
  if (flatCidrs.length === 0) return nested;
  return [
    ...nested,
    {
      protocol: scalar(at(request, 'ipProtocol')),
      from: port(at(request, 'fromPort')),
      to: port(at(request, 'toPort')),
      cidrs: flatCidrs,
    },
  ];
}

const allProtocols = (protocol: string): boolean => ['-1', 'all'].includes(protocol.trim().toLowerCase());
const portBearing = (protocol: string): boolean =>
  ['tcp', 'udp', '6', '17'].includes(protocol.trim().toLowerCase());

/** Every port, or a port range that includes SSH or RDP. Missing ports on TCP/UDP are read as every port. */
function exposesAdmin(p: Permission): boolean {
  if (allProtocols(p.protocol)) return true;
  if (!portBearing(p.protocol)) return false;
  if (p.from === undefined || p.from < 0 || p.to === undefined || p.to < 0) return true;
  return ADMIN_PORTS.some((admin) => p.from! <= admin && admin <= p.to!);
}

function describe(p: Permission): string {
  if (allProtocols(p.protocol)) return 'all traffic';
  const protocol = shown(p.protocol);
  if (!portBearing(p.protocol)) return protocol;
  if (p.from === undefined || p.to === undefined || p.from < 0) return `${protocol} all ports`;
  return p.from === p.to ? `${protocol} ${p.from}` : `${protocol} ${p.from}-${p.to}`;
}

export const securityGroupOpenToWorld = recordRule({
  id: 'ec2-ingress-open-to-world',
  title: 'Security group opened to the internet',
  severity: 'high',
  alsoSeverities: ['critical', 'medium'],
  description: `AuthorizeSecurityGroupIngress from 0.0.0.0/0 or ::/0. Critical when it covers SSH or RDP (${ADMIN_PORTS.join(', ')}) or all traffic, high otherwise; a refused attempt is one step lower.`,
  match(record) {
    if (
      eventSourceOf(record) !== 'ec2.amazonaws.com' ||
      eventNameOf(record) !== 'AuthorizeSecurityGroupIngress'
    )
      return undefined;
    const request = record.requestParameters;
    const open = permissionsOf(request).filter((p) => p.cidrs.some((c) => WORLD.has(c.trim())));
    if (open.length === 0) return undefined;
    const severity = open.some(exposesAdmin) ? 'critical' : 'high';
    const group = str(at(request, 'groupId')) ?? str(at(request, 'groupName'));
    const cidrs = open.flatMap((p) => p.cidrs.filter((c) => WORLD.has(c.trim())));
    return {
      reason: `${shown(group ?? 'security group')} opened to ${few(cidrs)} on ${few(open.map(describe))} by ${who(record)}${fromIp(record)}${outcome(record)}`,
      severity: failed(record) ? downgrade(severity) : severity,
    };
  },
});
