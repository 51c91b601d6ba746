import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CertificateSource } from '../../src/detect/sns-certs.js';
import { createCertificateSource } from '../../src/detect/sns-certs.js';
import type { SnsMessage } from '../../src/detect/sns-message.js';
import { createSnsVerifier } from '../../src/detect/sns-verify.js';
import type { SnsSigner } from '../support/sns-signer.js';
import { createSnsSigner, notificationFor, subscriptionConfirmationFor } from '../support/sns-signer.js';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:alarms';
const OTHER_TOPIC = 'arn:aws:sns:us-east-1:123456789012:alarms-2';
const NOW = new Date('2025-03-01T12:00:00.000Z');
const HOUR = 3_600_000;
const PEM = 'SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem';

let signer: SnsSigner;
let certificates: CertificateSource;

beforeAll(async () => {
  signer = await createSnsSigner();
  const noFetch = vi.fn<typeof fetch>(async () => new Response('not pinned', { status: 404 }));
  certificates = createCertificateSource({ pinnedDir: signer.certsDir, fetch: noFetch });
});
afterAll(() => signer?.cleanup());

function verifier(source: CertificateSource = certificates) {
  return createSnsVerifier({
    topicArns: [TOPIC, OTHER_TOPIC],
    maxAgeMs: 6 * HOUR,
    certificates: source,
    now: () => NOW,
  });
}
const notification = (timestamp = NOW) =>
  notificationFor(TOPIC, '{"AlarmName":"cpu"}', { subject: 'ALARM', timestamp });
const body = (message: object) => JSON.stringify(message);

describe('createSnsVerifier', () => {
  it.each(['1', '2'] as const)(
    'accepts a notification and a confirmation signed with version %s',
    async (version) => {
      const signed = signer.sign(notification(), version);
      expect(await verifier().verify(body(signed))).toEqual({ ok: true, message: signed });
      const confirmation = signer.sign(subscriptionConfirmationFor(TOPIC, { timestamp: NOW }), version);
      expect(await verifier().verify(body(confirmation))).toEqual({ ok: true, message: confirmation });
    },
  );

  it('refuses an invalid allowlist at construction', () => {
    expect(() =>
      createSnsVerifier({
        topicArns: ['arn:aws:sns:s3-ap-southeast-2:123456789012:x'],
        maxAgeMs: HOUR,
        certificates,
        now: () => NOW,
      }),
    ).toThrow(expect.objectContaining({ code: 'SNS_BAD_TOPIC_ARN' }));
  });

  describe('rejects every tampered message', () => {
    const later = new Date(NOW.getTime() + 1000).toISOString();
    const tamper: Record<string, (m: SnsMessage) => unknown> = {
      Message: (m) => ({ ...m, Message: `${m.Message} ` }),
      MessageId: (m) => ({ ...m, MessageId: `${m.MessageId}0` }),
      Subject: (m) => ({ ...m, Subject: 'OK' }),
      Timestamp: (m) => ({ ...m, Timestamp: later }),
      TopicArn: (m) => ({ ...m, TopicArn: OTHER_TOPIC }),
      Type: (m) => ({
        ...m,
        Type: m.Type === 'Notification' ? 'SubscriptionConfirmation' : 'UnsubscribeConfirmation',
      }),
      SubscribeURL: (m) => ({ ...m, SubscribeURL: `${'SubscribeURL' in m ? m.SubscribeURL : ''}0` }),
      Token: (m) => ({ ...m, Token: `${'Token' in m ? m.Token : ''}0` }),
    };
    const cases = [
      [
        'Notification',
        () => signer.sign(notification(), '2'),
        ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'],
      ],
      [
        'SubscriptionConfirmation',
        () => signer.sign(subscriptionConfirmationFor(TOPIC, { timestamp: NOW }), '2'),
        ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
      ],
    ] as const;

    for (const [type, make, fields] of cases) {
      it.each(fields)(`${type}: changed %s`, async (field) => {
        const verdict = await verifier().verify(body(tamper[field]!(make()) as object));
        expect(verdict.ok).toBe(false);
        // A Notification relabelled as a confirmation lacks Token and SubscribeURL, so it fails on shape first.
        const expected = type === 'Notification' && field === 'Type' ? 'SNS_BAD_SHAPE' : 'SNS_BAD_SIGNATURE';
        expect(verdict).toMatchObject({ code: expected, retryable: false });
      });
    }

    it('Notification: Subject removed', async () => {
      const { Subject: _, ...rest } = signer.sign(notification(), '2') as SnsMessage & { Subject?: string };
      expect(await verifier().verify(body(rest))).toMatchObject({ ok: false, code: 'SNS_BAD_SIGNATURE' });
    });

    it('signature with a flipped bit', async () => {
      const signed = signer.sign(notification(), '2');
      const bytes = Buffer.from(signed.Signature, 'base64');
      bytes[7] = bytes[7]! ^ 0x80;
      const verdict = await verifier().verify(body({ ...signed, Signature: bytes.toString('base64') }));
      expect(verdict).toMatchObject({ ok: false, code: 'SNS_BAD_SIGNATURE' });
    });

    it('version downgraded from 2 to 1', async () => {
      const signed = signer.sign(notification(), '2');
      const verdict = await verifier().verify(body({ ...signed, SignatureVersion: '1' }));
      expect(verdict).toMatchObject({ ok: false, code: 'SNS_BAD_SIGNATURE' });
    });

    it('unsupported version', async () => {
      const signed = signer.sign(notification(), '2');
      const verdict = await verifier().verify(body({ ...signed, SignatureVersion: '3' }));
      expect(verdict).toMatchObject({ ok: false, code: 'SNS_BAD_VERSION' });
    });

    it.each([
      ['another domain', `https://sns.evil.com/${PEM}`],
      ['an SNS look-alike suffix', `https://sns.us-east-1.amazonaws.com.evil.com/${PEM}`],
      ['a non-region label', `https://sns.s3-ap-southeast-2.amazonaws.com/${PEM}`],
      ['userinfo', `https://sns.us-east-1.amazonaws.com@evil.com/${PEM}`],
      ['http', `http://sns.us-east-1.amazonaws.com/${PEM}`],
      ['another region than the topic', `https://sns.us-west-2.amazonaws.com/${PEM}`],
    ])('certificate URL with %s', async (_name, url) => {
      const signed = signer.sign(notification(), '2');
      const verdict = await verifier().verify(body({ ...signed, SigningCertURL: url }));
      expect(verdict).toMatchObject({ ok: false, code: 'SNS_BAD_CERT_URL', retryable: false });
    });

    it('pinned certificate named under another region', async () => {
      const signed = signer.sign(notification(), '2', 'eu-west-1');
      expect(await verifier().verify(body(signed))).toMatchObject({ ok: false, code: 'SNS_BAD_CERT_URL' });
    });

    it('stale and future timestamps', async () => {
      const old = signer.sign(notification(new Date(NOW.getTime() - 6 * HOUR - 1)), '2');
      expect(await verifier().verify(body(old))).toMatchObject({ ok: false, code: 'SNS_STALE' });
      const future = signer.sign(notification(new Date(NOW.getTime() + 5 * 60_000 + 1)), '2');
      expect(await verifier().verify(body(future))).toMatchObject({ ok: false, code: 'SNS_STALE' });
    });

    it('unknown topic, even when well signed', async () => {
      const signed = signer.sign(
        notificationFor('arn:aws:sns:us-east-1:123456789012:other', 'x', { timestamp: NOW }),
        '2',
      );
      expect(await verifier().verify(body(signed))).toMatchObject({ ok: false, code: 'SNS_UNKNOWN_TOPIC' });
    });

    it('malformed JSON', async () => {
      expect(await verifier().verify('{"Type":')).toMatchObject({ ok: false, code: 'SNS_MALFORMED_JSON' });
    });
  });

  it('accepts timestamps at the edges of the window', async () => {
    const oldest = signer.sign(notification(new Date(NOW.getTime() - 6 * HOUR)), '2');
    expect(await verifier().verify(body(oldest))).toMatchObject({ ok: true });
    const skewed = signer.sign(notification(new Date(NOW.getTime() + 5 * 60_000)), '2');
    expect(await verifier().verify(body(skewed))).toMatchObject({ ok: true });
  });

  it('asks for a retry when the certificate cannot be had', async () => {
    const down: CertificateSource = { get: async () => Promise.reject(new Error('connect ECONNREFUSED')) };
    const verdict = await verifier(down).verify(body(signer.sign(notification(), '2')));
    expect(verdict).toEqual({
      ok: false,
      code: 'SNS_CERT_UNAVAILABLE',
      reason: 'connect ECONNREFUSED',
      retryable: true,
    });
  });

  it('spends no certificate fetch on a message the cheap checks refuse', async () => {
    const get = vi.fn<CertificateSource['get']>(async () => '');
    const check = verifier({ get });
    await check.verify(body(signer.sign(notification(new Date(0)), '2')));
    await check.verify(
      body({ ...signer.sign(notification(), '2'), SigningCertURL: `https://sns.evil.com/${PEM}` }),
    );
    await check.verify(body(signer.sign(notificationFor('arn:aws:sns:us-east-1:123456789012:x', 'm'), '2')));
    expect(get).not.toHaveBeenCalled();
  });

  it('checks the topic before the certificate URL', async () => {
    const signed = signer.sign(notificationFor('arn:aws:sns:us-east-1:123456789012:x', 'm'), '2');
    const verdict = await verifier().verify(body({ ...signed, SigningCertURL: 'http://evil.com/x.pem' }));
    expect(verdict).toMatchObject({ code: 'SNS_UNKNOWN_TOPIC' });
  });
});
