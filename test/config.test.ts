import { describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig, missingSlackSettings } from '../src/config.js';

const TOKEN = 'xoxb-1111-2222-SuperSecretTokenValue';
const SECRET = 'f00dfacecafebeef0123456789abcdef';

const base = (): Record<string, string | undefined> => ({
  SLACK_BOT_TOKEN: TOKEN,
  SLACK_SIGNING_SECRET: SECRET,
  FIREBREAK_CHANNEL: 'C0INCIDENTS',
});

const noFiles = () => {
  throw new Error('no file should be read');
};

/** Runs loadConfig and returns the ConfigError it throws (failing the test if it does not throw one). */
function configError(
  env: Record<string, string | undefined>,
  readFile: (path: string) => string = noFiles,
): ConfigError {
  try {
    loadConfig(env, readFile);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('loadConfig did not throw');
}

describe('loadConfig: defaults', () => {
  it('fills every optional setting with its documented default', () => {
    const config = loadConfig(base(), noFiles);
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      logLevel: 'info',
      mode: 'live',
      defaultChannel: 'C0INCIDENTS',
      routes: [],
      cardUpdateIntervalMs: 3000,
      shutdownGraceMs: 10_000,
      redis: undefined,
      sns: { topicArns: [], maxAgeMs: 6 * 3_600_000, signingCertsDir: undefined },
    });
    expect(config.slack).toMatchObject({
      botToken: TOKEN,
      signingSecret: SECRET,
      apiUrl: undefined,
      teamId: undefined,
      appId: undefined,
      command: '/ir',
      timeoutMs: 10_000,
      maxRetries: 2,
      updatesPerMinute: 50,
    });
  });

  it('treats empty and blank optional values as unset', () => {
    const config = loadConfig({ ...base(), PORT: '', HOST: '  ', SNS_MAX_AGE: '', REDIS_URL: '' }, noFiles);
    expect(config.port).toBe(3000);
    expect(config.host).toBe('0.0.0.0');
    expect(config.sns.maxAgeMs).toBe(6 * 3_600_000);
    expect(config.redis).toBeUndefined();
  });

  it('reads the explicit values it is given', () => {
    const config = loadConfig(
      {
        ...base(),
        PORT: '8080',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'debug',
        SLACK_API_URL: 'http://127.0.0.1:9000/api/',
        SLACK_TEAM_ID: 'T0123ABCD',
        SLACK_APP_ID: 'A0123ABCD',
        SLACK_COMMAND: '/incident',
        REDIS_URL: 'redis://127.0.0.1:6379/0',
        REDIS_COMMAND_TIMEOUT_MS: '250',
        SNS_TOPIC_ARNS:
          'arn:aws:sns:us-east-1:123456789012:alarms, arn:aws:sns:eu-west-1:210987654321:sec-alerts',
        SNS_SIGNING_CERTS_DIR: '/etc/firebreak/certs',
      },
      noFiles,
    );
    expect(config.port).toBe(8080);
    expect(config.host).toBe('127.0.0.1');
    expect(config.logLevel).toBe('debug');
    expect(config.slack.apiUrl).toBe('http://127.0.0.1:9000/api/');
    expect(config.slack.teamId).toBe('T0123ABCD');
    expect(config.slack.appId).toBe('A0123ABCD');
    expect(config.slack.command).toBe('/incident');
    expect(config.redis).toMatchObject({ url: 'redis://127.0.0.1:6379/0', commandTimeoutMs: 250 });
    expect(config.sns.topicArns).toEqual([
      'arn:aws:sns:us-east-1:123456789012:alarms',
      'arn:aws:sns:eu-west-1:210987654321:sec-alerts',
    ]);
    expect(config.sns.signingCertsDir).toBe('/etc/firebreak/certs');
  });

  it('reads the process environment only through the env argument it is given', () => {
    vi.stubEnv('PORT', '9999');
    try {
      expect(loadConfig(base(), noFiles).port).toBe(3000);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('loadConfig: missing Slack settings', () => {
  it('with FIREBREAK_MODE=live, refuses an environment without any Slack setting and says what to set', () => {
    const error = configError({ FIREBREAK_MODE: 'live' });
    expect(error.message).toContain('SLACK_BOT_TOKEN');
    expect(error.message).toContain('SLACK_SIGNING_SECRET');
    expect(error.message).toContain('FIREBREAK_CHANNEL');
    expect(missingSlackSettings({})).toBe(true);
  });

  it('names the one Slack setting that is missing', () => {
    expect(configError({ ...base(), SLACK_SIGNING_SECRET: undefined }).message).toBe(
      'SLACK_SIGNING_SECRET is required.',
    );
    expect(configError({ ...base(), SLACK_BOT_TOKEN: undefined }).message).toBe(
      'SLACK_BOT_TOKEN is required.',
    );
    expect(configError({ ...base(), FIREBREAK_CHANNEL: undefined }).message).toBe(
      'FIREBREAK_CHANNEL is required.',
    );
  });

  it('counts a *_FILE variant as a Slack setting', () => {
    expect(missingSlackSettings({ SLACK_SIGNING_SECRET_FILE: '/run/secrets/s' })).toBe(false);
    expect(missingSlackSettings({ SLACK_BOT_TOKEN_FILE: '/run/secrets/t' })).toBe(false);
  });

  it('refuses an empty signing secret and names it as empty', () => {
    const error = configError({ ...base(), SLACK_SIGNING_SECRET: '' });
    expect(error.message).toMatch(/^SLACK_SIGNING_SECRET is empty/);
    expect(configError({ ...base(), SLACK_SIGNING_SECRET: '   ' }).message).toMatch(
      /^SLACK_SIGNING_SECRET is empty/,
    );
  });

  it('refuses a signing secret that is too short without printing it', () => {
    const error = configError({ ...base(), SLACK_SIGNING_SECRET: 'tooShort1' });
    expect(error.message).toMatch(/^SLACK_SIGNING_SECRET /);
    expect(error.message).not.toContain('tooShort1');
  });

  it('refuses a token that is not a bot token without printing it', () => {
    const userToken = 'xoxp-9999-UserTokenNotForBots';
    const error = configError({ ...base(), SLACK_BOT_TOKEN: userToken });
    expect(error.message).toMatch(/^SLACK_BOT_TOKEN .*xoxb-/);
    expect(error.message).not.toContain(userToken);
  });
});

describe('loadConfig: malformed values', () => {
  const cases: [string, string][] = [
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['FIREBREAK_CHANNEL', 'general'],
    ['FIREBREAK_CHANNEL', '#incidents'],
    ['SNS_MAX_AGE', 'forever'],
    ['SNS_MAX_AGE', '1.5h'],
    ['SNS_MAX_AGE', '-5m'],
    ['FIREBREAK_CARD_UPDATE_INTERVAL', 'soon'],
    ['SNS_TOPIC_ARNS', 'arn:aws:sns:us-east-1:123:alarms'],
    ['SNS_TOPIC_ARNS', 'arn:aws:sns:us-east-1:123456789012:alarms,not-an-arn'],
    ['SNS_TOPIC_ARNS', 'arn:aws:sqs:us-east-1:123456789012:queue'],
    ['FIREBREAK_ROUTES', 'prefix:prod-=C0PROD,bogus'],
    ['FIREBREAK_ROUTES', 'team:payments=C0PAY'],
    ['FIREBREAK_ROUTES', 'prefix:prod-=general'],
    ['LOG_LEVEL', 'loud'],
    ['SLACK_COMMAND', 'ir'],
    ['SLACK_TEAM_ID', 'not-a-team'],
    ['SLACK_API_URL', 'ftp://slack.example'],
    ['REDIS_URL', 'http://cache.internal:6379'],
    ['SLACK_MAX_RETRIES', '11'],
    ['SLACK_TIMEOUT_MS', '0'],
  ];

  it.each(cases)('%s=%s → a ConfigError that starts with the variable name', (name, value) => {
    const error = configError({ ...base(), [name]: value });
    expect(error.message.startsWith(`${name} `)).toBe(true);
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).not.toContain(SECRET);
    // One line, ending with a full stop: it is printed as is when start-up stops.
    expect(error.message).not.toContain('\n');
    expect(error.message.endsWith('.')).toBe(true);
  });

  it('explains what a duration looks like', () => {
    expect(configError({ ...base(), SNS_MAX_AGE: 'forever' }).message).toBe(
      'SNS_MAX_AGE must be a duration such as 6h, 30m, 90s or 500ms.',
    );
  });

  it('quotes the bad route entry, not the good ones', () => {
    const message = configError({ ...base(), FIREBREAK_ROUTES: 'prefix:prod-=C0PROD,bogus' }).message;
    expect(message).toMatch(/^FIREBREAK_ROUTES "bogus" is not kind:value=CHANNEL/);
  });

  // zod 4 issues carry no `input` by default; "is required" must mean the variable is absent.
  it('does not call a present but non-numeric PORT missing', () => {
    expect(configError({ ...base(), PORT: 'abc' }).message).not.toContain('is required');
  });

  it('never prints a password from a malformed REDIS_URL', () => {
    const error = configError({ ...base(), REDIS_URL: 'http://:hunter2-redis-password@cache:6379' });
    expect(error.message).toMatch(/^REDIS_URL /);
    expect(error.message).not.toContain('hunter2-redis-password');
  });
});

describe('loadConfig: secrets from files', () => {
  it('reads SLACK_BOT_TOKEN_FILE and SLACK_SIGNING_SECRET_FILE through the injected readFile, trimmed', () => {
    const readFile = vi.fn((path: string) => {
      if (path === '/run/secrets/token') return `${TOKEN}\n`;
      if (path === '/run/secrets/signing') return `  ${SECRET}\r\n`;
      throw new Error(`unexpected ${path}`);
    });
    const config = loadConfig(
      {
        SLACK_BOT_TOKEN_FILE: '/run/secrets/token',
        SLACK_SIGNING_SECRET_FILE: '/run/secrets/signing',
        FIREBREAK_CHANNEL: 'C0INCIDENTS',
      },
      readFile,
    );
    expect(config.slack.botToken).toBe(TOKEN);
    expect(config.slack.signingSecret).toBe(SECRET);
    expect(readFile.mock.calls.map(([path]) => path).sort()).toEqual([
      '/run/secrets/signing',
      '/run/secrets/token',
    ]);
  });

  it('reads REDIS_URL_FILE', () => {
    const config = loadConfig(
      { ...base(), REDIS_URL_FILE: '/run/secrets/redis' },
      () => 'rediss://:pw@cache:6380\n',
    );
    expect(config.redis?.url).toBe('rediss://:pw@cache:6380');
  });

  it('refuses a variable set both directly and as a file, without reading the file', () => {
    const readFile = vi.fn(() => SECRET);
    const error = configError({ ...base(), SLACK_SIGNING_SECRET_FILE: '/run/secrets/signing' }, readFile);
    expect(error.message).toBe(
      'SLACK_SIGNING_SECRET and SLACK_SIGNING_SECRET_FILE are both set; set only one.',
    );
    expect(error.message).not.toContain(SECRET);
    expect(readFile).not.toHaveBeenCalled();
  });

  it('refuses an unreadable file, naming the variable and the path but not the reason', () => {
    const error = configError(
      { ...base(), SLACK_BOT_TOKEN: undefined, SLACK_BOT_TOKEN_FILE: '/run/secrets/missing' },
      () => {
        throw Object.assign(new Error('ENOENT: no such file or directory'), { code: 'ENOENT' });
      },
    );
    expect(error.message).toBe('SLACK_BOT_TOKEN_FILE: cannot read /run/secrets/missing.');
  });

  it('refuses a signing secret file that is empty as an empty secret', () => {
    const error = configError(
      { ...base(), SLACK_SIGNING_SECRET: undefined, SLACK_SIGNING_SECRET_FILE: '/run/secrets/signing' },
      () => '\n',
    );
    expect(error.message).toMatch(/^SLACK_SIGNING_SECRET is empty/);
  });

  it('validates a secret read from a file like a direct one, without printing it', () => {
    const error = configError(
      { ...base(), SLACK_BOT_TOKEN: undefined, SLACK_BOT_TOKEN_FILE: '/run/secrets/token' },
      () => 'xoxp-not-a-bot-token-from-file',
    );
    expect(error.message).toMatch(/^SLACK_BOT_TOKEN /);
    expect(error.message).not.toContain('xoxp-not-a-bot-token-from-file');
  });
});

describe('loadConfig: durations', () => {
  it.each([
    ['6h', 6 * 3_600_000],
    ['30m', 30 * 60_000],
    ['90s', 90_000],
    ['500ms', 500],
    ['2d', 2 * 86_400_000],
    ['45', 45_000],
    [' 10 m ', 600_000],
  ])('SNS_MAX_AGE=%j is %d ms', (value, ms) => {
    expect(loadConfig({ ...base(), SNS_MAX_AGE: value }, noFiles).sns.maxAgeMs).toBe(ms);
  });

  it('applies the same grammar to the card interval and shutdown grace', () => {
    const config = loadConfig(
      { ...base(), FIREBREAK_CARD_UPDATE_INTERVAL: '250ms', FIREBREAK_SHUTDOWN_GRACE: '2' },
      noFiles,
    );
    expect(config.cardUpdateIntervalMs).toBe(250);
    expect(config.shutdownGraceMs).toBe(2000);
  });
});

describe('loadConfig: routes', () => {
  it('parses every kind, in the order given', () => {
    const config = loadConfig(
      {
        ...base(),
        FIREBREAK_ROUTES:
          'topic:arn:aws:sns:us-east-1:123456789012:sec-alerts=C0SEC, account:210987654321=G0PRIVATE,prefix:prod-=C0PROD',
      },
      noFiles,
    );
    expect(config.routes).toEqual([
      { match: { kind: 'topic', value: 'arn:aws:sns:us-east-1:123456789012:sec-alerts' }, channel: 'C0SEC' },
      { match: { kind: 'account', value: '210987654321' }, channel: 'G0PRIVATE' },
      { match: { kind: 'prefix', value: 'prod-' }, channel: 'C0PROD' },
    ]);
  });

  it('ignores empty entries between commas', () => {
    const config = loadConfig({ ...base(), FIREBREAK_ROUTES: ',prefix:a=C0A,,prefix:b=C0B,' }, noFiles);
    expect(config.routes.map((route) => route.channel)).toEqual(['C0A', 'C0B']);
  });
});

describe('loadConfig: the result', () => {
  it('is frozen, nested objects included', () => {
    const config = loadConfig(
      { ...base(), REDIS_URL: 'redis://localhost:6379', FIREBREAK_ROUTES: 'prefix:x=C0X' },
      noFiles,
    );
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.slack)).toBe(true);
    expect(Object.isFrozen(config.routes)).toBe(true);
    expect(Object.isFrozen(config.sns)).toBe(true);
    expect(Object.isFrozen(config.sns.topicArns)).toBe(true);
    expect(Object.isFrozen(config.redis)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(() => {
      (config.slack as { botToken: string }).botToken = 'xoxb-other';
    }).toThrow(TypeError);
  });

  it('never contains the token or secret in any error, whichever variable is wrong', () => {
    const broken = [
      'PORT',
      'LOG_LEVEL',
      'SLACK_COMMAND',
      'FIREBREAK_CHANNEL',
      'SNS_MAX_AGE',
      'SNS_TOPIC_ARNS',
    ];
    for (const name of broken) {
      const message = configError({ ...base(), [name]: `${TOKEN}${SECRET}<>` }).message;
      expect(message).not.toContain(TOKEN);
      expect(message).not.toContain(SECRET);
    }
  });
});
