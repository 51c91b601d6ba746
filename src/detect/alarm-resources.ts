import type { ResourceRef } from '../incident/incident.js';
import type { Dimension, ParsedAlarm } from './alarm.js';

/**
 * The resources an alarm names, which containment and investigation start from. `kind` is the CloudWatch dimension
 * name (InstanceId, AutoScalingGroupName, …) so it stays recognisable; the one exception is ECS, whose ClusterName
 * and ServiceName only identify a service together.
 */

/** Dimensions known to name a resource, in the order responders act on them (an instance before its load balancer). */
const KNOWN_RESOURCE_DIMENSIONS = [
  'InstanceId',
  'AutoScalingGroupName',
  'ECSService',
  'ECSCluster',
  'FunctionName',
  'DBInstanceIdentifier',
  'DBClusterIdentifier',
  'LoadBalancer',
  'TargetGroup',
  'VolumeId',
  'NatGatewayId',
  'BucketName',
  'TableName',
  'QueueName',
  'TopicName',
  'StreamName',
  'DeliveryStreamName',
  'CacheClusterId',
  'ReplicationGroupId',
  'ClusterName',
  'DomainName',
  'ApiName',
  'ApiId',
  'DistributionId',
  'StateMachineArn',
  'RuleName',
  'VpnId',
  'TransitGateway',
  'AlarmName',
] as const;

const PRIORITY = new Map<string, number>(KNOWN_RESOURCE_DIMENSIONS.map((kind, i) => [kind, i]));

/** Dimensions that qualify a metric rather than name a resource (S3's StorageType, a metric filter's id, …). */
const QUALIFIERS = new Set([
  'StorageType',
  'FilterId',
  'AvailabilityZone',
  'Currency',
  'ClientId',
  'Stage',
  'Method',
  'Resource',
]);

function fromDimensions(namespace: string | undefined, dimensions: Dimension[]): ResourceRef[] {
  const values = new Map(dimensions.map((d) => [d.name, d.value]));
  const cluster = values.get('ClusterName');
  const service = values.get('ServiceName');
  if (namespace === 'AWS/ECS' && cluster) {
    return service
      ? [{ kind: 'ECSService', id: `${cluster}/${service}` }]
      : [{ kind: 'ECSCluster', id: cluster }];
  }
  return dimensions
    .filter((d) => d.value !== '' && !QUALIFIERS.has(d.name))
    .map((d) => ({ kind: d.name, id: d.value }));
}

function collect(alarm: ParsedAlarm): ResourceRef[] {
  switch (alarm.kind) {
    case 'metric':
      return fromDimensions(alarm.trigger.namespace, alarm.trigger.dimensions);
    case 'metric-math':
      return alarm.trigger.metrics.flatMap((q) =>
        q.metricStat ? fromDimensions(q.metricStat.metric.namespace, q.metricStat.metric.dimensions) : [],
      );
    case 'composite':
      return alarm.triggeringChildren.map((child) => ({ kind: 'AlarmName', id: child.name }));
    case 'unknown':
      return [];
  }
}

/** Deduplicated, known resource kinds first (in table order), unknown dimensions after them as they came. */
export function alarmResources(alarm: ParsedAlarm): ResourceRef[] {
  const seen = new Set<string>();
  const unique = collect(alarm).filter((ref) => {
    const key = `${ref.kind}\u0000${ref.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const rank = (ref: ResourceRef): number => PRIORITY.get(ref.kind) ?? PRIORITY.size;
  return unique
    .map((ref, i) => ({ ref, i }))
    .sort((a, b) => rank(a.ref) - rank(b.ref) || a.i - b.i)
    .map(({ ref }) => ref);
}
