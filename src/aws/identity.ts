import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { callAws } from './call.js';
import { AwsCallError } from './errors.js';

export interface CallerIdentity {
  account: string;
  /** Exactly what STS returned; for a role, the session ARN. */
  arn: string;
  /** The IAM principal behind `arn`: for an assumed role, the role's ARN. */
  principalArn: string;
  /** Set for assumed roles: compare roles by name, since `principalArn` cannot carry the role's path. */
  roleName?: string;
  requestId?: string;
}

/** Who Firebreak is, so containment can refuse to cut off the bot's own identities. */
export async function callerIdentity(sts: STSClient): Promise<CallerIdentity> {
  const { value, requestId } = await callAws('sts:GetCallerIdentity', () =>
    sts.send(new GetCallerIdentityCommand({})),
  );
  if (!value.Account || !value.Arn) {
    throw new AwsCallError('AWS_ERROR', 'sts:GetCallerIdentity returned no account or ARN; try again.', {
      requestId,
    });
  }
  const principal = principalOf(value.Arn);
  return { account: value.Account, arn: value.Arn, ...principal, requestId };
}

const ASSUMED_ROLE = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/;

/**
 * `arn:aws:sts::123456789012:assumed-role/Name/session` → `arn:aws:iam::123456789012:role/Name`.
 * STS session ARNs drop the role's path, so a role created as `role/team/Name` (and every Identity Center
 * `AWSReservedSSO_*` role, under `/aws-reserved/sso.amazonaws.com/`) maps to `role/Name` here. Role names are
 * unique in an account whatever the path, so guards should compare `roleName`, not the full ARN.
 * Users, federated users and root are already principals and come back unchanged.
 */
export function principalOf(arn: string): { principalArn: string; roleName?: string } {
  const match = ASSUMED_ROLE.exec(arn);
  if (!match) return { principalArn: arn };
  const [, partition, account, roleName] = match;
  return { principalArn: `arn:${partition}:iam::${account}:role/${roleName}`, roleName };
}
