import { execFile } from 'node:child_process';
import { createPrivateKey, sign as cryptoSign, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { regionOfTopicArn, snsHostForRegion } from '../detect/sns-cert-url.js';
import type { SnsMessage, SnsNotification, SnsSubscriptionConfirmation } from '../detect/sns-message.js';
import { canonicalString } from '../detect/sns-signature.js';

/**
 * Signs SNS messages the way AWS does, with a throwaway key: for drill mode (the page's sample alarms), tests,
 * end-to-end runs and benchmarks.
 *
 *   const signer = await createSnsSigner();          // point SNS_SIGNING_CERTS_DIR at signer.certsDir
 *   const body = JSON.stringify(signer.sign(notificationFor(topicArn, 'hello'), '2'));
 *   signer.cleanup();
 *
 * The certificate is self-signed; it is trusted only because it is pinned in `certsDir`.
 */
export interface SnsSigner {
  /** Holds the certificate as `SimpleNotificationService-<hex>.pem`; use as SNS_SIGNING_CERTS_DIR. */
  certsDir: string;
  /** The SigningCertURL naming that certificate on the SNS host of `region`. */
  certUrl(region: string): string;
  /** Adds SignatureVersion, SigningCertURL (for `region`, default the topic's) and a valid Signature. */
  sign<M extends UnsignedSnsMessage>(message: M, version: '1' | '2', region?: string): M & SignatureFields;
  /** Removes the temporary directory. */
  cleanup(): void;
}

type Unsigned<T> = T extends unknown ? Omit<T, 'Signature' | 'SignatureVersion' | 'SigningCertURL'> : never;
export type UnsignedSnsMessage = Unsigned<SnsMessage>;
type SignatureFields = Pick<SnsMessage, 'Signature' | 'SignatureVersion' | 'SigningCertURL'>;

const run = promisify(execFile);

export async function createSnsSigner(): Promise<SnsSigner> {
  const root = mkdtempSync(join(tmpdir(), 'firebreak-sns-'));
  const certsDir = join(root, 'certs');
  mkdirSync(certsDir);
  const certName = `SimpleNotificationService-${randomBytes(16).toString('hex')}.pem`;
  const keyPath = join(root, 'key.pem');
  // biome-ignore format: one option per line reads as the openssl command it is
  await run('/usr/bin/openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes',
    '-keyout', keyPath,
    '-out', join(certsDir, certName),
    '-days', '2',
    '-subj', '/CN=sns.amazonaws.com',
  ]);
  const key = createPrivateKey(readFileSync(keyPath));
  const certUrl = (region: string) => `https://${snsHostForRegion(region)}/${certName}`;

  return {
    certsDir,
    certUrl,
    sign(message, version, region) {
      const signingRegion = region ?? regionOfTopicArn(message.TopicArn);
      if (signingRegion === undefined) throw new Error(`no region for topic ${message.TopicArn}`);
      const digest = version === '1' ? 'sha1' : 'sha256';
      const signature = cryptoSign(digest, Buffer.from(canonicalString(message), 'utf8'), key).toString(
        'base64',
      );
      return {
        ...message,
        SignatureVersion: version,
        SigningCertURL: certUrl(signingRegion),
        Signature: signature,
      };
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function hostOfTopic(topicArn: string): string {
  const region = regionOfTopicArn(topicArn);
  if (region === undefined) throw new Error(`not a topic ARN: ${topicArn}`);
  return snsHostForRegion(region);
}

/** An unsigned Notification with a fresh MessageId; `timestamp` defaults to now. */
export function notificationFor(
  topicArn: string,
  message: string,
  opts: { subject?: string; timestamp?: Date } = {},
): Unsigned<SnsNotification> {
  return {
    Type: 'Notification',
    MessageId: randomUUID(),
    TopicArn: topicArn,
    ...(opts.subject === undefined ? {} : { Subject: opts.subject }),
    Message: message,
    Timestamp: (opts.timestamp ?? new Date()).toISOString(),
    UnsubscribeURL: `https://${hostOfTopic(topicArn)}/?Action=Unsubscribe&SubscriptionArn=${topicArn}:${randomUUID()}`,
  };
}

/** An unsigned SubscriptionConfirmation whose SubscribeURL is the one SNS would send for the topic. */
export function subscriptionConfirmationFor(
  topicArn: string,
  opts: { token?: string; timestamp?: Date } = {},
): Unsigned<SnsSubscriptionConfirmation> {
  const token = opts.token ?? randomBytes(64).toString('hex');
  return {
    Type: 'SubscriptionConfirmation',
    MessageId: randomUUID(),
    Token: token,
    TopicArn: topicArn,
    Message: `You have chosen to subscribe to the topic ${topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
    SubscribeURL: `https://${hostOfTopic(topicArn)}/?Action=ConfirmSubscription&TopicArn=${topicArn}&Token=${token}`,
    Timestamp: (opts.timestamp ?? new Date()).toISOString(),
  };
}
