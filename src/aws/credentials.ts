import type { STSClientConfig } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { AwsCallError, awsErrorCode, requestIdOf, toFirebreakError } from './errors.js';

/** AssumeRole sessions last the shortest time STS allows; a leaked session dies within a quarter of an hour. */
export const ROLE_SESSION_SECONDS = 900;
// The SDK's own refresh window: clients refresh five minutes before expiry, so this layer does too.
const REFRESH_BEFORE_MS = 5 * 60_000;

type Expiring = { accessKeyId: string; expiration?: Date };

/**
 * One credential fetch shared by every caller until it nears expiry. The SDK memoizes per client; without this,
 * the four clients of one account would each call AssumeRole. A failure is not cached, so the next call retries.
 */
export function shareCredentials<P, C extends Expiring>(
  provider: (properties?: P) => Promise<C>,
  now: () => number = Date.now,
): (properties?: P) => Promise<C> {
  let pending: Promise<C> | undefined;
  let settled: C | undefined;
  const fresh = (credentials: C) =>
    credentials.expiration === undefined || credentials.expiration.getTime() - now() > REFRESH_BEFORE_MS;

  return (properties) => {
    if (pending && (settled === undefined || fresh(settled))) return pending;
    settled = undefined;
    const attempt: Promise<C> = provider(properties).then(
      (credentials) => {
        if (pending === attempt) settled = credentials;
        return credentials;
      },
      (error: unknown) => {
        if (pending === attempt) pending = undefined;
        throw error;
      },
    );
    pending = attempt;
    return attempt;
  };
}

/** Credentials for `roleArn`, assumed from Firebreak's base identity, shared by all clients of one target. */
export function assumedRoleCredentials(roleArn: string, account: string, stsConfig: STSClientConfig) {
  const provider = fromTemporaryCredentials({
    params: {
      RoleArn: roleArn,
      RoleSessionName: `firebreak-${account}`,
      DurationSeconds: ROLE_SESSION_SECONDS,
    },
    clientConfig: stsConfig,
  });
  return shareCredentials(async (properties?: Parameters<typeof provider>[0]) => {
    try {
      return await provider(properties);
    } catch (error) {
      throw assumeRoleFailure(error, roleArn);
    }
  });
}

// A denied AssumeRole is fixed in the target account's trust policy, not by adding a permission to the action
// that happened to need the credentials, so it gets its own message.
function assumeRoleFailure(error: unknown, roleArn: string): AwsCallError {
  const translated = toFirebreakError(error, `sts:AssumeRole of ${roleArn}`);
  if (translated.code !== 'AWS_ACCESS_DENIED') return translated;
  return new AwsCallError(
    'AWS_ACCESS_DENIED',
    `Firebreak cannot assume ${roleArn} (${translated.awsCode ?? 'AccessDenied'}): the role must exist, its trust policy must allow Firebreak's own identity to call sts:AssumeRole, and that identity needs sts:AssumeRole on it; see docs/iam-policy.json.`,
    { cause: error, awsCode: awsErrorCode(error), requestId: requestIdOf(error) },
  );
}
