import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { AwsClientFactoryOptions } from '../aws/clients.js';
import type { Config } from '../config.js';
import type { IncidentStore } from '../incident/store.js';
import type { Logger } from '../log.js';
import { DRILL_WORKSPACE } from '../sandbox/drill-workspace.js';
import { type SlackSimulator, startSlackSimulator } from '../sandbox/slack-simulator.js';
import { createSnsSigner, notificationFor, type SnsSigner } from '../sandbox/sns-signer.js';
import type { SimulatedAccount } from './account.js';
import { manifestShortcuts } from './manifest-surface.js';
import { drillAws } from './mode.js';
import { createResettableMemoryStore } from './resettable-store.js';
import { isSampleAlarmKind, SAMPLE_ALARM_KINDS, SAMPLE_ALARMS, sampleAlarmMessage } from './sample-alarms.js';
import { seedDrillEnvironment } from './seed.js';

/**
 * Drill mode with nothing configured: the simulated Slack workspace (and its page) in this process on the bot's
 * port, sample alarms signed with a throwaway key pinned for this process, the simulated AWS account, and an
 * in-memory store the page can reset. The bot itself is wired by main.ts exactly as in live mode; only Slack's URL,
 * the SNS certificates and the AWS clients point here.
 */

export interface DrillRuntime {
  /** The configuration with Slack's API URL and the pinned SNS certificates filled in. */
  config: Config;
  /** AWS client factory options: the simulated account (or the emulator named in FIREBREAK_DRILL_AWS_ENDPOINT). */
  aws: Pick<AwsClientFactoryOptions, 'credentials' | 'decorate' | 'endpoint'>;
  /** The in-memory store the page's Reset empties; undefined when REDIS_URL is set. */
  store?: IncidentStore;
  pageUrl: string;
  slack: SlackSimulator;
  /** Serves the bot's routes (/slack/events, /sns, /healthz, …) on the page's port and prints the page's URL. */
  serve(server: Server): void;
  close(): Promise<void>;
}

const ROOT = [join(import.meta.dirname, '../..'), join(import.meta.dirname, '../../..')].find((dir) =>
  existsSync(join(dir, 'package.json')),
);

export async function startDrillRuntime(
  base: Config,
  logger: Logger,
  print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<DrillRuntime> {
  // A drill prints one line. The SDK's Node-version notice is about talking to AWS, which a drill never does.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let signer: SnsSigner;
  try {
    signer = await createSnsSigner();
  } catch (error) {
    throw new Error(
      `drill mode signs its sample alarms with a throwaway certificate made by openssl, which failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); install openssl`,
    );
  }
  const channelName =
    base.defaultChannel === DRILL_WORKSPACE.channel.id ? DRILL_WORKSPACE.channel.name : 'incidents';
  let slack: SlackSimulator;
  try {
    slack = await startSlackSimulator({
      port: base.port,
      host: base.host,
      signingSecret: base.slack.signingSecret,
      botToken: base.slack.botToken,
      teamId: base.slack.teamId,
      appId: base.slack.appId,
      channels: [{ id: base.defaultChannel, name: channelName }],
      commands: [base.slack.command],
      shortcuts: ROOT ? manifestShortcuts(ROOT) : [],
    });
  } catch (error) {
    signer.cleanup();
    throw error;
  }
  const config: Config = Object.freeze({
    ...base,
    slack: Object.freeze({ ...base.slack, apiUrl: slack.url }),
    sns: Object.freeze({ ...base.sns, signingCertsDir: signer.certsDir }),
  });
  const { account, ...aws } = drillAws(config, logger) as ReturnType<typeof drillAws> & {
    account?: SimulatedAccount;
  };
  const memory = config.redis ? undefined : createResettableMemoryStore();
  const topicArn = config.sns.topicArns[0];

  async function fireAlarm(kind: string): Promise<{ status: number; body: string }> {
    if (!isSampleAlarmKind(kind) || !topicArn) return { status: 400, body: 'unknown alarm or no SNS topic' };
    const message = sampleAlarmMessage(kind, new Date(), topicArn);
    const notification = signer.sign(
      notificationFor(topicArn, JSON.stringify(message), {
        subject: `ALARM: "${SAMPLE_ALARMS[kind].name}" in EU (Ireland)`,
      }),
      '2',
    );
    // As SNS delivers it: a JSON body sent as text/plain, with the message type in a header.
    const response = await fetch(`${slack.origin}/sns`, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain; charset=UTF-8',
        'x-amz-sns-message-type': 'Notification',
        'x-amz-sns-message-id': notification.MessageId,
        'x-amz-sns-topic-arn': topicArn,
      },
      body: JSON.stringify(notification),
    });
    return { status: response.status, body: await response.text() };
  }

  return {
    config,
    aws,
    store: memory?.store,
    pageUrl: `${slack.origin}/`,
    slack,
    serve(server) {
      slack.setFallback((req, res) => server.emit('request', req, res));
      slack.setDrillHooks({
        alarms: SAMPLE_ALARM_KINDS.map((kind) => ({ kind, label: SAMPLE_ALARMS[kind].label })),
        fireAlarm,
        async reset() {
          memory?.reset();
          account?.reseed(seedDrillEnvironment);
          logger.warn(
            memory
              ? 'drill reset: channel cleared, incidents forgotten, simulated account reseeded'
              : 'drill reset: channel cleared, simulated account reseeded; incidents stay in Redis (REDIS_URL is set)',
          );
        },
        info: () => ({
          mode: config.mode,
          account: account?.accountId ?? 'emulator',
          region: config.aws.defaultRegion ?? '',
          store: config.redis ? 'redis' : 'memory',
        }),
      });
      print(`Firebreak drill (DRILL — simulated account): open ${slack.origin}/`);
    },
    async close() {
      await slack.close();
      signer.cleanup();
    },
  };
}
