import type { AwsClients } from '../../aws/clients.js';
import { FirebreakError } from '../../errors.js';
import type { StepDefinition } from '../step.js';
import { profileStep } from './credentials.js';
import {
  autoScalingStep,
  instanceTagsStep,
  shutdownBehaviourStep,
  snapshotsStep,
  terminationProtectionStep,
  volumesStep,
} from './evidence.js';
import { isolationGroupStep, untrackGroupStep } from './groups.js';
import { isolateInterfaceStep, tagInterfaceStep, untrackInterfaceStep } from './interfaces.js';
import { naclDenyStep } from './nacl.js';
import type { IsolationOptions, IsolationPlan } from './plan.js';
import { verifyStep } from './verify.js';

/**
 * The isolation as a dependency graph with as few edges as the safety rules allow, so the runner can start
 * everything independent at once:
 *   per VPC:  group:untrack:<vpc>, group:isolation:<vpc>                       (no dependencies)
 *   per ENI:  eni:<id>:tag → eni:<id>:untrack (also on group:untrack) → eni:<id>:isolate (also on group:isolation)
 *   verify:interfaces after every eni:<id>:isolate
 *   credentials:profile, nacl:<acl>, evidence:*                               (no dependencies)
 * `options` overrides the plan's own options (e.g. snapshots turned off at confirmation).
 */
export function isolationSteps(
  plan: IsolationPlan,
  clients: AwsClients,
  options: Partial<Omit<IsolationOptions, 'botInstanceId'>> = {},
): StepDefinition[] {
  if (plan.refusal) throw new FirebreakError(plan.refusal.code, plan.refusal.message);
  const effective: IsolationPlan = { ...plan, options: { ...plan.options, ...options } };
  const steps: (StepDefinition | undefined)[] = [
    ...effective.vpcs.flatMap((vpc) => [untrackGroupStep(vpc, clients), isolationGroupStep(vpc, clients)]),
    ...effective.interfaces.flatMap((eni) => [
      tagInterfaceStep(eni, effective, clients),
      untrackInterfaceStep(eni, effective, clients),
      isolateInterfaceStep(eni, clients),
    ]),
    ...(effective.options.naclDeny ? effective.naclDenies.map((deny) => naclDenyStep(deny, clients)) : []),
    profileStep(effective, clients),
    terminationProtectionStep(effective, clients),
    shutdownBehaviourStep(effective, clients),
    volumesStep(effective, clients),
    autoScalingStep(effective, clients),
    snapshotsStep(effective, clients),
    instanceTagsStep(effective, clients),
    verifyStep(effective, clients),
  ];
  return steps.filter((step): step is StepDefinition => step !== undefined);
}
