import {
  AttachInstancesCommand,
  ExitStandbyCommand,
  SetDesiredCapacityCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  AssociateIamInstanceProfileCommand,
  CreateTagsCommand,
  DeleteTagsCommand,
} from '@aws-sdk/client-ec2';
import type { AwsClients } from '../../aws/clients.js';
import type { StepDefinition } from '../step.js';
import { describeGroup, membershipOf } from './autoscaling.js';
import { isolationTagsOf, profileAssociationOf } from './ec2-instance.js';
import { INSTANCE_TAG_KEYS, TAG } from './names.js';
import { restoreStepId } from './step-ids.js';
import { attempt, dryRun, planned, type Result } from './step-kit.js';

export function restoreProfileStep(
  instanceId: string,
  profileArn: string,
  clients: AwsClients,
): StepDefinition {
  return {
    id: restoreStepId.profile,
    title: `Re-associate ${profileArn} with ${instanceId}`,
    critical: true,
    dependsOn: [],
    run: async (context) => {
      // AssociateIamInstanceProfile takes no DryRun.
      if (context.dryRun) return planned();
      return attempt(async (call): Promise<Result> => {
        const live = await profileAssociationOf(clients.ec2, call, instanceId);
        if (live?.profileArn === profileArn)
          return { status: 'done', after: live, note: 'already associated' };
        if (live !== undefined) {
          return {
            status: 'failed',
            before: live,
            error: {
              code: 'RESTORE_CONFLICT',
              message: `${instanceId} now has ${live.profileArn} associated, not the recorded ${profileArn}; someone changed it since isolation. Replace it by hand if that is intended.`,
            },
          };
        }
        const made = await call(`ec2:AssociateIamInstanceProfile ${profileArn} with ${instanceId}`, () =>
          clients.ec2.send(
            new AssociateIamInstanceProfileCommand({
              IamInstanceProfile: { Arn: profileArn },
              InstanceId: instanceId,
            }),
          ),
        );
        return {
          status: 'done',
          before: {},
          after: { associationId: made.IamInstanceProfileAssociation?.AssociationId, profileArn },
        };
      });
    },
  };
}

export interface RecordedAsg {
  groupName: string;
  /** Undefined when only Standby is known (restore without the store): ExitStandby alone puts back what it took. */
  desiredCapacity?: number;
  mode: 'standby' | 'detach';
}

/**
 * Back into service, last: after the network and credentials are back, so it never serves traffic half-restored.
 * ExitStandby (or AttachInstances) raises desired capacity by one; it is then set to the recorded value, in case
 * the group was scaled meanwhile.
 */
export function restoreAutoScalingStep(
  instanceId: string,
  recorded: RecordedAsg,
  dependsOn: readonly string[],
  { autoScaling }: AwsClients,
): StepDefinition {
  const name = recorded.groupName;
  return {
    id: restoreStepId.autoScaling,
    title: `Return ${instanceId} to service in ${name}`,
    critical: false,
    dependsOn,
    run: async (context) => {
      if (context.dryRun) return planned();
      return attempt(async (call): Promise<Result> => {
        const member = await membershipOf(autoScaling, call, instanceId);
        const before = { lifecycleState: member?.lifecycleState ?? 'Detached' };
        if (member?.lifecycleState === 'Standby') {
          await call(`autoscaling:ExitStandby ${instanceId} in ${name}`, () =>
            autoScaling.send(
              new ExitStandbyCommand({ InstanceIds: [instanceId], AutoScalingGroupName: name }),
            ),
          );
        } else if (member === undefined && recorded.mode === 'detach') {
          await call(`autoscaling:AttachInstances ${instanceId} to ${name}`, () =>
            autoScaling.send(
              new AttachInstancesCommand({ InstanceIds: [instanceId], AutoScalingGroupName: name }),
            ),
          );
        }
        if (recorded.desiredCapacity === undefined)
          return { status: 'done', before, after: { groupName: name } };
        const group = await describeGroup(autoScaling, call, { groupName: name, lifecycleState: '' });
        if (group.desiredCapacity !== recorded.desiredCapacity) {
          await call(`autoscaling:SetDesiredCapacity ${name} ${recorded.desiredCapacity}`, () =>
            autoScaling.send(
              new SetDesiredCapacityCommand({
                AutoScalingGroupName: name,
                DesiredCapacity: recorded.desiredCapacity,
                HonorCooldown: false,
              }),
            ),
          );
        }
        return {
          status: 'done',
          before: { ...before, desiredCapacity: group.desiredCapacity },
          after: { desiredCapacity: recorded.desiredCapacity },
        };
      });
    },
  };
}

/** Removes the isolation tags (last, so a half-restored instance still says it is isolated) and puts back older values. */
export function restoreTagsStep(
  instanceId: string,
  previous: Record<string, string>,
  dependsOn: readonly string[],
  clients: AwsClients,
): StepDefinition {
  return {
    id: restoreStepId.instanceTags,
    title: `Remove the isolation tags from ${instanceId}`,
    critical: false,
    dependsOn,
    run: (context) =>
      attempt(async (call): Promise<Result> => {
        const { ec2 } = clients;
        if (context.dryRun) {
          return dryRun(call, `ec2:DeleteTags ${instanceId}`, () =>
            ec2.send(
              new DeleteTagsCommand({
                Resources: [instanceId],
                Tags: INSTANCE_TAG_KEYS.map((Key) => ({ Key })),
                DryRun: true,
              }),
            ),
          );
        }
        const current = await isolationTagsOf(ec2, call, instanceId, clients.region);
        if (current[TAG.incident] !== undefined && current[TAG.incident] !== context.incidentId) {
          return {
            status: 'done',
            before: current,
            note: `left in place: ${instanceId} is now tagged for ${current[TAG.incident]}`,
          };
        }
        const ours = INSTANCE_TAG_KEYS.filter(
          (key) => current[key] !== undefined && previous[key] === undefined,
        );
        if (ours.length > 0) {
          await call(`ec2:DeleteTags ${instanceId} ${ours.join(', ')}`, () =>
            ec2.send(new DeleteTagsCommand({ Resources: [instanceId], Tags: ours.map((Key) => ({ Key })) })),
          );
        }
        const back = Object.entries(previous).filter(([key, value]) => current[key] !== value);
        if (back.length > 0) {
          await call(`ec2:CreateTags ${instanceId} (values before isolation)`, () =>
            ec2.send(
              new CreateTagsCommand({
                Resources: [instanceId],
                Tags: back.map(([Key, Value]) => ({ Key, Value })),
              }),
            ),
          );
        }
        return { status: 'done', before: current, after: previous };
      }),
  };
}
