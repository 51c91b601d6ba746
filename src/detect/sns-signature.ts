import { type KeyObject, verify, X509Certificate } from 'node:crypto';
import type {
  SnsMessage,
  SnsNotification,
  SnsSubscriptionConfirmation,
  SnsUnsubscribeConfirmation,
} from './sns-message.js';

/** The fields a signature covers; signed and unsigned envelopes both fit, so the test signer shares this. */
export type SignedContent =
  | Pick<SnsNotification, 'Type' | 'Message' | 'MessageId' | 'Subject' | 'Timestamp' | 'TopicArn'>
  | Pick<
      SnsSubscriptionConfirmation | SnsUnsubscribeConfirmation,
      'Type' | 'Message' | 'MessageId' | 'SubscribeURL' | 'Timestamp' | 'Token' | 'TopicArn'
    >;

/** Version 1 is RSA with SHA-1, version 2 RSA with SHA-256. Anything else is unverifiable. */
const DIGEST_BY_VERSION: Readonly<Record<string, string>> = { '1': 'sha1', '2': 'sha256' };

/**
 * The string SNS signs: "Key\nValue\n" for each field in AWS's documented order.
 * Subject is part of it only when the notification has one.
 */
export function canonicalString(message: SignedContent): string {
  const pairs: [string, string][] =
    message.Type === 'Notification'
      ? [
          ['Message', message.Message],
          ['MessageId', message.MessageId],
          ...(typeof message.Subject === 'string' ? [['Subject', message.Subject] as [string, string]] : []),
          ['Timestamp', message.Timestamp],
          ['TopicArn', message.TopicArn],
          ['Type', message.Type],
        ]
      : [
          ['Message', message.Message],
          ['MessageId', message.MessageId],
          ['SubscribeURL', message.SubscribeURL],
          ['Timestamp', message.Timestamp],
          ['Token', message.Token],
          ['TopicArn', message.TopicArn],
          ['Type', message.Type],
        ];
  return pairs.map(([key, value]) => `${key}\n${value}\n`).join('');
}

/** True only for a valid RSA signature by the certificate's key, using the digest the message's version names. */
/**
 * Parsing a certificate costs more than verifying a signature with it, and SNS signs with a handful of
 * certificates, so their public keys are kept (bounded; PEMs only come from the checked certificate source).
 */
const KEY_CACHE_SIZE = 32;
const publicKeys = new Map<string, KeyObject>();

function publicKeyOf(certPem: string): KeyObject {
  let key = publicKeys.get(certPem);
  if (!key) {
    key = new X509Certificate(certPem).publicKey;
    if (publicKeys.size >= KEY_CACHE_SIZE) publicKeys.delete(publicKeys.keys().next().value as string);
    publicKeys.set(certPem, key);
  }
  return key;
}

export function verifySignature(message: SnsMessage, certPem: string): boolean {
  if (!Object.hasOwn(DIGEST_BY_VERSION, message.SignatureVersion)) return false;
  const digest = DIGEST_BY_VERSION[message.SignatureVersion]!;
  try {
    const key = publicKeyOf(certPem);
    if (key.asymmetricKeyType !== 'rsa') return false;
    return verify(
      digest,
      Buffer.from(canonicalString(message), 'utf8'),
      key,
      Buffer.from(message.Signature, 'base64'),
    );
  } catch {
    // An unparsable certificate or key is a failed verification, not a crash on the intake path.
    return false;
  }
}
