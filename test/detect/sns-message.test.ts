import { describe, expect, it } from 'vitest';
import { parseSnsMessage } from '../../src/detect/sns-message.js';

const TOPIC = 'arn:aws:sns:us-west-2:123456789012:MyTopic';

// As printed in the SNS developer guide ("HTTP/HTTPS notification JSON format").
const notification = {
  Type: 'Notification',
  MessageId: '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
  TopicArn: TOPIC,
  Subject: 'My First Message',
  Message: 'Hello world!',
  Timestamp: '2012-05-02T00:54:06.655Z',
  SignatureVersion: '1',
  Signature: 'EXAMPLEw6JRN...',
  SigningCertURL:
    'https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem',
  UnsubscribeURL: `https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${TOPIC}:c9135db0`,
};

const confirmation = {
  Type: 'SubscriptionConfirmation',
  MessageId: '165545c9-2a5c-472c-8df2-7ff2be2b3b1b',
  Token: '2336412f37',
  TopicArn: TOPIC,
  Message: 'You have chosen to subscribe to the topic.',
  SubscribeURL: `https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=2336412f37`,
  Timestamp: '2012-04-26T20:45:04.751Z',
  SignatureVersion: '1',
  Signature:
    'EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=',
  SigningCertURL:
    'https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem',
};

describe('parseSnsMessage', () => {
  it('parses the documented Notification body', () => {
    const result = parseSnsMessage(JSON.stringify(notification));
    expect(result).toEqual({ ok: true, message: notification });
  });

  it('parses a Notification without Subject', () => {
    const { Subject: _, ...rest } = notification;
    const result = parseSnsMessage(JSON.stringify(rest));
    expect(result.ok && result.message.Type === 'Notification' && result.message.Subject).toBe(undefined);
  });

  it('treats a null Subject as absent', () => {
    const result = parseSnsMessage(JSON.stringify({ ...notification, Subject: null }));
    expect(result.ok && result.message.Type === 'Notification' && result.message.Subject).toBe(undefined);
  });

  it('parses both confirmation types', () => {
    for (const Type of ['SubscriptionConfirmation', 'UnsubscribeConfirmation']) {
      const result = parseSnsMessage(JSON.stringify({ ...confirmation, Type }));
      expect(result).toEqual({ ok: true, message: { ...confirmation, Type } });
    }
  });

  it('keeps field values byte for byte, since the signature covers them', () => {
    const body = { ...notification, Message: '  padded\n{"x":1}  ' };
    const result = parseSnsMessage(JSON.stringify(body));
    expect(result.ok && result.message.Message).toBe('  padded\n{"x":1}  ');
  });

  it('drops fields SNS does not sign or that we do not use', () => {
    const result = parseSnsMessage(
      JSON.stringify({ ...notification, MessageAttributes: { a: 1 }, Extra: 'x' }),
    );
    expect(result.ok && Object.keys(result.message)).not.toContain('Extra');
  });

  it('rejects malformed JSON', () => {
    expect(parseSnsMessage('{"Type": "Notification",')).toMatchObject({
      ok: false,
      code: 'SNS_MALFORMED_JSON',
    });
  });

  it.each([
    ['a JSON array', []],
    ['a JSON string', 'Notification'],
    ['null', null],
    ['an unknown Type', { ...notification, Type: 'Other' }],
    ['a missing MessageId', { ...notification, MessageId: undefined }],
    ['an empty Signature', { ...notification, Signature: '' }],
    ['a non-ISO Timestamp', { ...notification, Timestamp: 'yesterday' }],
    ['a numeric Message', { ...notification, Message: 42 }],
    ['a confirmation without Token', { ...confirmation, Token: undefined }],
    ['a confirmation without SubscribeURL', { ...confirmation, SubscribeURL: undefined }],
    ['a notification without UnsubscribeURL', { ...notification, UnsubscribeURL: undefined }],
  ])('rejects %s as SNS_BAD_SHAPE', (_name, body) => {
    expect(parseSnsMessage(JSON.stringify(body))).toMatchObject({ ok: false, code: 'SNS_BAD_SHAPE' });
  });

  it.each(['3', '', 1, undefined])('rejects SignatureVersion %j as SNS_BAD_VERSION', (version) => {
    const result = parseSnsMessage(JSON.stringify({ ...notification, SignatureVersion: version }));
    expect(result).toMatchObject({ ok: false, code: 'SNS_BAD_VERSION' });
  });
});
