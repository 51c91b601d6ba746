import {
  type AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribeAutoScalingInstancesCommand,
} from '@aws-sdk/client-auto-scaling';
import type { Caller } from './caller.js';
import type { ObservedAsg } from './observation.js';

export interface AsgMembership {
  groupName: string;
  lifecycleState: string;
}

export async function membershipOf(
  autoScaling: AutoScalingClient,
  call: Caller,
  instanceId: string,
): Promise<AsgMembership | undefined> {
  const found = await call(`autoscaling:DescribeAutoScalingInstances ${instanceId}`, () =>
    autoScaling.send(new DescribeAutoScalingInstancesCommand({ InstanceIds: [instanceId] })),
  );
  const member = found.AutoScalingInstances?.find((i) => i.InstanceId === instanceId);
  if (!member?.AutoScalingGroupName) return undefined;
  return { groupName: member.AutoScalingGroupName, lifecycleState: member.LifecycleState ?? 'unknown' };
}

export async function describeGroup(
  autoScaling: AutoScalingClient,
  call: Caller,
  membership: AsgMembership,
): Promise<ObservedAsg> {
  const found = await call(`autoscaling:DescribeAutoScalingGroups ${membership.groupName}`, () =>
    autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [membership.groupName] })),
  );
  const group = found.AutoScalingGroups?.find((g) => g.AutoScalingGroupName === membership.groupName);
  return {
    groupName: membership.groupName,
    lifecycleState: membership.lifecycleState,
    desiredCapacity: group?.DesiredCapacity ?? 0,
    minSize: group?.MinSize ?? 0,
    maxSize: group?.MaxSize ?? 0,
    targetGroupArns: group?.TargetGroupARNs ?? [],
    loadBalancerNames: group?.LoadBalancerNames ?? [],
  };
}
