import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import {
  type AwsClientEngine,
  type AwsClientFactoryOptions,
  createAwsClientEngine,
} from './client-engine.js';
import { type AwsTarget, checkTarget } from './target.js';

export type {
  AwsClient,
  AwsClientFactoryOptions,
  AwsCredentialsOption,
  AwsService,
} from './client-engine.js';
export type { AwsTarget } from './target.js';

export interface AwsClients {
  ec2: EC2Client;
  autoScaling: AutoScalingClient;
  iam: IAMClient;
  sts: STSClient;
  /** CloudTrail in the target region. */
  cloudTrail: CloudTrailClient;
  /** CloudTrail in us-east-1, where IAM, STS and console sign-in events are recorded (the same client when the region is us-east-1). */
  cloudTrailUsEast1: CloudTrailClient;
  /** CloudWatch in the target region, for the alarm's graph. */
  cloudWatch: CloudWatchClient;
  account?: string;
  region: string;
}

export interface AwsClientFactory {
  /** The clients for one account and region, created once and reused so credentials and sockets are shared. */
  forTarget(target: AwsTarget): AwsClients;
  /** The role Firebreak assumes in `account`, or undefined when it uses its base identity. */
  roleArnFor(account: string): string | undefined;
  /** STS as Firebreak's own base identity (no role assumed): used to learn who the bot is. */
  baseIdentityClient(region: string): STSClient;
  /** Closes every client's sockets, for shutdown. */
  destroy(): void;
}

/** Where CloudTrail records IAM, STS and console sign-in events. */
const GLOBAL_REGION = 'us-east-1';

export function createAwsClientFactory(options: AwsClientFactoryOptions = {}): AwsClientFactory {
  return awsClientsOn(createAwsClientEngine(options));
}

/** The containment set of clients, on an engine another client set (read-clients.ts) may share. */
export function awsClientsOn(engine: AwsClientEngine): AwsClientFactory {
  const sets = new Map<string, AwsClients>();

  function forTarget(target: AwsTarget): AwsClients {
    const { account, region } = checkTarget(target);
    const key = `${account ?? 'base'}/${region}`;
    const known = sets.get(key);
    if (known) return known;
    const global = { account, region: GLOBAL_REGION };
    const clients: AwsClients = {
      ec2: engine.client('ec2', target, (config) => new EC2Client(config)),
      autoScaling: engine.client('autoScaling', target, (config) => new AutoScalingClient(config)),
      iam: engine.client('iam', target, (config) => new IAMClient(config)),
      sts: engine.client('sts', target, (config) => new STSClient(config)),
      cloudTrail: engine.client('cloudTrail', target, (config) => new CloudTrailClient(config)),
      cloudWatch: engine.client('cloudWatch', target, (config) => new CloudWatchClient(config)),
      cloudTrailUsEast1: engine.client('cloudTrail', global, (config) => new CloudTrailClient(config)),
      account,
      region,
    };
    sets.set(key, clients);
    return clients;
  }
  return {
    forTarget,
    roleArnFor: (account) => engine.roleArnFor(account),
    baseIdentityClient: (region) => forTarget({ region }).sts,
    destroy() {
      sets.clear();
      engine.destroy();
    },
  };
}
