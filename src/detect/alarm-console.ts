import type { ResourceRef } from '../incident/incident.js';

/**
 * AWS console deep links. Every value that came from an alarm is URL-encoded, so a hostile dimension value can
 * neither break the URL nor the `<url|label>` token it ends up in. The region is validated separately (it must look
 * like a region name) because it becomes part of the host name.
 */

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export const isRegionName = (value: string): boolean => REGION.test(value);

/** The console host differs per partition; anything else (iso partitions) has no public console. */
function consoleBase(region: string, partition: string): string | undefined {
  if (!isRegionName(region)) return undefined;
  switch (partition) {
    case 'aws':
      return `https://${region}.console.aws.amazon.com`;
    case 'aws-cn':
      return 'https://console.amazonaws.cn';
    case 'aws-us-gov':
      return 'https://console.amazonaws-us-gov.com';
    default:
      return undefined;
  }
}

const enc = encodeURIComponent;

export function alarmConsoleUrl(region: string, alarmName: string, partition = 'aws'): string | undefined {
  const base = consoleBase(region, partition);
  if (base === undefined) return undefined;
  return `${base}/cloudwatch/home?region=${region}#alarmsV2:alarm/${enc(alarmName)}`;
}

/** ELB dimensions are "app/<name>/<id>" or "targetgroup/<name>/<id>"; the console searches by name. */
const elbName = (value: string): string => value.split('/')[1] ?? value;

type Link = (id: string, region: string) => string;

/** Console page per resource kind (the CloudWatch dimension name, or the type name alarm-resources gives). */
const LINKS: Record<string, { service: string; path: Link }> = {
  InstanceId: { service: 'ec2', path: (id, r) => `home?region=${r}#InstanceDetails:instanceId=${enc(id)}` },
  AutoScalingGroupName: {
    service: 'ec2',
    path: (id, r) => `home?region=${r}#AutoScalingGroupDetails:id=${enc(id)};view=details`,
  },
  VolumeId: { service: 'ec2', path: (id, r) => `home?region=${r}#VolumeDetails:volumeId=${enc(id)}` },
  LoadBalancer: {
    service: 'ec2',
    path: (id, r) => `home?region=${r}#LoadBalancers:search=${enc(elbName(id))}`,
  },
  TargetGroup: {
    service: 'ec2',
    path: (id, r) => `home?region=${r}#TargetGroups:search=${enc(elbName(id))}`,
  },
  NatGatewayId: {
    service: 'vpcconsole',
    path: (id, r) => `home?region=${r}#NatGatewayDetails:natGatewayId=${enc(id)}`,
  },
  DBInstanceIdentifier: {
    service: 'rds',
    path: (id, r) => `home?region=${r}#database:id=${enc(id)};is-cluster=false`,
  },
  DBClusterIdentifier: {
    service: 'rds',
    path: (id, r) => `home?region=${r}#database:id=${enc(id)};is-cluster=true`,
  },
  FunctionName: { service: 'lambda', path: (id, r) => `home?region=${r}#/functions/${enc(id)}` },
  BucketName: { service: 's3', path: (id, r) => `buckets/${enc(id)}?region=${r}` },
  TableName: { service: 'dynamodbv2', path: (id, r) => `home?region=${r}#table?name=${enc(id)}` },
  StreamName: {
    service: 'kinesis',
    path: (id, r) => `home?region=${r}#/streams/details/${enc(id)}/monitoring`,
  },
  ECSCluster: { service: 'ecs', path: (id, r) => `v2/clusters/${enc(id)}?region=${r}` },
  ECSService: {
    service: 'ecs',
    path: (id, r) => {
      const [cluster = '', service = ''] = id.split('/');
      return `v2/clusters/${enc(cluster)}/services/${enc(service)}?region=${r}`;
    },
  },
};

/** A console link for the resource, or undefined when the kind has no page we can address by id alone. */
export function resourceConsoleUrl(region: string, ref: ResourceRef, partition = 'aws'): string | undefined {
  if (ref.kind === 'AlarmName') return alarmConsoleUrl(region, ref.id, partition);
  const link = Object.hasOwn(LINKS, ref.kind) ? LINKS[ref.kind] : undefined;
  const base = consoleBase(region, partition);
  if (link === undefined || base === undefined) return undefined;
  return `${base}/${link.service}/${link.path(ref.id, region)}`;
}
