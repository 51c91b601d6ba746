import type { AwsClients } from '../../aws/clients.js';
import type { StepDefinition } from '../step.js';
import { describeInstanceInterfaces } from './ec2-interfaces.js';
import type { IsolationPlan } from './plan.js';
import { stepId } from './step-ids.js';
import { afterField, attempt, isString, planned, type Result } from './step-kit.js';

/**
 * Reads every interface again (attached ones and trunk branches, as at planning) and holds the action to one
 * rule: each is in exactly its VPC's isolation group. An interface attached since the plan fails it too.
 */
export function verifyStep(plan: IsolationPlan, clients: AwsClients): StepDefinition {
  return {
    id: stepId.verify,
    title: `Verify every interface of ${plan.instanceId} is isolated`,
    critical: true,
    dependsOn: plan.interfaces.map((eni) => stepId.isolateInterface(eni.id)),
    run: async (context) => {
      if (context.dryRun) return planned();
      return attempt(async (call): Promise<Result> => {
        const live = await describeInstanceInterfaces(clients.ec2, call, plan.instanceId, {
          expectTrunks: plan.interfaces.some((eni) => eni.type === 'trunk'),
        });
        const isolationOf = (vpcId: string) =>
          afterField(context.results.get(stepId.isolationGroup(vpcId)), 'groupId', isString);
        const problems: string[] = [];
        for (const eni of live) {
          const expected = isolationOf(eni.vpcId);
          if (!plan.interfaces.some((planned) => planned.id === eni.id)) {
            problems.push(
              `${eni.id} appeared after the plan (groups ${eni.groups.join(', ')}); isolate again`,
            );
          } else if (expected === undefined || eni.groups.length !== 1 || eni.groups[0] !== expected) {
            problems.push(
              `${eni.id} is in ${eni.groups.join(', ') || 'no group'}, not ${expected ?? 'an isolation group'}`,
            );
          }
        }
        const gone = plan.interfaces
          .filter((planned) => !live.some((eni) => eni.id === planned.id))
          .map((e) => e.id);
        const after = { interfaces: live.map((eni) => ({ id: eni.id, groups: eni.groups })) };
        if (problems.length > 0) {
          return {
            status: 'failed',
            after,
            error: { code: 'ISOLATION_INCOMPLETE', message: `Not isolated: ${problems.join('; ')}.` },
          };
        }
        return {
          status: 'done',
          after,
          ...(gone.length > 0 && { note: `no longer present (detached or deleted): ${gone.join(', ')}` }),
        };
      });
    },
  };
}
