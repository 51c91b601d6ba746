import { DisassociateIamInstanceProfileCommand } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../../aws/clients.js';
import type { StepDefinition } from '../step.js';
import { profileAssociationOf } from './ec2-instance.js';
import type { IsolationPlan } from './plan.js';
import { stepId } from './step-ids.js';
import { attempt, planned, type Result } from './step-kit.js';

/**
 * The metadata service is link-local, so no security group stops the instance from fetching fresh role
 * credentials: the profile is disassociated (and recorded for restore). Sessions it already issued stay valid;
 * revoking them is a separate, role-wide action.
 */
export function profileStep(plan: IsolationPlan, clients: AwsClients): StepDefinition {
  const sessionsNote = plan.role
    ? `sessions ${plan.role.name} already issued stay valid until revoked${
        plan.otherInstancesUsingRole.length > 0
          ? ` (also used by ${plan.otherInstancesUsingRole.join(', ')})`
          : ''
      }`
    : undefined;
  return {
    id: stepId.profile,
    title: `Disassociate the instance profile of ${plan.instanceId}`,
    critical: true,
    dependsOn: [],
    run: async (context) => {
      // DisassociateIamInstanceProfile takes no DryRun.
      if (context.dryRun) return planned();
      return attempt(async (call): Promise<Result> => {
        const live = await profileAssociationOf(clients.ec2, call, plan.instanceId);
        if (live === undefined) {
          // Nothing to do now; if the plan saw one, this is a resumed run and the plan holds what was there.
          return {
            status: 'done',
            before: plan.profileAssociation ?? {},
            after: {},
            note: plan.profileAssociation ? 'already disassociated' : 'no instance profile associated',
          };
        }
        await call(`ec2:DisassociateIamInstanceProfile ${live.associationId}`, () =>
          clients.ec2.send(new DisassociateIamInstanceProfileCommand({ AssociationId: live.associationId })),
        );
        return {
          status: 'done',
          before: { associationId: live.associationId, profileArn: live.profileArn },
          after: {},
          ...(sessionsNote && { note: sessionsNote }),
        };
      });
    },
  };
}
