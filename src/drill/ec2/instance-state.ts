import type {
  InstanceStateChange,
  StartInstancesRequest,
  StartInstancesResult,
  StopInstancesRequest,
  StopInstancesResult,
  TerminateInstancesRequest,
  TerminateInstancesResult,
} from '@aws-sdk/client-ec2';
import { healthCheck } from '../auto-scaling/capacity.js';
import type { HandlerContext } from '../context.js';
import { AwsFault, missingParameter } from '../errors.js';
import { instanceState } from './instances.js';
import { assertNotTerminated, ec2Of, NOT_FOUND, selectByIds } from './lookup.js';
import type { InstanceRecord } from './model.js';
import { terminateInstance } from './provisioning.js';

// The simulation has no clock of its own, so transitions complete at once; the responses still report the
// in-between state (stopping, pending, shutting-down) that AWS reports.

function selectInstances(ctx: HandlerContext, ids: readonly string[] | undefined): InstanceRecord[] {
  if (!ids?.length) throw missingParameter('InstanceId');
  return selectByIds(ec2Of(ctx).instances, ids, NOT_FOUND.instance);
}

export function stopInstances(ctx: HandlerContext, input: StopInstancesRequest): StopInstancesResult {
  const instances = selectInstances(ctx, input.InstanceIds);
  for (const instance of instances) {
    assertNotTerminated(instance);
    if (instance.disableApiStop) {
      throw new AwsFault(
        'OperationNotPermitted',
        `The instance '${instance.id}' may not be stopped. Modify its 'disableApiStop' instance attribute and try again.`,
      );
    }
  }
  const changes: InstanceStateChange[] = instances.map((instance) => {
    const previous = instance.state;
    instance.state = 'stopped';
    instance.stateTransitionReason = `User initiated (${ctx.now.toISOString().replace('T', ' ').slice(0, 19)} GMT)`;
    return {
      InstanceId: instance.id,
      PreviousState: instanceState(previous),
      CurrentState: instanceState(previous === 'stopped' ? 'stopped' : 'stopping'),
    };
  });
  // An Auto Scaling group replaces an InService member it finds stopped; Standby members are left alone.
  healthCheck(
    ctx,
    instances.map((instance) => instance.id),
  );
  return { StoppingInstances: changes };
}

export function startInstances(ctx: HandlerContext, input: StartInstancesRequest): StartInstancesResult {
  const instances = selectInstances(ctx, input.InstanceIds);
  for (const instance of instances) assertNotTerminated(instance);
  return {
    StartingInstances: instances.map((instance) => {
      const previous = instance.state;
      instance.state = 'running';
      instance.stateTransitionReason = '';
      return {
        InstanceId: instance.id,
        PreviousState: instanceState(previous),
        CurrentState: instanceState(previous === 'running' ? 'running' : 'pending'),
      };
    }),
  };
}

export function terminateInstances(
  ctx: HandlerContext,
  input: TerminateInstancesRequest,
): TerminateInstancesResult {
  const instances = selectInstances(ctx, input.InstanceIds);
  for (const instance of instances) {
    if (instance.disableApiTermination) {
      throw new AwsFault(
        'OperationNotPermitted',
        `The instance '${instance.id}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.`,
      );
    }
  }
  const changes: InstanceStateChange[] = instances.map((instance) => {
    const previous = instance.state;
    if (previous !== 'terminated') terminateInstance(ctx, instance, 'User initiated');
    return {
      InstanceId: instance.id,
      PreviousState: instanceState(previous),
      CurrentState: instanceState(previous === 'terminated' ? 'terminated' : 'shutting-down'),
    };
  });
  healthCheck(
    ctx,
    instances.map((instance) => instance.id),
  );
  return { TerminatingInstances: changes };
}
