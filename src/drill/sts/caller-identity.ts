import type { GetCallerIdentityRequest, GetCallerIdentityResponse } from '@aws-sdk/client-sts';
import type { HandlerContext } from '../context.js';
import { iamUniqueId } from '../ids.js';

/**
 * UserId is the principal's unique id, plus the session name for an assumed role, as STS reports it.
 * The id comes from the role or user when the account knows it, else it is derived from the ARN.
 */
export function getCallerIdentity(
  ctx: HandlerContext,
  _input: GetCallerIdentityRequest,
): GetCallerIdentityResponse {
  const arn = ctx.state.callerArn;
  const assumed = /^arn:aws:sts::\d+:assumed-role\/([^/]+)\/(.+)$/.exec(arn);
  let userId: string;
  if (assumed) {
    const [, roleName = '', session = ''] = assumed;
    const roleId = ctx.state.iam.roles[roleName]?.id ?? iamUniqueId(arn, 'AROA', 0);
    userId = `${roleId}:${session}`;
  } else if (/:root$/.test(arn)) {
    userId = ctx.state.accountId;
  } else {
    const user = Object.values(ctx.state.iam.users ?? {}).find((candidate) => candidate.arn === arn);
    userId = user?.id ?? iamUniqueId(arn, 'AIDA', 0);
  }
  return { UserId: userId, Account: ctx.state.accountId, Arn: arn };
}
