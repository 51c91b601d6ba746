import { describe, expect, it } from 'vitest';
import type { Route } from '../../src/config.js';
import { loadConfig } from '../../src/config.js';
import { channelFor, type RoutingFacts } from '../../src/detect/routing.js';

const SEC_TOPIC = 'arn:aws:sns:us-east-1:123456789012:sec-alerts';
const OPS_TOPIC = 'arn:aws:sns:us-east-1:123456789012:ops-alarms';
const DEFAULT = 'C0DEFAULT';

const topic = (value: string, channel: string): Route => ({ match: { kind: 'topic', value }, channel });
const account = (value: string, channel: string): Route => ({ match: { kind: 'account', value }, channel });
const prefix = (value: string, channel: string): Route => ({ match: { kind: 'prefix', value }, channel });

const facts = (overrides: Partial<RoutingFacts> = {}): RoutingFacts => ({
  topicArn: OPS_TOPIC,
  account: '123456789012',
  alarmName: 'prod-web-high-cpu',
  ...overrides,
});

describe('channelFor', () => {
  it('falls back to the default channel without routes', () => {
    expect(channelFor(facts(), [], DEFAULT)).toBe(DEFAULT);
  });

  it('falls back to the default channel when no route matches', () => {
    const routes = [
      topic(SEC_TOPIC, 'C0SEC'),
      account('210987654321', 'C0OTHER'),
      prefix('staging-', 'C0STAGING'),
    ];
    expect(channelFor(facts(), routes, DEFAULT)).toBe(DEFAULT);
  });

  it('matches a topic route on the exact topic ARN only', () => {
    const routes = [topic(SEC_TOPIC, 'C0SEC')];
    expect(channelFor(facts({ topicArn: SEC_TOPIC }), routes, DEFAULT)).toBe('C0SEC');
    expect(channelFor(facts({ topicArn: `${SEC_TOPIC}-2` }), routes, DEFAULT)).toBe(DEFAULT);
    expect(
      channelFor(facts({ topicArn: SEC_TOPIC.replace('us-east-1', 'eu-west-1') }), routes, DEFAULT),
    ).toBe(DEFAULT);
  });

  it('matches an account route on the alarm’s account, and never when the account is unknown', () => {
    const routes = [account('123456789012', 'C0PROD')];
    expect(channelFor(facts(), routes, DEFAULT)).toBe('C0PROD');
    expect(channelFor(facts({ account: '210987654321' }), routes, DEFAULT)).toBe(DEFAULT);
    expect(channelFor(facts({ account: undefined }), routes, DEFAULT)).toBe(DEFAULT);
  });

  it('matches a prefix route at the start of the alarm name, case-sensitively', () => {
    const routes = [prefix('prod-', 'C0PROD')];
    expect(channelFor(facts({ alarmName: 'prod-db-latency' }), routes, DEFAULT)).toBe('C0PROD');
    expect(channelFor(facts({ alarmName: 'staging-prod-db' }), routes, DEFAULT)).toBe(DEFAULT);
    expect(channelFor(facts({ alarmName: 'PROD-db' }), routes, DEFAULT)).toBe(DEFAULT);
  });

  it('takes the first matching route when several match', () => {
    const routes = [
      prefix('prod-', 'C0PROD'),
      account('123456789012', 'C0ACCOUNT'),
      topic(OPS_TOPIC, 'C0OPS'),
    ];
    expect(channelFor(facts(), routes, DEFAULT)).toBe('C0PROD');
    expect(channelFor(facts(), [...routes].reverse(), DEFAULT)).toBe('C0OPS');
    expect(channelFor(facts({ alarmName: 'other' }), routes, DEFAULT)).toBe('C0ACCOUNT');
  });

  it('skips earlier routes that do not match', () => {
    const routes = [topic(SEC_TOPIC, 'C0SEC'), prefix('staging-', 'C0STAGING'), prefix('prod-', 'C0PROD')];
    expect(channelFor(facts(), routes, DEFAULT)).toBe('C0PROD');
  });

  it('routes with what FIREBREAK_ROUTES parses to', () => {
    const { routes, defaultChannel } = loadConfig(
      {
        SLACK_BOT_TOKEN: 'xoxb-1-test',
        SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef',
        FIREBREAK_CHANNEL: 'C0DEFAULT',
        FIREBREAK_ROUTES: `topic:${SEC_TOPIC}=C0SEC,account:210987654321=C0OTHER,prefix:prod-=C0PROD`,
      },
      () => '',
    );
    expect(channelFor(facts({ topicArn: SEC_TOPIC, alarmName: 'prod-x' }), routes, defaultChannel)).toBe(
      'C0SEC',
    );
    expect(channelFor(facts({ account: '210987654321', alarmName: 'prod-x' }), routes, defaultChannel)).toBe(
      'C0OTHER',
    );
    expect(channelFor(facts({ alarmName: 'prod-x' }), routes, defaultChannel)).toBe('C0PROD');
    expect(channelFor(facts({ alarmName: 'dev-x' }), routes, defaultChannel)).toBe('C0DEFAULT');
  });
});
