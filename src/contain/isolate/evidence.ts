import { DetachInstancesCommand, EnterStandbyCommand } from '@aws-sdk/client-auto-scaling';
import {
  CreateSnapshotsCommand,
  CreateTagsCommand,
  DescribeSnapshotsCommand,
  ModifyInstanceAttributeCommand,
} from '@aws-sdk/client-ec2';
import type { AwsClients } from '../../aws/clients.js';
import type { StepDefinition } from '../step.js';
import { describeGroup, membershipOf } from './autoscaling.js';
import {
  describeInstance,
  isolationTagsOf,
  shutdownBehaviourOf,
  terminationProtectionOf,
  volumesOf,
} from './ec2-instance.js';
import { INSTANCE_TAG_KEYS, TAG } from './names.js';
import type { IsolationPlan } from './plan.js';
import { stepId } from './step-ids.js';
import { attempt, dryRun, planned, type Result } from './step-kit.js';

/*
 * Evidence steps depend on nothing and nothing depends on them: the network cut never waits for Standby or a
 * snapshot, and a failed evidence step never blocks it. They are not critical.
 */

function evidence(id: string, title: string, run: StepDefinition['run']): StepDefinition {
  return { id, title, critical: false, dependsOn: [], run };
}

export function terminationProtectionStep(plan: IsolationPlan, { ec2 }: AwsClients): StepDefinition {
  const id = plan.instanceId;
  const command = (dry: boolean) =>
    new ModifyInstanceAttributeCommand({
      InstanceId: id,
      DisableApiTermination: { Value: true },
      ...(dry && { DryRun: true }),
    });
  return evidence(stepId.terminationProtection, `Turn on termination protection for ${id}`, (context) =>
    attempt(async (call): Promise<Result> => {
      if (context.dryRun)
        return dryRun(call, `ec2:ModifyInstanceAttribute disableApiTermination ${id}`, () =>
          ec2.send(command(true)),
        );
      const enabled = await terminationProtectionOf(ec2, call, id);
      if (enabled) return { status: 'done', before: { enabled }, after: { enabled }, note: 'already on' };
      await call(`ec2:ModifyInstanceAttribute disableApiTermination ${id}`, () => ec2.send(command(false)));
      return { status: 'done', before: { enabled }, after: { enabled: true } };
    }),
  );
}

export function shutdownBehaviourStep(plan: IsolationPlan, { ec2 }: AwsClients): StepDefinition {
  const id = plan.instanceId;
  const command = (dry: boolean) =>
    new ModifyInstanceAttributeCommand({
      InstanceId: id,
      InstanceInitiatedShutdownBehavior: { Value: 'stop' },
      ...(dry && { DryRun: true }),
    });
  return evidence(stepId.shutdownBehaviour, `Set the shutdown behaviour of ${id} to stop`, (context) =>
    attempt(async (call): Promise<Result> => {
      if (context.dryRun) {
        return dryRun(call, `ec2:ModifyInstanceAttribute instanceInitiatedShutdownBehavior ${id}`, () =>
          ec2.send(command(true)),
        );
      }
      const behaviour = await shutdownBehaviourOf(ec2, call, id);
      if (behaviour === 'stop')
        return { status: 'done', before: { behaviour }, after: { behaviour }, note: 'already stop' };
      await call(`ec2:ModifyInstanceAttribute instanceInitiatedShutdownBehavior ${id}`, () =>
        ec2.send(command(false)),
      );
      return { status: 'done', before: { behaviour }, after: { behaviour: 'stop' } };
    }),
  );
}

export function volumesStep(plan: IsolationPlan, clients: AwsClients): StepDefinition {
  const { ec2 } = clients;
  const id = plan.instanceId;
  const command = (devices: string[], dry: boolean) =>
    new ModifyInstanceAttributeCommand({
      InstanceId: id,
      BlockDeviceMappings: devices.map((DeviceName) => ({ DeviceName, Ebs: { DeleteOnTermination: false } })),
      ...(dry && { DryRun: true }),
    });
  return evidence(
    stepId.volumes,
    `Keep the volumes of ${id} if it is terminated (DeleteOnTermination=false)`,
    (context) =>
      attempt(async (call): Promise<Result> => {
        if (context.dryRun) {
          const devices = plan.volumes.filter((v) => v.deleteOnTermination).map((v) => v.deviceName);
          if (devices.length === 0) return { status: 'skipped', note: 'no volume is deleted on termination' };
          return dryRun(call, `ec2:ModifyInstanceAttribute blockDeviceMapping ${id}`, () =>
            ec2.send(command(devices, true)),
          );
        }
        const volumes = volumesOf(await describeInstance(ec2, call, id, clients.region));
        const devices = volumes.filter((v) => v.deleteOnTermination).map((v) => v.deviceName);
        const after = { volumes: volumes.map((v) => ({ ...v, deleteOnTermination: false })) };
        if (devices.length === 0)
          return { status: 'done', before: { volumes }, after, note: 'already kept on termination' };
        await call(`ec2:ModifyInstanceAttribute blockDeviceMapping ${id}`, () =>
          ec2.send(command(devices, false)),
        );
        return { status: 'done', before: { volumes }, after };
      }),
  );
}

/**
 * Termination protection does not stop an Auto Scaling group from terminating its instance: Standby (or
 * detaching) does. Desired capacity is recorded, because ExitStandby raises it again on restore.
 */
export function autoScalingStep(
  plan: IsolationPlan,
  { autoScaling }: AwsClients,
): StepDefinition | undefined {
  const planned_ = plan.asg;
  if (planned_ === undefined) return undefined;
  const id = plan.instanceId;
  const mode = plan.options.asgMode;
  const title =
    mode === 'detach'
      ? `Detach ${id} from ${planned_.groupName}`
      : `Put ${id} into Standby in ${planned_.groupName}`;
  return evidence(stepId.autoScaling, title, async (context) => {
    if (context.dryRun) return planned();
    return attempt(async (call): Promise<Result> => {
      const member = await membershipOf(autoScaling, call, id);
      const already =
        member === undefined ||
        member.lifecycleState === 'Standby' ||
        member.lifecycleState === 'EnteringStandby';
      // Once out of service, today's desired capacity is already decremented: the plan holds the one to restore.
      const recorded = { groupName: planned_.groupName, desiredCapacity: planned_.desiredCapacity, mode };
      if (already) {
        const note =
          member === undefined ? `no longer in ${planned_.groupName}` : `already ${member.lifecycleState}`;
        return {
          status: 'done',
          before: recorded,
          after: { lifecycleState: member?.lifecycleState ?? 'Detached' },
          note,
        };
      }
      const group = await describeGroup(autoScaling, call, member);
      const before = {
        groupName: member.groupName,
        desiredCapacity: group.desiredCapacity,
        mode,
        lifecycleState: member.lifecycleState,
      };
      if (mode === 'detach') {
        await call(`autoscaling:DetachInstances ${id} from ${member.groupName}`, () =>
          autoScaling.send(
            new DetachInstancesCommand({
              InstanceIds: [id],
              AutoScalingGroupName: member.groupName,
              ShouldDecrementDesiredCapacity: true,
            }),
          ),
        );
        return { status: 'done', before, after: { lifecycleState: 'Detached' } };
      }
      await call(`autoscaling:EnterStandby ${id} in ${member.groupName}`, () =>
        autoScaling.send(
          new EnterStandbyCommand({
            InstanceIds: [id],
            AutoScalingGroupName: member.groupName,
            ShouldDecrementDesiredCapacity: true,
          }),
        ),
      );
      return { status: 'done', before, after: { lifecycleState: 'Standby' } };
    });
  });
}

/** Crash-consistent snapshots of every volume, tagged so a resumed run (and the report) finds them. */
export function snapshotsStep(plan: IsolationPlan, { ec2 }: AwsClients): StepDefinition | undefined {
  if (!plan.options.snapshots || plan.volumes.length === 0) return undefined;
  const id = plan.instanceId;
  return evidence(stepId.snapshots, `Snapshot the volumes of ${id}`, (context) => {
    const command = (dry: boolean) =>
      new CreateSnapshotsCommand({
        InstanceSpecification: { InstanceId: id, ExcludeBootVolume: false },
        Description: `Firebreak ${context.incidentId}: evidence from ${id}`,
        TagSpecifications: [
          {
            ResourceType: 'snapshot',
            Tags: [
              { Key: TAG.incident, Value: context.incidentId },
              { Key: TAG.action, Value: context.actionId },
              { Key: 'firebreak:instance', Value: id },
            ],
          },
        ],
        ...(dry && { DryRun: true }),
      });
    return attempt(async (call): Promise<Result> => {
      if (context.dryRun) return dryRun(call, `ec2:CreateSnapshots ${id}`, () => ec2.send(command(true)));
      const existing = await call(`ec2:DescribeSnapshots for action ${context.actionId}`, () =>
        ec2.send(
          new DescribeSnapshotsCommand({
            OwnerIds: ['self'],
            Filters: [
              { Name: `tag:${TAG.action}`, Values: [context.actionId] },
              { Name: 'tag:firebreak:instance', Values: [id] },
            ],
          }),
        ),
      );
      const taken = (existing.Snapshots ?? []).flatMap((s) => (s.SnapshotId ? [s.SnapshotId] : []));
      if (taken.length > 0) return { status: 'done', after: { snapshotIds: taken }, note: 'already taken' };
      const made = await call(`ec2:CreateSnapshots ${id}`, () => ec2.send(command(false)));
      const snapshotIds = (made.Snapshots ?? []).flatMap((s) => (s.SnapshotId ? [s.SnapshotId] : []));
      return { status: 'done', after: { snapshotIds } };
    });
  });
}

/** Tags that tell anyone looking at the console why the instance is cut off, and by whom. */
export function instanceTagsStep(plan: IsolationPlan, clients: AwsClients): StepDefinition {
  const { ec2 } = clients;
  const id = plan.instanceId;
  // The plan read the tags before anything acted, so it holds what restore must put back, even on a resumed run.
  const before = {
    tags: Object.fromEntries(
      INSTANCE_TAG_KEYS.flatMap((key) => (key in plan.before.tags ? [[key, plan.before.tags[key]]] : [])),
    ),
  };
  return evidence(stepId.instanceTags, `Tag ${id} with the incident`, (context) => {
    const profileArn = plan.profileAssociation?.profileArn;
    const tags = [
      { Key: TAG.incident, Value: context.incidentId },
      { Key: TAG.isolatedBy, Value: context.actor },
      { Key: TAG.isolatedAt, Value: context.now().toISOString() },
      // A tag value holds 256 characters; a longer ARN is left to the action record.
      ...(profileArn && profileArn.length <= 256 ? [{ Key: TAG.originalProfile, Value: profileArn }] : []),
    ];
    const command = (dry: boolean) =>
      new CreateTagsCommand({ Resources: [id], Tags: tags, ...(dry && { DryRun: true }) });
    return attempt(async (call): Promise<Result> => {
      if (context.dryRun) return dryRun(call, `ec2:CreateTags ${id}`, () => ec2.send(command(true)));
      const current = await isolationTagsOf(ec2, call, id, clients.region);
      if (current[TAG.incident] === context.incidentId && current[TAG.isolatedAt] !== undefined) {
        return { status: 'done', before, after: { tags: current }, note: 'already tagged' };
      }
      await call(`ec2:CreateTags ${id} ${TAG.incident}`, () => ec2.send(command(false)));
      return {
        status: 'done',
        before,
        after: { tags: Object.fromEntries(tags.map((t) => [t.Key, t.Value])) },
      };
    });
  });
}
