import type { NaclEntry, ObservedInterface, ObservedNacl } from './observation.js';

/** One address (or delegated prefix) to deny, in both directions, on the network ACL of its subnet. */
export interface DenyCidr {
  cidr: string;
  ipv6: boolean;
}

export interface PlannedNaclDeny {
  aclId: string;
  subnetIds: string[];
  cidrs: DenyCidr[];
  /** The entries seen at planning: a dry run picks its rule numbers from them without reading AWS again. */
  entries: NaclEntry[];
}

export interface NewNaclEntry extends DenyCidr {
  ruleNumber: number;
  egress: boolean;
}

/** The default "*" rule; every other rule number is ours to evaluate before it. */
const DEFAULT_RULE = 32767;

export function denyCidrsOf(eni: ObservedInterface): DenyCidr[] {
  return [
    ...eni.privateIps.map((ip) => ({ cidr: `${ip}/32`, ipv6: false })),
    ...eni.ipv4Prefixes.map((cidr) => ({ cidr, ipv6: false })),
    ...eni.ipv6.map((ip) => ({ cidr: `${ip}/128`, ipv6: true })),
    ...eni.ipv6Prefixes.map((cidr) => ({ cidr, ipv6: true })),
  ];
}

/** Groups the interfaces' addresses by the network ACL their subnet uses. */
export function planNaclDenies(
  nacls: readonly ObservedNacl[],
  interfaces: readonly ObservedInterface[],
): { denies: PlannedNaclDeny[]; unknownSubnets: string[] } {
  const byAcl = new Map<string, PlannedNaclDeny>();
  const unknownSubnets: string[] = [];
  for (const eni of interfaces) {
    const acl = nacls.find((nacl) => nacl.subnetIds.includes(eni.subnetId));
    if (acl === undefined) {
      if (!unknownSubnets.includes(eni.subnetId)) unknownSubnets.push(eni.subnetId);
      continue;
    }
    const planned = byAcl.get(acl.id) ?? { aclId: acl.id, subnetIds: [], cidrs: [], entries: acl.entries };
    if (!planned.subnetIds.includes(eni.subnetId)) planned.subnetIds.push(eni.subnetId);
    for (const deny of denyCidrsOf(eni)) {
      if (!planned.cidrs.some((known) => known.cidr === deny.cidr)) planned.cidrs.push(deny);
    }
    byAcl.set(acl.id, planned);
  }
  return { denies: [...byAcl.values()], unknownSubnets };
}

function entryCidr(entry: NaclEntry): string | undefined {
  return entry.cidr ?? entry.ipv6Cidr;
}

/** An all-protocol deny for exactly this address, in this direction: what Firebreak adds, and all it removes. */
export function isFirebreakDeny(entry: NaclEntry, cidr: string, egress: boolean): boolean {
  return (
    entry.action === 'deny' && entry.protocol === '-1' && entry.egress === egress && entryCidr(entry) === cidr
  );
}

/**
 * The entries still to add, with rule numbers. Rules are evaluated lowest first, so a deny must sit below the
 * first allow; the lowest free numbers are taken. Returns a reason instead when there is no room below it.
 */
export function newDenyEntries(
  existing: readonly NaclEntry[],
  cidrs: readonly DenyCidr[],
): { entries: NewNaclEntry[] } | { reason: string } {
  const entries: NewNaclEntry[] = [];
  for (const egress of [false, true]) {
    const inDirection = existing.filter((entry) => entry.egress === egress);
    const missing = cidrs.filter(
      (deny) => !inDirection.some((entry) => isFirebreakDeny(entry, deny.cidr, egress)),
    );
    if (missing.length === 0) continue;
    const firstAllow = Math.min(
      ...inDirection
        .filter((entry) => entry.action === 'allow' && entry.ruleNumber !== DEFAULT_RULE)
        .map((entry) => entry.ruleNumber),
      DEFAULT_RULE,
    );
    const used = new Set(inDirection.map((entry) => entry.ruleNumber));
    const free: number[] = [];
    for (let rule = 1; rule < firstAllow && free.length < missing.length; rule++) {
      if (!used.has(rule)) free.push(rule);
    }
    if (free.length < missing.length) {
      const direction = egress ? 'outbound' : 'inbound';
      return {
        reason: `no free ${direction} rule numbers below the first allow rule (${firstAllow}) for ${missing.length} deny entries`,
      };
    }
    missing.forEach((deny, index) => {
      entries.push({ ...deny, egress, ruleNumber: free[index]! });
    });
  }
  return { entries };
}
