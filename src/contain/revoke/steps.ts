import type { AwsClients } from '../../aws/clients.js';
import { FirebreakError } from '../../errors.js';
import type { StepDefinition } from '../step.js';
import type { RevokePlan } from './plan.js';
import { roleSessionsStep } from './role-steps.js';
import { deactivateKeyStep, removeConsoleStep, userDenyStep } from './user-steps.js';
import { verifyStep } from './verify.js';

/**
 * The revocation as a graph with no edges but one: every key, the deny and the console removal start at once,
 * and verify:credentials reads the keys and the deny back after the critical ones.
 *   user:  key:<id>:deactivate…, policy:deny → verify:credentials;  console:remove (extra, not critical)
 *   role:  policy:revoke-sessions                                     → verify:credentials
 */
export function revokeSteps(
  plan: RevokePlan,
  clients: AwsClients,
  options: { removeConsole: boolean },
): StepDefinition[] {
  if (plan.refusal) throw new FirebreakError(plan.refusal.code, plan.refusal.message);
  const work: StepDefinition[] = [];
  if (plan.user) {
    work.push(...plan.user.deactivate.map((keyId) => deactivateKeyStep(plan.user!, keyId, clients)));
    work.push(userDenyStep(plan.user, clients));
    if (options.removeConsole && plan.user.console) work.push(removeConsoleStep(plan.user, clients));
  } else if (plan.role) {
    work.push(roleSessionsStep(plan.role, clients));
  } else {
    throw new FirebreakError('INTERNAL', `The revoke plan for ${plan.resourceId} names no user or role.`);
  }
  const critical = work.filter((step) => step.critical).map((step) => step.id);
  return [...work, verifyStep(plan, critical, clients)];
}
