import { describe, expect, it } from 'vitest';
import { checkSigningCertUrl, parseTopicArn, regionOfTopicArn } from '../../src/detect/sns-cert-url.js';

const PEM = 'SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem';

describe('regionOfTopicArn', () => {
  it.each([
    ['arn:aws:sns:us-east-1:123456789012:alarms', 'us-east-1'],
    ['arn:aws:sns:ap-southeast-2:123456789012:alarms.fifo', 'ap-southeast-2'],
    ['arn:aws-cn:sns:cn-north-1:123456789012:alarms', 'cn-north-1'],
    ['arn:aws-us-gov:sns:us-gov-west-1:123456789012:alarms', 'us-gov-west-1'],
  ])('reads the region of %s', (arn, region) => {
    expect(regionOfTopicArn(arn)).toBe(region);
  });

  it.each([
    'arn:aws:sns:s3-ap-southeast-2:123456789012:alarms',
    'arn:aws:sns:us-east-1:12345:alarms',
    'arn:aws:sqs:us-east-1:123456789012:alarms',
    'arn:aws:sns:cn-north-1:123456789012:alarms',
    'arn:aws-cn:sns:us-east-1:123456789012:alarms',
    'arn:aws:sns:us-gov-west-1:123456789012:alarms',
    'arn:aws:sns:us-east-1:123456789012:alarms:sub-id',
    'arn:aws:sns:us-east-1:123456789012:',
  ])('refuses %s', (arn) => {
    expect(regionOfTopicArn(arn)).toBeUndefined();
  });

  it('returns all parts', () => {
    expect(parseTopicArn('arn:aws:sns:eu-west-1:123456789012:a_b-c')).toEqual({
      partition: 'aws',
      region: 'eu-west-1',
      account: '123456789012',
      name: 'a_b-c',
    });
  });
});

describe('checkSigningCertUrl', () => {
  it.each([
    [`https://sns.us-east-1.amazonaws.com/${PEM}`, 'us-east-1'],
    [`https://sns.ap-southeast-2.amazonaws.com/${PEM}`, 'ap-southeast-2'],
    [`https://sns.cn-north-1.amazonaws.com.cn/${PEM}`, 'cn-north-1'],
    [`https://sns.us-gov-west-1.amazonaws.com/${PEM}`, 'us-gov-west-1'],
  ])('accepts %s', (url, region) => {
    expect(checkSigningCertUrl(url, region)).toMatchObject({ ok: true });
  });

  it.each([
    ['another domain', `https://sns.evil.com/${PEM}`, 'us-east-1'],
    ['an SNS look-alike suffix', `https://sns.us-east-1.amazonaws.com.evil.com/${PEM}`, 'us-east-1'],
    ['a non-region label', `https://sns.s3-ap-southeast-2.amazonaws.com/${PEM}`, 's3-ap-southeast-2'],
    [
      'a non-region label for another region',
      `https://sns.s3-ap-southeast-2.amazonaws.com/${PEM}`,
      'ap-southeast-2',
    ],
    ['userinfo before another host', `https://sns.us-east-1.amazonaws.com@evil.com/${PEM}`, 'us-east-1'],
    ['userinfo before the right host', `https://evil@sns.us-east-1.amazonaws.com/${PEM}`, 'us-east-1'],
    ['http', `http://sns.us-east-1.amazonaws.com/${PEM}`, 'us-east-1'],
    ['a region other than the topic', `https://sns.us-west-2.amazonaws.com/${PEM}`, 'us-east-1'],
    ['the global partition host for a cn topic', `https://sns.cn-north-1.amazonaws.com/${PEM}`, 'cn-north-1'],
    ['a port', `https://sns.us-east-1.amazonaws.com:8443/${PEM}`, 'us-east-1'],
    ['an explicit default port', `https://sns.us-east-1.amazonaws.com:443/${PEM}`, 'us-east-1'],
    ['a query', `https://sns.us-east-1.amazonaws.com/${PEM}?x=1`, 'us-east-1'],
    ['an empty query', `https://sns.us-east-1.amazonaws.com/${PEM}?`, 'us-east-1'],
    ['a fragment', `https://sns.us-east-1.amazonaws.com/${PEM}#x`, 'us-east-1'],
    ['another path', 'https://sns.us-east-1.amazonaws.com/evil.pem', 'us-east-1'],
    ['a nested path', `https://sns.us-east-1.amazonaws.com/x/${PEM}`, 'us-east-1'],
    ['dot segments', `https://sns.us-east-1.amazonaws.com/x/../${PEM}`, 'us-east-1'],
    ['upper-case hex', 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-F3EC.pem', 'us-east-1'],
    ['a trailing-dot host', `https://sns.us-east-1.amazonaws.com./${PEM}`, 'us-east-1'],
    ['backslashes', `https://sns.us-east-1.amazonaws.com\\${PEM}`, 'us-east-1'],
    ['garbage', 'not a url', 'us-east-1'],
  ])('rejects %s', (_name, url, region) => {
    expect(checkSigningCertUrl(url, region)).toMatchObject({ ok: false });
  });
});
