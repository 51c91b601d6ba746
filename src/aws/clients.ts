import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { FirebreakError } from '../errors.js';
import { assumedRoleCredentials } from './credentials.js';
import { type AwsTarget, checkAccount, checkTarget } from './target.js';

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

export type AwsClient =
  | EC2Client
  | AutoScalingClient
  | IAMClient
  | STSClient
  | CloudTrailClient
  | CloudWatchClient;
export type AwsService = 'ec2' | 'autoScaling' | 'iam' | 'sts' | 'cloudTrail' | 'cloudWatch';
export type AwsCredentialsOption = NonNullable<EC2ClientConfig['credentials']>;

export interface AwsClientFactoryOptions {
  /** Per HTTP request, so a hung AWS endpoint cannot hold a Slack interaction past its deadline. */
  timeoutMs?: number;
  connectTimeoutMs?: number;
  /** Standard retry mode: backs off on throttling and transient errors, within this many attempts. */
  maxAttempts?: number;
  /** e.g. `arn:aws:iam::{account}:role/firebreak-responder`; unset means the default credential chain everywhere. */
  roleArnTemplate?: string;
  /** Overrides the chain and role assumption; drill mode passes static fake credentials. */
  credentials?: AwsCredentialsOption;
  /**
   * Only from explicit configuration (a drill emulator). When unset, no endpoint is set in code, so the SDK's
   * own AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> variables keep working.
   */
  endpoint?: string;
  /** Called once on every client created here (not on the SDK's internal AssumeRole client); drill mode attaches its simulated account. */
  decorate?: (client: AwsClient, about: { service: AwsService; account?: string; region: string }) => void;
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

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const SAMPLE_ACCOUNT = '123456789012';
/** Where CloudTrail records IAM, STS and console sign-in events. */
const GLOBAL_REGION = 'us-east-1';

export function createAwsClientFactory(options: AwsClientFactoryOptions = {}): AwsClientFactory {
  const {
    timeoutMs = 5000,
    connectTimeoutMs = 2000,
    maxAttempts = 3,
    roleArnTemplate,
    endpoint,
    decorate,
  } = options;
  if (roleArnTemplate !== undefined) checkRoleArnTemplate(roleArnTemplate);
  const cache = new Map<string, AwsClients>();

  // Each client owns its handler: destroying one client must not close another's sockets.
  const transport = (region: string) => ({
    region,
    maxAttempts,
    retryMode: 'standard',
    requestHandler: new NodeHttpHandler({
      connectionTimeout: connectTimeoutMs,
      requestTimeout: timeoutMs,
      // Without this, requestTimeout only logs a warning and the call waits for ever.
      throwOnRequestTimeout: true,
    }),
    ...(endpoint === undefined ? {} : { endpoint }),
  });

  function roleArnFor(account: string): string | undefined {
    checkAccount(account);
    return roleArnTemplate?.replaceAll('{account}', account);
  }

  function credentialsFor(account: string | undefined, region: string): AwsCredentialsOption | undefined {
    if (options.credentials !== undefined) return options.credentials;
    const roleArn = account === undefined ? undefined : roleArnFor(account);
    // Undefined leaves the SDK's default chain (environment, profile, container or instance role) in charge.
    if (roleArn === undefined || account === undefined) return undefined;
    return assumedRoleCredentials(roleArn, account, transport(region));
  }

  function create(target: AwsTarget): AwsClients {
    const { account, region } = target;
    const credentials = credentialsFor(account, region);
    const config = (at = region) => ({
      ...transport(at),
      ...(credentials === undefined ? {} : { credentials }),
    });
    const cloudTrail = new CloudTrailClient(config());
    const cloudTrailUsEast1 =
      region === GLOBAL_REGION ? cloudTrail : new CloudTrailClient(config(GLOBAL_REGION));
    const clients: AwsClients = {
      ec2: new EC2Client(config()),
      autoScaling: new AutoScalingClient(config()),
      iam: new IAMClient(config()),
      sts: new STSClient(config()),
      cloudTrail,
      cloudTrailUsEast1,
      cloudWatch: new CloudWatchClient(config()),
      account,
      region,
    };
    if (decorate) {
      for (const service of ['ec2', 'autoScaling', 'iam', 'sts', 'cloudTrail', 'cloudWatch'] as const) {
        decorate(clients[service], { service, account, region });
      }
      if (cloudTrailUsEast1 !== cloudTrail) {
        decorate(cloudTrailUsEast1, { service: 'cloudTrail', account, region: GLOBAL_REGION });
      }
    }
    return clients;
  }

  function forTarget(target: AwsTarget): AwsClients {
    const { account, region } = checkTarget(target);
    const key = `${account ?? 'base'}/${region}`;
    let clients = cache.get(key);
    if (clients === undefined) {
      clients = create({ account, region });
      cache.set(key, clients);
    }
    return clients;
  }

  return {
    forTarget,
    roleArnFor,
    baseIdentityClient: (region) => forTarget({ region }).sts,
    destroy() {
      for (const clients of cache.values()) {
        for (const client of new Set<AwsClient>([
          clients.ec2,
          clients.autoScaling,
          clients.iam,
          clients.sts,
          clients.cloudTrail,
          clients.cloudTrailUsEast1,
          clients.cloudWatch,
        ])) {
          client.destroy();
        }
      }
      cache.clear();
    },
  };
}

function checkRoleArnTemplate(template: string): void {
  if (!template.includes('{account}') || !ROLE_ARN.test(template.replaceAll('{account}', SAMPLE_ACCOUNT))) {
    throw new FirebreakError(
      'AWS_BAD_CONFIG',
      'The responder role template must be an IAM role ARN containing {account}, such as arn:aws:iam::{account}:role/firebreak-responder.',
    );
  }
}
