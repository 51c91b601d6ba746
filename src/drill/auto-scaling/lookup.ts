import { type HandlerContext, regionOf } from '../context.js';
import { missingParameter, validationError } from '../errors.js';
import type { AutoScalingGroupRecord, AutoScalingState, GroupInstanceRecord } from './model.js';

export function autoScalingOf(ctx: HandlerContext): AutoScalingState {
  return regionOf(ctx).autoScaling;
}

export function getGroup(ctx: HandlerContext, name: string | undefined): AutoScalingGroupRecord {
  if (!name) throw missingParameter('AutoScalingGroupName');
  const group = autoScalingOf(ctx).groups[name];
  if (!group) throw validationError(`AutoScalingGroup name not found - AutoScalingGroup ${name} not found`);
  return group;
}

export function groupOfInstance(ctx: HandlerContext, instanceId: string): AutoScalingGroupRecord | undefined {
  return Object.values(autoScalingOf(ctx).groups).find((group) =>
    group.instances.some((member) => member.instanceId === instanceId),
  );
}

/** The members named, all of which must belong to the group. AWS takes at most 20 per call. */
export function membersOf(
  group: AutoScalingGroupRecord,
  instanceIds: readonly string[] | undefined,
): GroupInstanceRecord[] {
  if (!instanceIds?.length) throw missingParameter('InstanceIds');
  if (instanceIds.length > 20) {
    throw validationError(
      `1 validation error detected: Value at 'instanceIds' failed to satisfy constraint: Member must have length less than or equal to 20`,
    );
  }
  return [...new Set(instanceIds)].map((id) => {
    const member = group.instances.find((candidate) => candidate.instanceId === id);
    if (!member) throw validationError(`The instance ${id} is not part of Auto Scaling group ${group.name}.`);
    return member;
  });
}

/** What counts towards desired capacity: Standby and detaching instances do not. */
export function inServiceCount(group: AutoScalingGroupRecord): number {
  return group.instances.filter((m) => m.lifecycleState === 'InService' || m.lifecycleState === 'Pending')
    .length;
}
