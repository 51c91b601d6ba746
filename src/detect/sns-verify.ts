import { FirebreakError } from '../errors.js';
import { checkSigningCertUrl, parseTopicArn } from './sns-cert-url.js';
import type { CertificateSource } from './sns-certs.js';
import type { SnsMessage, SnsParseCode } from './sns-message.js';
import { parseSnsMessage } from './sns-message.js';
import { verifySignature } from './sns-signature.js';

export type SnsRejectCode =
  | SnsParseCode
  | 'SNS_UNKNOWN_TOPIC'
  | 'SNS_BAD_CERT_URL'
  | 'SNS_STALE'
  | 'SNS_CERT_UNAVAILABLE'
  | 'SNS_BAD_SIGNATURE';

/**
 * `retryable` tells the HTTP edge to answer 5xx: SNS treats any 2xx-4xx as delivered,
 * so only a failure that a later attempt could get past may ask for a redelivery.
 */
export type SnsVerdict =
  | { ok: true; message: SnsMessage }
  | { ok: false; code: SnsRejectCode; reason: string; retryable: boolean };

export interface SnsVerifierOptions {
  topicArns: readonly string[];
  maxAgeMs: number;
  certificates: CertificateSource;
  now: () => Date;
}

export interface SnsVerifier {
  verify(rawBody: string): Promise<SnsVerdict>;
}

/** SNS stamps messages with its own clock; allow that much drift ahead of ours and no more. */
export const SNS_MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;

export function createSnsVerifier(options: SnsVerifierOptions): SnsVerifier {
  const topicRegions = new Map<string, string>();
  for (const arn of options.topicArns) {
    const topic = parseTopicArn(arn);
    if (!topic)
      throw new FirebreakError('SNS_BAD_TOPIC_ARN', `Not an SNS topic ARN in a known region: ${arn}`);
    topicRegions.set(arn, topic.region);
  }
  const reject = (code: SnsRejectCode, reason: string, retryable = false): SnsVerdict => ({
    ok: false,
    code,
    reason,
    retryable,
  });

  return {
    async verify(rawBody) {
      // Cheap checks first, so junk never costs a certificate fetch. Unsupported signature
      // versions are refused by the parser (SNS_BAD_VERSION).
      const parsed = parseSnsMessage(rawBody);
      if (!parsed.ok) return reject(parsed.code, parsed.reason);
      const message = parsed.message;

      const region = topicRegions.get(message.TopicArn);
      if (region === undefined) return reject('SNS_UNKNOWN_TOPIC', 'topic is not in SNS_TOPIC_ARNS');

      const certUrl = checkSigningCertUrl(message.SigningCertURL, region);
      if (!certUrl.ok) return reject('SNS_BAD_CERT_URL', `SigningCertURL ${certUrl.reason}`);

      const ageMs = options.now().getTime() - Date.parse(message.Timestamp);
      if (ageMs > options.maxAgeMs)
        return reject('SNS_STALE', `message is ${Math.round(ageMs / 1000)} s old`);
      if (-ageMs > SNS_MAX_FUTURE_SKEW_MS) {
        return reject('SNS_STALE', `message is ${Math.round(-ageMs / 1000)} s in the future`);
      }

      let certPem: string;
      try {
        certPem = await options.certificates.get(message.SigningCertURL);
      } catch (error) {
        const reason = error instanceof Error ? error.message : 'certificate unavailable';
        return reject('SNS_CERT_UNAVAILABLE', reason, true);
      }

      if (!verifySignature(message, certPem)) return reject('SNS_BAD_SIGNATURE', 'signature does not verify');
      return { ok: true, message };
    },
  };
}
