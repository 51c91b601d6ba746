import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { DRILL_ALARM_TOPIC_ARN } from '../../src/drill/drill-settings.js';

const noFiles = () => {
  throw new Error('no file should be read');
};
let counter = 0;
const secrets = () => {
  counter += 1;
  return `drill-secret-${counter}-0123456789abcdef`;
};

describe('drill mode from an empty environment', () => {
  it('runs a drill in the simulated workspace, on loopback, with secrets made for this start', () => {
    const config = loadConfig({}, noFiles, secrets);
    expect(config).toMatchObject({
      mode: 'drill',
      simulatedSlack: true,
      host: '127.0.0.1',
      port: 3000,
      defaultChannel: 'C0INCIDENTS',
      sns: { topicArns: [DRILL_ALARM_TOPIC_ARN] },
      contain: { responders: ['U0ONCALL', 'U0ADMIN'], admins: ['U0ADMIN'], allowMemoryStore: true },
      aws: { defaultRegion: 'eu-west-1' },
    });
    expect(config.redis).toBeUndefined();
    expect(config.slack.botToken).toMatch(/^xoxb-drill-drill-secret-\d+/);
    expect(config.slack.signingSecret).toMatch(/^drill-secret-\d+/);
    // Random per start: two starts never share a secret.
    const again = loadConfig({}, noFiles);
    const other = loadConfig({}, noFiles);
    expect(again.slack.signingSecret).not.toBe(other.slack.signingSecret);
    expect(again.slack.botToken).not.toBe(other.slack.botToken);
  });

  it('keeps what the environment says (HOST, PORT, REDIS_URL, the channel), but never its Slack identity', () => {
    const config = loadConfig(
      {
        HOST: '0.0.0.0',
        PORT: '4100',
        REDIS_URL: 'redis://127.0.0.1:6379',
        FIREBREAK_MODE: 'drill',
        SLACK_API_URL: '',
      },
      noFiles,
      secrets,
    );
    expect(config).toMatchObject({ host: '0.0.0.0', port: 4100, mode: 'drill', simulatedSlack: true });
    expect(config.redis?.url).toBe('redis://127.0.0.1:6379');
  });

  it('treats empty Slack values (a copied .env) as none', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '' }, noFiles, secrets).mode).toBe(
      'drill',
    );
  });

  it('runs live whenever Slack settings are given, and drill AWS only when asked', () => {
    const slack = {
      SLACK_BOT_TOKEN: 'xoxb-1-2',
      SLACK_SIGNING_SECRET: 'f00dfacecafebeef0123',
      FIREBREAK_CHANNEL: 'C0X',
    };
    expect(loadConfig(slack, noFiles)).toMatchObject({
      mode: 'live',
      simulatedSlack: false,
      host: '0.0.0.0',
    });
    expect(loadConfig({ ...slack, FIREBREAK_MODE: 'drill' }, noFiles)).toMatchObject({
      mode: 'drill',
      simulatedSlack: false,
    });
  });

  it('refuses live mode without Slack settings, and a mode that does not exist', () => {
    expect(() => loadConfig({ FIREBREAK_MODE: 'live' }, noFiles)).toThrow(ConfigError);
    expect(() => loadConfig({ FIREBREAK_MODE: 'staging' }, noFiles)).toThrow(
      'FIREBREAK_MODE must be live or drill.',
    );
  });
});
