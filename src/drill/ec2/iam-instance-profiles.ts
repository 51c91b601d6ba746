import type {
  AssociateIamInstanceProfileRequest,
  AssociateIamInstanceProfileResult,
  DescribeIamInstanceProfileAssociationsRequest,
  DescribeIamInstanceProfileAssociationsResult,
  DisassociateIamInstanceProfileRequest,
  DisassociateIamInstanceProfileResult,
  IamInstanceProfileAssociation,
} from '@aws-sdk/client-ec2';
import { type HandlerContext, newId, nowIso } from '../context.js';
import { AwsFault, invalidParameterCombination, invalidParameterValue, missingParameter } from '../errors.js';
import { applyFilters, type FilterFields } from '../filters.js';
import type { InstanceProfileRecord } from '../iam/model.js';
import { paginate } from '../pagination.js';
import {
  assertNotTerminated,
  ec2Of,
  getInstance,
  NOT_FOUND,
  profileAssociationOf,
  selectByIds,
} from './lookup.js';
import type { IamInstanceProfileAssociationRecord } from './model.js';

type AssociationState = NonNullable<IamInstanceProfileAssociation['State']>;

const FIELDS: FilterFields<IamInstanceProfileAssociationRecord> = {
  'instance-id': (association) => association.instanceId,
  state: () => 'associated',
};

function view(
  association: IamInstanceProfileAssociationRecord,
  state: AssociationState = 'associated',
): IamInstanceProfileAssociation {
  return {
    AssociationId: association.id,
    InstanceId: association.instanceId,
    IamInstanceProfile: { Arn: association.profileArn, Id: association.profileId },
    State: state,
    Timestamp: new Date(association.timestamp),
  };
}

export function describeIamInstanceProfileAssociations(
  ctx: HandlerContext,
  input: DescribeIamInstanceProfileAssociationsRequest,
): DescribeIamInstanceProfileAssociationsResult {
  const ec2 = ec2Of(ctx);
  if (input.AssociationIds?.length && input.Filters?.length) {
    throw invalidParameterCombination(
      'The parameter AssociationIds cannot be used with the parameter Filters',
    );
  }
  const selected = selectByIds(
    ec2.iamInstanceProfileAssociations,
    input.AssociationIds,
    NOT_FOUND.association,
  );
  const filtered = applyFilters(selected, input.Filters, FIELDS);
  const page = paginate(filtered, input.MaxResults, input.NextToken);
  return { IamInstanceProfileAssociations: page.items.map((a) => view(a)), NextToken: page.nextToken };
}

function findProfile(
  ctx: HandlerContext,
  spec: { Arn?: string; Name?: string } | undefined,
): InstanceProfileRecord {
  if (!spec?.Arn && !spec?.Name) throw missingParameter('IamInstanceProfile');
  const profiles = Object.values(ctx.state.iam.instanceProfiles);
  const found = spec.Arn
    ? profiles.find((p) => p.arn === spec.Arn)
    : profiles.find((p) => p.name === spec.Name);
  if (!found) {
    throw invalidParameterValue(
      spec.Arn
        ? `Value (${spec.Arn}) for parameter iamInstanceProfile.arn is invalid. Invalid IAM Instance Profile ARN`
        : `Value (${spec.Name}) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name`,
    );
  }
  return found;
}

export function associateIamInstanceProfile(
  ctx: HandlerContext,
  input: AssociateIamInstanceProfileRequest,
): AssociateIamInstanceProfileResult {
  const ec2 = ec2Of(ctx);
  const instance = getInstance(ec2, input.InstanceId);
  const profile = findProfile(ctx, input.IamInstanceProfile);
  assertNotTerminated(instance);
  const existing = profileAssociationOf(ec2, instance.id);
  if (existing) {
    throw new AwsFault('IncorrectState', `There is an existing association for instance ${instance.id}`);
  }
  const association: IamInstanceProfileAssociationRecord = {
    id: newId(ctx, 'iip-assoc'),
    instanceId: instance.id,
    profileArn: profile.arn,
    profileId: profile.id,
    timestamp: nowIso(ctx),
  };
  ec2.iamInstanceProfileAssociations[association.id] = association;
  return { IamInstanceProfileAssociation: view(association, 'associating') };
}

export function disassociateIamInstanceProfile(
  ctx: HandlerContext,
  input: DisassociateIamInstanceProfileRequest,
): DisassociateIamInstanceProfileResult {
  const ec2 = ec2Of(ctx);
  if (!input.AssociationId) throw missingParameter('AssociationId');
  const association = ec2.iamInstanceProfileAssociations[input.AssociationId];
  if (!association) throw NOT_FOUND.association([input.AssociationId]);
  // AWS reports 'disassociating'; the simulation completes at once, so later describes no longer list it.
  delete ec2.iamInstanceProfileAssociations[association.id];
  return { IamInstanceProfileAssociation: view(association, 'disassociating') };
}
