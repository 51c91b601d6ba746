/** What the group launches when it replaces or adds an instance. */
export interface LaunchSpecRecord {
  launchTemplateId: string;
  launchTemplateName: string;
  version: string;
  imageId: string;
  instanceType: string;
  securityGroupIds: string[];
  iamInstanceProfileArn?: string;
}

export type LifecycleState = 'Pending' | 'InService' | 'Standby' | 'Terminating' | 'Detaching';

export interface GroupInstanceRecord {
  instanceId: string;
  lifecycleState: LifecycleState;
  healthStatus: 'Healthy' | 'Unhealthy';
  protectedFromScaleIn: boolean;
  availabilityZone: string;
  instanceType: string;
}

export interface AutoScalingGroupRecord {
  name: string;
  arn: string;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  defaultCooldown: number;
  healthCheckType: 'EC2' | 'ELB';
  healthCheckGracePeriod: number;
  createdTime: string;
  subnetIds: string[];
  availabilityZones: string[];
  launch: LaunchSpecRecord;
  newInstancesProtectedFromScaleIn: boolean;
  instances: GroupInstanceRecord[];
  tags: { key: string; value: string; propagateAtLaunch: boolean }[];
}

export interface AutoScalingState {
  groups: Record<string, AutoScalingGroupRecord>;
}

export function emptyAutoScalingState(): AutoScalingState {
  return { groups: {} };
}
