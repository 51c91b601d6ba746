import { randomUUID } from 'node:crypto';
import type { Activity } from '@aws-sdk/client-auto-scaling';
import type { HandlerContext } from '../context.js';
import { ec2Of } from '../ec2/lookup.js';
import type { AutoScalingGroupRecord } from './model.js';

export function activity(
  ctx: HandlerContext,
  group: AutoScalingGroupRecord,
  instanceId: string,
  description: string,
  cause: string,
  status: Pick<Activity, 'StatusCode' | 'Progress'>,
): Activity {
  const instance = ec2Of(ctx).instances[instanceId];
  return {
    ActivityId: randomUUID(),
    AutoScalingGroupName: group.name,
    AutoScalingGroupARN: group.arn,
    Description: `${description}: ${instanceId}`,
    Cause: `At ${ctx.now.toISOString().slice(0, 19)}Z ${cause}`,
    StartTime: ctx.now,
    ...status,
    Details: JSON.stringify({
      'Subnet ID': instance?.subnetId,
      'Availability Zone': instance?.availabilityZone,
    }),
  };
}
