import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

/**
 * Redaction is configured once, here. pino redacts by key path, so every place a secret can sit in a logged
 * object is listed: Slack tokens and the signing secret, AWS keys, response_url, and SNS SubscribeURL/Token.
 * Values inside free-text messages cannot be redacted by key, so no code logs a raw request body.
 */
const SECRET_KEYS = [
  'token',
  'botToken',
  'signingSecret',
  'authorization',
  'response_url',
  'responseUrl',
  'SubscribeURL',
  'UnsubscribeURL',
  'Token',
  'accessKeyId',
  'secretAccessKey',
  'sessionToken',
  'SecretAccessKey',
  'SessionToken',
  'password',
];

const REDACT_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]);

export function createLogger(options: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'firebreak' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}

/** One child logger per incident, so every line about it carries its id. */
export function incidentLogger(logger: Logger, incidentId: string): Logger {
  return logger.child({ incident: incidentId });
}
