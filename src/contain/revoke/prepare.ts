import type { AwsClients } from '../../aws/clients.js';
import { callerIdentity } from '../../aws/identity.js';
import { plainCaller } from '../isolate/caller.js';
import { type GuardOptions, guardPrincipal } from './guards.js';
import type { SelfIdentity } from './observation.js';
import { observeRole, observeUser } from './observe.js';
import { type PlanContext, planRefusal, planRoleRevoke, planUserRevoke, type RevokePlan } from './plan.js';
import { policyName } from './policies.js';
import { resolveTarget } from './resolve.js';

/**
 * Reads AWS and plans one revocation: who Firebreak is, what the target is, then (only for a principal it may
 * touch) everything the preview shows. Refusals are plans too, so the responder sees why.
 * Throws INVALID_TARGET, PRINCIPAL_NOT_FOUND, KEY_NOT_FOUND and AwsCallError.
 */
export async function prepareRevoke(
  clients: AwsClients,
  resourceId: string,
  context: { incidentId: string; now: Date },
  guards: GuardOptions,
): Promise<RevokePlan> {
  const call = plainCaller;
  const identity = await callerIdentity(clients.sts);
  const self: SelfIdentity = {
    account: identity.account,
    principalArn: identity.principalArn,
    ...(identity.roleName !== undefined && { roleName: identity.roleName }),
  };
  // The account the clients really act in, whatever the target said.
  const planContext: PlanContext = {
    resourceId,
    incidentId: context.incidentId,
    clientAccount: self.account,
    now: context.now,
  };
  const resolution = await resolveTarget(clients, call, resourceId, self.account);
  if (resolution.kind === 'refused') return planRefusal(planContext, resolution.account, resolution.refusal);

  const found = resolution.kind === 'user' ? resolution.user : resolution.role;
  const refusal = guardPrincipal(found, self, guards);
  if (refusal) return foundBy(planRefusal(planContext, found.account, refusal, found), resolution.foundBy);

  if (resolution.kind === 'user') {
    const observed = await observeUser(clients, call, resolution.user);
    const viaKey = resolution.viaKey;
    const plan = planUserRevoke(
      planContext,
      observed,
      viaKey === undefined ? {} : { keys: [viaKey], viaKey },
    );
    return foundBy(plan, resolution.foundBy);
  }
  const observed = await observeRole(
    clients,
    call,
    resolution.role,
    policyName.roleSessions(context.incidentId),
  );
  return foundBy(planRoleRevoke(planContext, observed), resolution.foundBy);
}

/** Puts how a session key led to the principal first in the preview; the hash leaves the summary out. */
function foundBy(plan: RevokePlan, line: string | undefined): RevokePlan {
  return line === undefined ? plan : { ...plan, summary: [line, ...plan.summary] };
}
