import type { WebClientOptions } from '@slack/web-api';
import type { Logger } from '../log.js';
import { boltLogger } from './bolt-logger.js';

/**
 * Options for every @slack/web-api client (Bolt gets them as `clientOptions`). The client's defaults do not suit a
 * bot that must answer within Slack's three seconds: no request timeout, about 30 minutes of retries, and a 429
 * that pauses the client's whole queue. Here a request has a deadline, retries are few and short, and a 429 is
 * handed back at once so the scheduler can pause only the channel that hit the limit.
 */
export function slackClientOptions(options: {
  /** SLACK_API_URL: the sandbox or test harness; omitted means slack.com. */
  slackApiUrl?: string;
  timeoutMs?: number;
  maxRetries?: number;
  /** Adapted to Slack's logger shape. Bolt replaces it with its own; it matters for clients made outside Bolt. */
  logger?: Logger;
}): WebClientOptions {
  const { slackApiUrl, timeoutMs = 10_000, maxRetries = 2, logger } = options;
  return {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    ...(logger ? { logger: boltLogger(logger) } : {}),
    timeout: timeoutMs,
    rejectRateLimitedCalls: true,
    // Retries cover transient network and 5xx failures only (rate limits are rejected above): 0.5 s, then 1 s, …
    retryConfig: {
      retries: maxRetries,
      factor: 2,
      minTimeout: 500,
      maxTimeout: 5_000,
      maxRetryTime: 20_000,
      randomize: true,
    },
  };
}
