import { App, HTTPReceiver } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Logger } from '../log.js';
import { boltLogger } from './bolt-logger.js';

/**
 * The Bolt app in HTTP mode. server.ts owns the http.Server and hands this receiver's request listener the requests
 * that passed the edge; Bolt's own signature verification stays on behind it.
 */
export function createSlackApp(options: {
  botToken: string;
  signingSecret: string;
  clientOptions: WebClientOptions;
  logger: Logger;
}): { app: App; receiver: HTTPReceiver } {
  const logger = boltLogger(options.logger);
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: '/slack/events',
    processBeforeResponse: false,
    logger,
  });
  const app = new App({
    receiver,
    token: options.botToken,
    clientOptions: options.clientOptions,
    logger,
  });
  app.error(async (error) => {
    options.logger.error({ err: error }, 'unhandled error in a Slack listener');
  });
  return { app, receiver };
}
