import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnsMessage } from '../../src/detect/sns-message.js';
import { canonicalString, verifySignature } from '../../src/detect/sns-signature.js';
import type { SnsSigner } from '../support/sns-signer.js';
import { createSnsSigner, notificationFor, subscriptionConfirmationFor } from '../support/sns-signer.js';

const TOPIC = 'arn:aws:sns:us-west-2:123456789012:MyTopic';

let signer: SnsSigner;
let certPem: string;
let otherSigner: SnsSigner;

beforeAll(async () => {
  [signer, otherSigner] = await Promise.all([createSnsSigner(), createSnsSigner()]);
  const { readFileSync, readdirSync } = await import('node:fs');
  const { join } = await import('node:path');
  certPem = readFileSync(join(signer.certsDir, readdirSync(signer.certsDir)[0]!), 'utf8');
});
afterAll(() => {
  signer?.cleanup();
  otherSigner?.cleanup();
});

describe('canonicalString', () => {
  it('builds a Notification string in the documented order, Subject included', () => {
    const message = {
      Type: 'Notification' as const,
      MessageId: 'id-1',
      TopicArn: TOPIC,
      Subject: 'ALARM: "cpu"',
      Message: 'line one\nline two',
      Timestamp: '2012-05-02T00:54:06.655Z',
    };
    expect(canonicalString(message)).toBe(
      'Message\nline one\nline two\n' +
        'MessageId\nid-1\n' +
        'Subject\nALARM: "cpu"\n' +
        'Timestamp\n2012-05-02T00:54:06.655Z\n' +
        `TopicArn\n${TOPIC}\n` +
        'Type\nNotification\n',
    );
  });

  it('leaves Subject out when the notification has none', () => {
    const base = {
      Type: 'Notification' as const,
      MessageId: 'id-1',
      TopicArn: TOPIC,
      Message: 'm',
      Timestamp: 't',
    };
    const expected = `Message\nm\nMessageId\nid-1\nTimestamp\nt\nTopicArn\n${TOPIC}\nType\nNotification\n`;
    expect(canonicalString(base)).toBe(expected);
    expect(canonicalString({ ...base, Subject: undefined })).toBe(expected);
  });

  it('keeps an empty Subject, because it is present', () => {
    const message = {
      Type: 'Notification' as const,
      MessageId: 'i',
      TopicArn: 'a',
      Subject: '',
      Message: 'm',
      Timestamp: 't',
    };
    expect(canonicalString(message)).toBe(
      'Message\nm\nMessageId\ni\nSubject\n\nTimestamp\nt\nTopicArn\na\nType\nNotification\n',
    );
  });

  it('builds a confirmation string with SubscribeURL and Token', () => {
    for (const Type of ['SubscriptionConfirmation', 'UnsubscribeConfirmation'] as const) {
      const message = {
        Type,
        MessageId: 'id-2',
        Token: 'tok',
        TopicArn: TOPIC,
        Message: 'confirm',
        SubscribeURL: 'https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription',
        Timestamp: '2012-04-26T20:45:04.751Z',
      };
      expect(canonicalString(message)).toBe(
        'Message\nconfirm\n' +
          'MessageId\nid-2\n' +
          'SubscribeURL\nhttps://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription\n' +
          'Timestamp\n2012-04-26T20:45:04.751Z\n' +
          'Token\ntok\n' +
          `TopicArn\n${TOPIC}\n` +
          `Type\n${Type}\n`,
      );
    }
  });
});

describe('verifySignature', () => {
  it.each(['1', '2'] as const)('accepts a message signed with version %s', (version) => {
    expect(
      verifySignature(signer.sign(notificationFor(TOPIC, 'hi', { subject: 's' }), version), certPem),
    ).toBe(true);
    expect(verifySignature(signer.sign(notificationFor(TOPIC, 'hi'), version), certPem)).toBe(true);
    expect(verifySignature(signer.sign(subscriptionConfirmationFor(TOPIC), version), certPem)).toBe(true);
  });

  it('rejects every change to a signed Notification field', () => {
    const signed = signer.sign(notificationFor(TOPIC, 'hi', { subject: 's' }), '2');
    const fields = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] as const;
    for (const field of fields) {
      const tampered = { ...signed, [field]: `${signed[field]}x` } as SnsMessage;
      expect(verifySignature(tampered, certPem), field).toBe(false);
    }
    const { Subject: _, ...withoutSubject } = signed;
    expect(verifySignature(withoutSubject, certPem)).toBe(false);
    const unsubjected = signer.sign(notificationFor(TOPIC, 'hi'), '2');
    expect(verifySignature({ ...unsubjected, Subject: '' }, certPem)).toBe(false);
  });

  it('rejects every change to a signed SubscriptionConfirmation field', () => {
    const signed = signer.sign(subscriptionConfirmationFor(TOPIC), '2');
    const fields = [
      'Message',
      'MessageId',
      'SubscribeURL',
      'Timestamp',
      'Token',
      'TopicArn',
      'Type',
    ] as const;
    for (const field of fields) {
      const tampered = { ...signed, [field]: `${signed[field]}x` } as SnsMessage;
      expect(verifySignature(tampered, certPem), field).toBe(false);
    }
    expect(verifySignature({ ...signed, Type: 'UnsubscribeConfirmation' }, certPem)).toBe(false);
  });

  it('does not cover the fields AWS leaves out of the signature', () => {
    const signed = signer.sign(notificationFor(TOPIC, 'hi'), '2');
    if (signed.Type !== 'Notification') throw new Error('expected a notification');
    expect(verifySignature({ ...signed, UnsubscribeURL: 'https://elsewhere/' }, certPem)).toBe(true);
  });

  it('rejects a flipped bit anywhere in the signature', () => {
    const signed = signer.sign(notificationFor(TOPIC, 'hi'), '2');
    const bytes = Buffer.from(signed.Signature, 'base64');
    for (const index of [0, 100, bytes.length - 1]) {
      const flipped = Buffer.from(bytes);
      flipped[index] = flipped[index]! ^ 0x01;
      expect(
        verifySignature({ ...signed, Signature: flipped.toString('base64') }, certPem),
        `byte ${index}`,
      ).toBe(false);
    }
  });

  it('rejects a version relabelled after signing', () => {
    const v2 = signer.sign(notificationFor(TOPIC, 'hi'), '2');
    expect(verifySignature({ ...v2, SignatureVersion: '1' }, certPem)).toBe(false);
    const v1 = signer.sign(notificationFor(TOPIC, 'hi'), '1');
    expect(verifySignature({ ...v1, SignatureVersion: '2' }, certPem)).toBe(false);
  });

  it('accepts no version other than 1 and 2', () => {
    const signed = signer.sign(notificationFor(TOPIC, 'hi'), '2');
    for (const version of ['3', '', 'toString', '__proto__']) {
      expect(
        verifySignature({ ...signed, SignatureVersion: version } as unknown as SnsMessage, certPem),
      ).toBe(false);
    }
  });

  it('rejects a signature by another key, and an unusable certificate', () => {
    const signed = otherSigner.sign(notificationFor(TOPIC, 'hi'), '2');
    expect(verifySignature(signed, certPem)).toBe(false);
    expect(verifySignature(signed, 'not a certificate')).toBe(false);
  });
});
