import type {
  AutoScalingGroup,
  AutoScalingGroupNamesType,
  AutoScalingGroupsType,
  AutoScalingInstancesType,
  DescribeAutoScalingInstancesType,
  UpdateAutoScalingGroupType,
} from '@aws-sdk/client-auto-scaling';
import type { HandlerContext } from '../context.js';
import { DrillUnsupportedError, validationError } from '../errors.js';
import { applyFilters, type FilterFields } from '../filters.js';
import { paginate } from '../pagination.js';
import { reconcileCapacity } from './capacity.js';
import { autoScalingOf, getGroup } from './lookup.js';
import type { AutoScalingGroupRecord } from './model.js';

const FIELDS: FilterFields<AutoScalingGroupRecord> = {};

function launchTemplate(group: AutoScalingGroupRecord) {
  return {
    LaunchTemplateId: group.launch.launchTemplateId,
    LaunchTemplateName: group.launch.launchTemplateName,
    Version: group.launch.version,
  };
}

function view(group: AutoScalingGroupRecord): AutoScalingGroup {
  return {
    AutoScalingGroupName: group.name,
    AutoScalingGroupARN: group.arn,
    LaunchTemplate: launchTemplate(group),
    MinSize: group.minSize,
    MaxSize: group.maxSize,
    DesiredCapacity: group.desiredCapacity,
    DefaultCooldown: group.defaultCooldown,
    AvailabilityZones: group.availabilityZones,
    LoadBalancerNames: [],
    TargetGroupARNs: [],
    HealthCheckType: group.healthCheckType,
    HealthCheckGracePeriod: group.healthCheckGracePeriod,
    Instances: group.instances.map((member) => ({
      InstanceId: member.instanceId,
      InstanceType: member.instanceType,
      AvailabilityZone: member.availabilityZone,
      LifecycleState: member.lifecycleState,
      HealthStatus: member.healthStatus,
      LaunchTemplate: launchTemplate(group),
      ProtectedFromScaleIn: member.protectedFromScaleIn,
    })),
    CreatedTime: new Date(group.createdTime),
    SuspendedProcesses: [],
    VPCZoneIdentifier: group.subnetIds.join(','),
    EnabledMetrics: [],
    Tags: group.tags.map((tag) => ({
      ResourceId: group.name,
      ResourceType: 'auto-scaling-group',
      Key: tag.key,
      Value: tag.value,
      PropagateAtLaunch: tag.propagateAtLaunch,
    })),
    TerminationPolicies: ['Default'],
    NewInstancesProtectedFromScaleIn: group.newInstancesProtectedFromScaleIn,
    ServiceLinkedRoleARN: group.arn.replace(
      /^arn:aws:autoscaling:[^:]+:(\d+):.*$/,
      'arn:aws:iam::$1:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling',
    ),
    CapacityRebalance: false,
  };
}

function tagsOf(group: AutoScalingGroupRecord): Record<string, string> {
  return Object.fromEntries(group.tags.map((tag) => [tag.key, tag.value]));
}

/** Unknown names are left out of the answer rather than refused, as in AWS. */
export function describeAutoScalingGroups(
  ctx: HandlerContext,
  input: AutoScalingGroupNamesType,
): AutoScalingGroupsType {
  const groups = Object.values(autoScalingOf(ctx).groups);
  const named = input.AutoScalingGroupNames?.length
    ? groups.filter((group) => input.AutoScalingGroupNames?.includes(group.name))
    : groups;
  const filtered = applyFilters(named, input.Filters, FIELDS, tagsOf);
  const page = paginate(filtered, input.MaxRecords, input.NextToken, 'InvalidNextToken');
  return { AutoScalingGroups: page.items.map(view), NextToken: page.nextToken };
}

/** Instances in no group are left out. HealthStatus is upper-case in this API, unlike in the group's list. */
export function describeAutoScalingInstances(
  ctx: HandlerContext,
  input: DescribeAutoScalingInstancesType,
): AutoScalingInstancesType {
  const rows = Object.values(autoScalingOf(ctx).groups).flatMap((group) =>
    group.instances.map((member) => ({
      InstanceId: member.instanceId,
      InstanceType: member.instanceType,
      AutoScalingGroupName: group.name,
      AvailabilityZone: member.availabilityZone,
      LifecycleState: member.lifecycleState,
      HealthStatus: member.healthStatus.toUpperCase(),
      LaunchTemplate: launchTemplate(group),
      ProtectedFromScaleIn: member.protectedFromScaleIn,
    })),
  );
  const wanted = input.InstanceIds?.length ? new Set(input.InstanceIds) : undefined;
  const selected = wanted ? rows.filter((row) => wanted.has(row.InstanceId)) : rows;
  const page = paginate(selected, input.MaxRecords, input.NextToken, 'InvalidNextToken');
  return { AutoScalingInstances: page.items, NextToken: page.nextToken };
}

export function updateAutoScalingGroup(
  ctx: HandlerContext,
  input: UpdateAutoScalingGroupType,
): Record<string, never> {
  const group = getGroup(ctx, input.AutoScalingGroupName);
  const supported = new Set([
    'AutoScalingGroupName',
    'MinSize',
    'MaxSize',
    'DesiredCapacity',
    'NewInstancesProtectedFromScaleIn',
  ]);
  for (const [key, value] of Object.entries(input)) {
    if (value !== undefined && !supported.has(key)) {
      throw new DrillUnsupportedError(`UpdateAutoScalingGroup ${key} is not simulated`);
    }
  }
  const minSize = input.MinSize ?? group.minSize;
  const maxSize = input.MaxSize ?? group.maxSize;
  if (minSize > maxSize) {
    throw validationError(
      `The minimum size of the group (${minSize}) cannot be greater than the maximum size (${maxSize}).`,
    );
  }
  // Without an explicit desired capacity AWS clamps the current one into the new bounds.
  const desired = input.DesiredCapacity ?? Math.min(Math.max(group.desiredCapacity, minSize), maxSize);
  if (desired < minSize || desired > maxSize) {
    throw validationError(
      `Desired capacity:${desired} must be between the specified min size:${minSize} and max size:${maxSize}`,
    );
  }
  group.minSize = minSize;
  group.maxSize = maxSize;
  group.desiredCapacity = desired;
  if (input.NewInstancesProtectedFromScaleIn !== undefined) {
    group.newInstancesProtectedFromScaleIn = input.NewInstancesProtectedFromScaleIn;
  }
  reconcileCapacity(ctx, group);
  return {};
}
