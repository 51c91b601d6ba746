import { describe, expect, it, vi } from 'vitest';
import { checkSubscribeUrl, confirmSubscription } from '../../src/detect/sns-subscription.js';
import { subscriptionConfirmationFor } from '../support/sns-signer.js';

const TOPIC = 'arn:aws:sns:us-west-2:123456789012:MyTopic';
const GOOD = `https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=2336412f37fb687f`;

describe('checkSubscribeUrl', () => {
  it('accepts the URL SNS sends', () => {
    expect(checkSubscribeUrl(GOOD, TOPIC)).toMatchObject({ ok: true });
    expect(checkSubscribeUrl(subscriptionConfirmationFor(TOPIC).SubscribeURL, TOPIC)).toMatchObject({
      ok: true,
    });
  });

  it('accepts China and GovCloud topics on their own hosts', () => {
    const cn = 'arn:aws-cn:sns:cn-north-1:123456789012:t';
    expect(checkSubscribeUrl(subscriptionConfirmationFor(cn).SubscribeURL, cn)).toMatchObject({ ok: true });
    const gov = 'arn:aws-us-gov:sns:us-gov-west-1:123456789012:t';
    expect(checkSubscribeUrl(subscriptionConfirmationFor(gov).SubscribeURL, gov)).toMatchObject({ ok: true });
  });

  it.each([
    ['another host', GOOD.replace('sns.us-west-2.amazonaws.com', 'sns.evil.com')],
    ['a look-alike host', GOOD.replace('amazonaws.com/', 'amazonaws.com.evil.com/')],
    ['a non-region host', GOOD.replace('sns.us-west-2', 'sns.s3-us-west-2')],
    ['another region', GOOD.replace('sns.us-west-2', 'sns.us-east-1')],
    ['another topic', GOOD.replace(':MyTopic', ':OtherTopic')],
    ['a topic prefix', GOOD.replace(':MyTopic', ':MyTopicX')],
    ['another action', GOOD.replace('ConfirmSubscription', 'Unsubscribe')],
    ['http', GOOD.replace('https:', 'http:')],
    ['userinfo', GOOD.replace('https://', 'https://evil.com@')],
    ['a port', GOOD.replace('amazonaws.com/', 'amazonaws.com:8443/')],
    ['a path', GOOD.replace('.com/?', '.com/x?')],
    ['a fragment', `${GOOD}#x`],
    ['an extra parameter', `${GOOD}&Endpoint=x`],
    ['a repeated parameter', `${GOOD}&Action=ConfirmSubscription`.replace(/&Token=[^&]+/, '')],
    ['an empty token', GOOD.replace(/Token=.*/, 'Token=')],
    ['no token', GOOD.replace(/&Token=.*/, '')],
    ['garbage', 'not a url'],
  ])('rejects %s', (_name, url) => {
    expect(checkSubscribeUrl(url, TOPIC)).toMatchObject({ ok: false });
  });

  it('rejects everything for a malformed topic ARN', () => {
    expect(checkSubscribeUrl(GOOD, 'arn:aws:sns:s3-us-west-2:123456789012:MyTopic')).toMatchObject({
      ok: false,
    });
  });
});

describe('confirmSubscription', () => {
  it('GETs the URL without following redirects and reports success', async () => {
    const fetchFn = vi.fn<typeof fetch>(async () => new Response('<ConfirmSubscriptionResponse/>'));
    expect(await confirmSubscription(GOOD, fetchFn, 1000)).toEqual({ ok: true });
    expect(fetchFn).toHaveBeenCalledWith(GOOD, expect.objectContaining({ method: 'GET', redirect: 'error' }));
  });

  it('reports an HTTP error', async () => {
    const fetchFn = vi.fn<typeof fetch>(async () => new Response('denied', { status: 403 }));
    expect(await confirmSubscription(GOOD, fetchFn, 1000)).toEqual({ ok: false, reason: 'HTTP 403' });
  });

  it('reports a network failure instead of throwing', async () => {
    const fetchFn = vi.fn<typeof fetch>(async () => {
      throw new TypeError('fetch failed');
    });
    expect(await confirmSubscription(GOOD, fetchFn, 1000)).toEqual({ ok: false, reason: 'fetch failed' });
  });

  it('gives up when the request never answers', async () => {
    const fetchFn = vi.fn<typeof fetch>(() => new Promise<Response>(() => {}));
    expect(await confirmSubscription(GOOD, fetchFn, 20)).toEqual({
      ok: false,
      reason: 'timed out after 20 ms',
    });
  });
});
