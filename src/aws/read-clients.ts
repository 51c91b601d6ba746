import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { AwsClientEngine } from './client-engine.js';
import type { AwsTarget } from './target.js';

/**
 * The clients that only read: CloudTrail for searches and CloudWatch for the alarm's graph. They come from the same
 * engine (same credentials, cache and drill decoration) as the containment clients, without loading the EC2, IAM
 * and Auto Scaling packages, so receiving alarms and searching stay small.
 */
export interface ReadClients {
  cloudTrail(target: AwsTarget): CloudTrailClient;
  cloudWatch(target: AwsTarget): CloudWatchClient;
}

export function readClientsOn(engine: AwsClientEngine): ReadClients {
  return {
    cloudTrail: (target) => engine.client('cloudTrail', target, (config) => new CloudTrailClient(config)),
    cloudWatch: (target) => engine.client('cloudWatch', target, (config) => new CloudWatchClient(config)),
  };
}
