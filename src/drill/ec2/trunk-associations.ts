import type {
  DescribeTrunkInterfaceAssociationsRequest,
  DescribeTrunkInterfaceAssociationsResult,
  TrunkInterfaceAssociation,
} from '@aws-sdk/client-ec2';
import type { HandlerContext } from '../context.js';
import { applyFilters, type FilterFields } from '../filters.js';
import { paginate } from '../pagination.js';
import { ec2Of } from './lookup.js';
import { tagList } from './tagging.js';

// AWS filters these by gre-key and interface-protocol only, so callers match TrunkInterfaceId themselves.
const FIELDS: FilterFields<TrunkInterfaceAssociation> = {
  'gre-key': (association) => association.GreKey,
  'interface-protocol': (association) => association.InterfaceProtocol,
};

export function describeTrunkInterfaceAssociations(
  ctx: HandlerContext,
  input: DescribeTrunkInterfaceAssociationsRequest,
): DescribeTrunkInterfaceAssociationsResult {
  const ec2 = ec2Of(ctx);
  const associations: TrunkInterfaceAssociation[] = Object.values(ec2.networkInterfaces).flatMap((eni) =>
    eni.trunkAssociation
      ? [
          {
            AssociationId: eni.trunkAssociation.id,
            BranchInterfaceId: eni.id,
            TrunkInterfaceId: eni.trunkAssociation.trunkInterfaceId,
            InterfaceProtocol: 'VLAN' as const,
            VlanId: eni.trunkAssociation.vlanId,
            Tags: tagList({}),
          },
        ]
      : [],
  );
  const wanted = input.AssociationIds?.length ? new Set(input.AssociationIds) : undefined;
  const selected = wanted ? associations.filter((a) => wanted.has(a.AssociationId ?? '')) : associations;
  const filtered = applyFilters(selected, input.Filters, FIELDS);
  const page = paginate(filtered, input.MaxResults, input.NextToken);
  return { InterfaceAssociations: page.items, NextToken: page.nextToken };
}
