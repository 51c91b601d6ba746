import {
  AlreadyExistsFault,
  AutoScalingServiceException,
  InvalidNextToken,
  LimitExceededFault,
  ResourceContentionFault,
  ResourceInUseFault,
  ScalingActivityInProgressFault,
} from '@aws-sdk/client-auto-scaling';
import { read, type SimulatedService, write } from '../context.js';
import type { ModeledExceptionClass } from '../exceptions.js';
import { describeAutoScalingGroups, describeAutoScalingInstances, updateAutoScalingGroup } from './groups.js';
import { detachInstances, enterStandby, exitStandby } from './standby.js';

export const AUTO_SCALING_SERVICE: SimulatedService = {
  clientName: 'AutoScalingClient',
  eventSource: 'autoscaling.amazonaws.com',
  actionPrefix: 'autoscaling',
  dryRun: false,
  exceptions: {
    base: AutoScalingServiceException,
    // Wire codes of the errors Auto Scaling models; ValidationError and throttling are not modelled.
    modeled: {
      AlreadyExists: AlreadyExistsFault as ModeledExceptionClass,
      InvalidNextToken: InvalidNextToken as ModeledExceptionClass,
      LimitExceeded: LimitExceededFault as ModeledExceptionClass,
      ResourceContention: ResourceContentionFault as ModeledExceptionClass,
      ResourceInUse: ResourceInUseFault as ModeledExceptionClass,
      ScalingActivityInProgress: ScalingActivityInProgressFault as ModeledExceptionClass,
    },
  },
  operations: {
    DescribeAutoScalingGroups: read(describeAutoScalingGroups),
    DescribeAutoScalingInstances: read(describeAutoScalingInstances),
    UpdateAutoScalingGroup: write(updateAutoScalingGroup),
    EnterStandby: write(enterStandby),
    ExitStandby: write(exitStandby),
    DetachInstances: write(detachInstances),
  },
};
