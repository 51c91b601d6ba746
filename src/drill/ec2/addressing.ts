import { createHash } from 'node:crypto';
import { AwsFault, invalidParameterValue } from '../errors.js';
import type { Ec2State, SubnetRecord } from './model.js';

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
}

function intToIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

export function privateDnsName(ip: string, region: string): string {
  const domain = region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`;
  return `ip-${ip.replaceAll('.', '-')}.${domain}`;
}

export function publicDnsName(ip: string, region: string): string {
  const domain = region === 'us-east-1' ? 'compute-1.amazonaws.com' : `${region}.compute.amazonaws.com`;
  return `ec2-${ip.replaceAll('.', '-')}.${domain}`;
}

export function macAddress(interfaceId: string): string {
  const hex = createHash('sha256').update(interfaceId).digest('hex');
  // 0x06 keeps the address locally administered and unicast, like the MACs EC2 hands out.
  return ['06', ...(hex.slice(0, 10).match(/../g) ?? [])].join(':');
}

function usedAddresses(ec2: Ec2State): Set<string> {
  const used = new Set<string>();
  for (const eni of Object.values(ec2.networkInterfaces)) {
    for (const ip of eni.privateIps) used.add(ip.address);
    for (const ip of eni.ipv6Addresses) used.add(ip);
  }
  return used;
}

/** The next free IPv4 address, skipping the first four and the last, which AWS reserves in every subnet. */
export function allocatePrivateIp(ec2: Ec2State, subnet: SubnetRecord): string {
  const [base, bits] = subnet.cidrBlock.split('/');
  const start = ipv4ToInt(base ?? '0.0.0.0');
  const size = 2 ** (32 - Number(bits));
  const used = usedAddresses(ec2);
  for (let offset = 4; offset < size - 1; offset += 1) {
    const candidate = intToIpv4(start + offset);
    if (!used.has(candidate)) return candidate;
  }
  throw new AwsFault('InsufficientFreeAddressesInSubnet', `Subnet ${subnet.id} has no free addresses`);
}

/** An address in the subnet's /64, or none for an IPv4-only subnet. */
export function allocateIpv6(ec2: Ec2State, subnet: SubnetRecord, salt: string): string | undefined {
  if (!subnet.ipv6CidrBlock) return undefined;
  const prefix = subnet.ipv6CidrBlock.split('::')[0] ?? '';
  const used = usedAddresses(ec2);
  for (let attempt = 0; ; attempt += 1) {
    const hex = createHash('sha256').update(`${salt}:${attempt}`).digest('hex');
    const groups = (hex.slice(0, 16).match(/.{4}/g) ?? []).map((group) => group.replace(/^0+(?=.)/, ''));
    const candidate = `${prefix}:${groups.join(':')}`;
    if (!used.has(candidate)) return candidate;
  }
}

export function isIpv4Cidr(value: string): boolean {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
  if (!match) return false;
  const [, a, b, c, d, bits] = match.map(Number);
  return [a, b, c, d].every((octet) => (octet ?? 256) <= 255) && (bits ?? 33) <= 32;
}

export function isIpv6Cidr(value: string): boolean {
  const match = /^([0-9a-fA-F:]+)\/(\d{1,3})$/.exec(value);
  return Boolean(match?.[1]?.includes(':') && Number(match[2]) <= 128);
}

export function assertIpv4Cidr(value: string): void {
  if (!isIpv4Cidr(value))
    throw invalidParameterValue(
      `Value (${value}) for parameter cidrIp is invalid. This is not a valid CIDR block.`,
    );
}

export function assertIpv6Cidr(value: string): void {
  if (!isIpv6Cidr(value)) {
    throw invalidParameterValue(
      `Value (${value}) for parameter cidrIpv6 is invalid. This is not a valid IPv6 CIDR block.`,
    );
  }
}
