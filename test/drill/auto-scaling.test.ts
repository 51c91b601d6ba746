import {
  DescribeAutoScalingGroupsCommand,
  DescribeAutoScalingInstancesCommand,
  DetachInstancesCommand,
  EnterStandbyCommand,
  ExitStandbyCommand,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeInstancesCommand,
  ModifyInstanceAttributeCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { drill, IDS, rejection } from './support.js';

async function group(context: ReturnType<typeof drill>) {
  const output = await context.autoScaling.send(
    new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [IDS.autoScalingGroup] }),
  );
  const found = output.AutoScalingGroups?.[0];
  if (!found) throw new Error('no group');
  return {
    desired: found.DesiredCapacity,
    members: Object.fromEntries((found.Instances ?? []).map((i) => [i.InstanceId, i.LifecycleState])),
  };
}

async function stateOf(context: ReturnType<typeof drill>, instanceId: string) {
  const output = await context.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  return output.Reservations?.[0]?.Instances?.[0]?.State?.Name;
}

describe('Auto Scaling', () => {
  it('describes the seeded group and its instances', async () => {
    const context = drill();
    expect(await group(context)).toEqual({
      desired: 2,
      members: { [IDS.instances.asg]: 'InService', [IDS.instances.asgPeer]: 'InService' },
    });
    const instances = await context.autoScaling.send(
      new DescribeAutoScalingInstancesCommand({ InstanceIds: [IDS.instances.asg, IDS.instances.web] }),
    );
    expect(instances.AutoScalingInstances).toEqual([
      expect.objectContaining({
        InstanceId: IDS.instances.asg,
        AutoScalingGroupName: IDS.autoScalingGroup,
        LifecycleState: 'InService',
        HealthStatus: 'HEALTHY',
      }),
    ]);
  });

  it('shrinks the group on EnterStandby with decrement, and ExitStandby raises it back', async () => {
    const context = drill();
    const entered = await context.autoScaling.send(
      new EnterStandbyCommand({
        AutoScalingGroupName: IDS.autoScalingGroup,
        InstanceIds: [IDS.instances.asg],
        ShouldDecrementDesiredCapacity: true,
      }),
    );
    expect(entered.Activities?.[0]).toMatchObject({
      Description: `Moving EC2 instance to Standby: ${IDS.instances.asg}`,
      StatusCode: 'InProgress',
    });
    expect(await group(context)).toEqual({
      desired: 1,
      members: { [IDS.instances.asg]: 'Standby', [IDS.instances.asgPeer]: 'InService' },
    });

    await context.autoScaling.send(
      new ExitStandbyCommand({
        AutoScalingGroupName: IDS.autoScalingGroup,
        InstanceIds: [IDS.instances.asg],
      }),
    );
    expect(await group(context)).toEqual({
      desired: 2,
      members: { [IDS.instances.asg]: 'InService', [IDS.instances.asgPeer]: 'InService' },
    });
  });

  it('launches a replacement without decrement, so ExitStandby leaves one more instance than before', async () => {
    const context = drill();
    await context.autoScaling.send(
      new EnterStandbyCommand({
        AutoScalingGroupName: IDS.autoScalingGroup,
        InstanceIds: [IDS.instances.asg],
        ShouldDecrementDesiredCapacity: false,
      }),
    );
    const during = await group(context);
    const replacement = Object.keys(during.members).find(
      (id) => id !== IDS.instances.asg && id !== IDS.instances.asgPeer,
    );
    expect(during.desired).toBe(2);
    expect(during.members).toEqual({
      [IDS.instances.asg]: 'Standby',
      [IDS.instances.asgPeer]: 'InService',
      [replacement ?? '']: 'InService',
    });
    expect(await stateOf(context, replacement ?? '')).toBe('running');

    await context.autoScaling.send(
      new ExitStandbyCommand({
        AutoScalingGroupName: IDS.autoScalingGroup,
        InstanceIds: [IDS.instances.asg],
      }),
    );
    expect((await group(context)).desired).toBe(3);

    // Setting the recorded capacity back scales in: the newest unprotected instance goes, not the restored one.
    await context.autoScaling.send(
      new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: IDS.autoScalingGroup, DesiredCapacity: 2 }),
    );
    expect(await group(context)).toEqual({
      desired: 2,
      members: { [IDS.instances.asg]: 'InService', [IDS.instances.asgPeer]: 'InService' },
    });
    expect(await stateOf(context, replacement ?? '')).toBe('terminated');
  });

  it('refuses to take desired capacity below the minimum', async () => {
    const context = drill();
    const error = await rejection(
      context.autoScaling.send(
        new EnterStandbyCommand({
          AutoScalingGroupName: IDS.autoScalingGroup,
          InstanceIds: [IDS.instances.asg, IDS.instances.asgPeer],
          ShouldDecrementDesiredCapacity: true,
        }),
      ),
    );
    expect(error.name).toBe('ValidationError');
    expect(await group(context)).toMatchObject({ desired: 2 });
  });

  it('detaches an instance, which keeps running outside the group', async () => {
    const context = drill();
    await context.autoScaling.send(
      new DetachInstancesCommand({
        AutoScalingGroupName: IDS.autoScalingGroup,
        InstanceIds: [IDS.instances.asg],
        ShouldDecrementDesiredCapacity: true,
      }),
    );
    expect(await group(context)).toEqual({ desired: 1, members: { [IDS.instances.asgPeer]: 'InService' } });
    expect(await stateOf(context, IDS.instances.asg)).toBe('running');
  });

  it('replaces a stopped InService member despite termination protection, but leaves a Standby one alone', async () => {
    const context = drill();
    await context.ec2.send(
      new ModifyInstanceAttributeCommand({
        InstanceId: IDS.instances.asgPeer,
        DisableApiTermination: { Value: true },
      }),
    );
    await context.ec2.send(new StopInstancesCommand({ InstanceIds: [IDS.instances.asgPeer] }));
    expect(await stateOf(context, IDS.instances.asgPeer)).toBe('terminated');
    const afterStop = await group(context);
    expect(afterStop.desired).toBe(2);
    expect(Object.keys(afterStop.members)).not.toContain(IDS.instances.asgPeer);
    expect(Object.keys(afterStop.members)).toHaveLength(2);

    await context.autoScaling.send(
      new EnterStandbyCommand({
        AutoScalingGroupName: IDS.autoScalingGroup,
        InstanceIds: [IDS.instances.asg],
        ShouldDecrementDesiredCapacity: true,
      }),
    );
    await context.ec2.send(new StopInstancesCommand({ InstanceIds: [IDS.instances.asg] }));
    expect(await stateOf(context, IDS.instances.asg)).toBe('stopped');
    expect((await group(context)).members[IDS.instances.asg]).toBe('Standby');
  });
});
