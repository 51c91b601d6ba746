import type {
  DetachInstancesAnswer,
  DetachInstancesQuery,
  EnterStandbyAnswer,
  EnterStandbyQuery,
  ExitStandbyAnswer,
  ExitStandbyQuery,
} from '@aws-sdk/client-auto-scaling';
import type { HandlerContext } from '../context.js';
import { validationError } from '../errors.js';
import { activity } from './activities.js';
import { reconcileCapacity } from './capacity.js';
import { getGroup, membersOf } from './lookup.js';
import type { AutoScalingGroupRecord } from './model.js';

function requireDecrementFlag(value: boolean | undefined): boolean {
  if (value === undefined) {
    throw validationError(
      `1 validation error detected: Value null at 'shouldDecrementDesiredCapacity' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

function shrink(group: AutoScalingGroupRecord, count: number, decrement: boolean, verb: string): string {
  const before = group.desiredCapacity;
  if (!decrement)
    return `${verb}, and the group will launch a replacement, keeping the capacity at ${before}.`;
  if (before - count < group.minSize) {
    throw validationError(
      `The number of instances to ${verb.split(' ')[0]} would take the desired capacity of ${group.name} below its minimum size of ${group.minSize}.`,
    );
  }
  group.desiredCapacity = before - count;
  return `${verb}, shrinking the capacity from ${before} to ${group.desiredCapacity}.`;
}

/**
 * With ShouldDecrementDesiredCapacity=false the group launches a replacement (desired capacity unchanged);
 * with true it shrinks. Either way the instance stays in the group, out of service and out of health checks.
 */
export function enterStandby(ctx: HandlerContext, input: EnterStandbyQuery): EnterStandbyAnswer {
  const group = getGroup(ctx, input.AutoScalingGroupName);
  const decrement = requireDecrementFlag(input.ShouldDecrementDesiredCapacity);
  const members = membersOf(group, input.InstanceIds);
  for (const member of members) {
    if (member.lifecycleState !== 'InService') {
      throw validationError(`The instance ${member.instanceId} is not in InService.`);
    }
  }
  const cause = shrink(group, members.length, decrement, 'moved to standby in response to a user request');
  for (const member of members) member.lifecycleState = 'Standby';
  reconcileCapacity(ctx, group);
  return {
    Activities: members.map((member) =>
      activity(
        ctx,
        group,
        member.instanceId,
        'Moving EC2 instance to Standby',
        `instance ${member.instanceId} was ${cause}`,
        {
          StatusCode: 'InProgress',
          Progress: 50,
        },
      ),
    ),
  };
}

/** AWS raises desired capacity by one per instance, so a restore must set it back to what was recorded. */
export function exitStandby(ctx: HandlerContext, input: ExitStandbyQuery): ExitStandbyAnswer {
  const group = getGroup(ctx, input.AutoScalingGroupName);
  const members = membersOf(group, input.InstanceIds);
  for (const member of members) {
    if (member.lifecycleState !== 'Standby') {
      throw validationError(`The instance ${member.instanceId} is not in Standby.`);
    }
  }
  const before = group.desiredCapacity;
  const after = before + members.length;
  if (after > group.maxSize) {
    throw validationError(
      `Exiting standby would raise the desired capacity of ${group.name} to ${after}, above its maximum size of ${group.maxSize}.`,
    );
  }
  group.desiredCapacity = after;
  for (const member of members) member.lifecycleState = 'InService';
  reconcileCapacity(ctx, group);
  return {
    Activities: members.map((member) =>
      activity(
        ctx,
        group,
        member.instanceId,
        'Moving EC2 instance out of Standby',
        `instance ${member.instanceId} was moved out of standby in response to a user request, increasing the capacity from ${before} to ${after}.`,
        { StatusCode: 'PreInService', Progress: 30 },
      ),
    ),
  };
}

/** The instance leaves the group and keeps running; without decrementing, the group replaces it. */
export function detachInstances(ctx: HandlerContext, input: DetachInstancesQuery): DetachInstancesAnswer {
  const group = getGroup(ctx, input.AutoScalingGroupName);
  const decrement = requireDecrementFlag(input.ShouldDecrementDesiredCapacity);
  const members = membersOf(group, input.InstanceIds);
  const counted = members.filter((m) => m.lifecycleState === 'InService' || m.lifecycleState === 'Pending');
  const cause = shrink(group, counted.length, decrement, 'detached in response to a user request');
  group.instances = group.instances.filter((member) => !members.includes(member));
  reconcileCapacity(ctx, group);
  return {
    Activities: members.map((member) =>
      activity(
        ctx,
        group,
        member.instanceId,
        'Detaching EC2 instance',
        `instance ${member.instanceId} was ${cause}`,
        {
          StatusCode: 'InProgress',
          Progress: 50,
        },
      ),
    ),
  };
}
