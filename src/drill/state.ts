import { type AutoScalingState, emptyAutoScalingState } from './auto-scaling/model.js';
import type { CloudTrailState } from './cloudtrail/model.js';
import { type Ec2State, emptyEc2State } from './ec2/model.js';
import { emptyIamState, type IamState } from './iam/model.js';
import { emptyStsState, type StsState } from './sts/model.js';

/** Regional services; a region appears the first time anything touches it. */
export interface RegionState {
  ec2: Ec2State;
  autoScaling: AutoScalingState;
}

/**
 * Everything the simulated account holds, as plain JSON so it can be written to a file and read back by
 * another process. A new service adds a field here (global) or in RegionState (regional).
 */
export interface ResourceState {
  accountId: string;
  /** What sts:GetCallerIdentity answers, and the principal the call log names. */
  callerArn: string;
  /** Feeds id generation; persisted so a restarted process never hands out an id twice. */
  sequence: number;
  regions: Record<string, RegionState>;
  iam: IamState;
  sts: StsState;
  /** CloudTrail's event history; absent in accounts saved before it existed. */
  cloudTrail?: CloudTrailState;
}

export function emptyResourceState(accountId: string, callerArn: string): ResourceState {
  return { accountId, callerArn, sequence: 0, regions: {}, iam: emptyIamState(), sts: emptyStsState() };
}

export function regionState(state: ResourceState, region: string): RegionState {
  let found = state.regions[region];
  if (!found) {
    found = { ec2: emptyEc2State(), autoScaling: emptyAutoScalingState() };
    state.regions[region] = found;
  }
  return found;
}
