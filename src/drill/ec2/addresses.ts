import type { Address, DescribeAddressesRequest, DescribeAddressesResult } from '@aws-sdk/client-ec2';
import type { HandlerContext } from '../context.js';
import { applyFilters, type FilterFields } from '../filters.js';
import { ec2Of, NOT_FOUND, selectByIds } from './lookup.js';
import type { AddressRecord, Ec2State } from './model.js';
import { tagList } from './tagging.js';

interface AddressFacts {
  address: AddressRecord;
  instanceId?: string;
}

const FIELDS: FilterFields<AddressFacts> = {
  'allocation-id': (f) => f.address.allocationId,
  'association-id': (f) => f.address.association?.id,
  'instance-id': (f) => f.instanceId,
  'network-interface-id': (f) => f.address.association?.networkInterfaceId,
  'private-ip-address': (f) => f.address.association?.privateIp,
  'public-ip': (f) => f.address.publicIp,
  'network-border-group': (f) => f.address.networkBorderGroup,
  domain: () => 'vpc',
};

function facts(ec2: Ec2State, address: AddressRecord): AddressFacts {
  const eniId = address.association?.networkInterfaceId;
  const instanceId = eniId ? ec2.networkInterfaces[eniId]?.attachment?.instanceId : undefined;
  return instanceId ? { address, instanceId } : { address };
}

function view(ctx: HandlerContext, ec2: Ec2State, f: AddressFacts): Address {
  const { address } = f;
  const eniId = address.association?.networkInterfaceId;
  return {
    AllocationId: address.allocationId,
    PublicIp: address.publicIp,
    Domain: 'vpc',
    PublicIpv4Pool: 'amazon',
    NetworkBorderGroup: address.networkBorderGroup,
    AssociationId: address.association?.id,
    NetworkInterfaceId: eniId,
    NetworkInterfaceOwnerId: eniId && ec2.networkInterfaces[eniId] ? ctx.state.accountId : undefined,
    PrivateIpAddress: address.association?.privateIp,
    InstanceId: f.instanceId,
    Tags: tagList(address.tags),
  };
}

/** DescribeAddresses does not paginate in AWS either. */
export function describeAddresses(
  ctx: HandlerContext,
  input: DescribeAddressesRequest,
): DescribeAddressesResult {
  const ec2 = ec2Of(ctx);
  let selected = selectByIds(ec2.addresses, input.AllocationIds, NOT_FOUND.allocation);
  if (input.PublicIps?.length) {
    const missing = input.PublicIps.filter((ip) => !selected.some((address) => address.publicIp === ip));
    if (missing.length) throw NOT_FOUND.publicIp(missing);
    selected = selected.filter((address) => input.PublicIps?.includes(address.publicIp));
  }
  const filtered = applyFilters(
    selected.map((address) => facts(ec2, address)),
    input.Filters,
    FIELDS,
    (f) => f.address.tags,
  );
  return { Addresses: filtered.map((f) => view(ctx, ec2, f)) };
}
