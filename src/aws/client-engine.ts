import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { EC2Client, EC2ClientConfig } from '@aws-sdk/client-ec2';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { FirebreakError } from '../errors.js';
import { assumedRoleCredentials } from './credentials.js';
import { type AwsTarget, checkAccount, checkTarget } from './target.js';

/**
 * What every AWS client Firebreak makes shares: region, timeouts, retries, credentials (one assumed role per
 * account) and the drill decoration; and the cache that makes one client per service, account and region. It
 * imports no SDK client package (type imports only): `clients.ts` builds the containment set on it, and
 * `read-clients.ts` the CloudTrail and CloudWatch clients an alarm or a search needs, so a process that never
 * contains anything never loads the EC2 package (about 100 MB).
 */

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

/** The configuration an SDK client constructor takes; the same shape for every service. */
export type AwsClientConfig = Record<string, unknown>;

export interface AwsClientEngine {
  /** The `service` client for the target, made with `make` the first time and reused after. */
  client<C extends AwsClient>(
    service: AwsService,
    target: AwsTarget,
    make: (config: AwsClientConfig) => C,
  ): C;
  /** The role Firebreak assumes in `account`, or undefined when it uses its base identity. */
  roleArnFor(account: string): string | undefined;
  /** Closes every client's sockets, for shutdown. */
  destroy(): void;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const SAMPLE_ACCOUNT = '123456789012';

export function createAwsClientEngine(options: AwsClientFactoryOptions = {}): AwsClientEngine {
  const {
    timeoutMs = 5000,
    connectTimeoutMs = 2000,
    maxAttempts = 3,
    roleArnTemplate,
    endpoint,
    decorate,
  } = options;
  if (roleArnTemplate !== undefined) checkRoleArnTemplate(roleArnTemplate);
  const clients = new Map<string, AwsClient>();
  // One credential provider per account, shared by all of that account's clients in every region (one AssumeRole).
  const credentials = new Map<string, AwsCredentialsOption | undefined>();

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
    if (!credentials.has(account))
      credentials.set(account, assumedRoleCredentials(roleArn, account, transport(region)));
    return credentials.get(account);
  }

  return {
    client(service, target, make) {
      const { account, region } = checkTarget(target);
      const key = `${service}/${account ?? 'base'}/${region}`;
      const cached = clients.get(key);
      if (cached) return cached as ReturnType<typeof make>;
      const provider = credentialsFor(account, region);
      const client = make({
        ...transport(region),
        ...(provider === undefined ? {} : { credentials: provider }),
      });
      decorate?.(client, { service, account, region });
      clients.set(key, client);
      return client;
    },
    roleArnFor,
    destroy() {
      for (const client of clients.values()) client.destroy();
      clients.clear();
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
