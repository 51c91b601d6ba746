import type { HandlerContext } from '../context.js';
import { ec2Of } from '../ec2/lookup.js';
import { launchInstance, terminateInstance } from '../ec2/provisioning.js';
import { groupOfInstance, inServiceCount } from './lookup.js';
import type { AutoScalingGroupRecord } from './model.js';

/** The group's tag that every instance it launches carries. */
export const GROUP_NAME_TAG = 'aws:autoscaling:groupName';

function launchMember(ctx: HandlerContext, group: AutoScalingGroupRecord): void {
  const subnetId = group.subnetIds[group.instances.length % group.subnetIds.length] as string;
  const tags: Record<string, string> = { [GROUP_NAME_TAG]: group.name };
  for (const tag of group.tags) if (tag.propagateAtLaunch) tags[tag.key] = tag.value;
  const instance = launchInstance(ctx, {
    subnetId,
    securityGroupIds: group.launch.securityGroupIds,
    imageId: group.launch.imageId,
    instanceType: group.launch.instanceType,
    ...(group.launch.iamInstanceProfileArn
      ? { iamInstanceProfileArn: group.launch.iamInstanceProfileArn }
      : {}),
    tags,
  });
  group.instances.push({
    instanceId: instance.id,
    lifecycleState: 'InService',
    healthStatus: 'Healthy',
    protectedFromScaleIn: group.newInstancesProtectedFromScaleIn,
    availabilityZone: instance.availabilityZone,
    instanceType: instance.instanceType,
  });
}

/**
 * Brings the group to its desired capacity at once (the simulation has no clock): it launches
 * replacements, or terminates the most recently launched InService instances not protected from
 * scale-in (AWS's default policy is less predictable; this keeps drills reproducible).
 * Termination protection does not stop this, exactly as in AWS; Standby does.
 */
export function reconcileCapacity(ctx: HandlerContext, group: AutoScalingGroupRecord): void {
  while (inServiceCount(group) < group.desiredCapacity) launchMember(ctx, group);
  const ec2 = ec2Of(ctx);
  while (inServiceCount(group) > group.desiredCapacity) {
    // Members are kept in launch order, so the last eligible one is the most recently launched; timestamps
    // alone could tie within a millisecond.
    const victim = group.instances.findLast(
      (member) => member.lifecycleState === 'InService' && !member.protectedFromScaleIn,
    );
    if (!victim) return;
    const instance = ec2.instances[victim.instanceId];
    if (instance) terminateInstance(ctx, instance, 'Service initiated');
    group.instances = group.instances.filter((member) => member !== victim);
  }
}

/**
 * The group's health check: an InService member that is stopped or terminated is replaced (and a stopped
 * one terminated first). Standby members are not health-checked, which is why containment uses Standby.
 */
export function healthCheck(ctx: HandlerContext, instanceIds: readonly string[]): void {
  const ec2 = ec2Of(ctx);
  for (const instanceId of instanceIds) {
    const group = groupOfInstance(ctx, instanceId);
    const member = group?.instances.find((m) => m.instanceId === instanceId);
    const instance = ec2.instances[instanceId];
    if (!group || !member || member.lifecycleState !== 'InService' || !instance) continue;
    if (instance.state === 'running' || instance.state === 'pending') continue;
    if (instance.state !== 'terminated') terminateInstance(ctx, instance, 'Service initiated');
    group.instances = group.instances.filter((m) => m !== member);
    reconcileCapacity(ctx, group);
  }
}
