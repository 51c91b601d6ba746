import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import {
  attachSimulatedAccount,
  type SdkClientLike,
  SimulatedAccount,
  seedDrillEnvironment,
} from '../../src/drill/index.js';
import type { Incident } from '../../src/incident/incident.js';
import { createRedisStore } from '../../src/incident/redis-store.js';
import type { IncidentStore } from '../../src/incident/store.js';
import { DRILL_WORKSPACE } from '../../src/sandbox/drill-workspace.js';
import {
  type ActionInput,
  type BotReply,
  blockActionsBody,
  messageShortcutBody,
  postToBot,
  slashCommandBody,
  viewSubmissionBody,
} from '../../src/sandbox/slack-requests.js';
import {
  type SimChannel,
  type SimUser,
  type SlackSimulator,
  type StoredView,
  startSlackSimulator,
} from '../../src/sandbox/slack-simulator.js';
import { type BotProcess, startBot } from './bot-process.js';
import { eventually } from './eventually.js';
import { createSnsSigner, notificationFor, type SnsSigner } from './sns-signer.js';

/**
 * One end-to-end "world": the real bot in a child process, the Slack simulator it talks to, a signer for the SNS
 * topic it trusts, and a client of the same Redis, with the helpers a test uses to act as Slack, SNS and AWS do.
 *
 *   world = await startE2eWorld({ name: 'contain', redis: { url: inject('redisUrl'), db: 8 }, ... });
 *   await world.runCommand('freeze', { user: ADMIN });
 *   await world.close();
 */

export const E2E_TEAM = DRILL_WORKSPACE.teamId;
export const E2E_APP = DRILL_WORKSPACE.appId;
export const E2E_ACCOUNT = '123456789012';
export const E2E_REGION = 'eu-west-1';
export const E2E_TOPIC = `arn:aws:sns:${E2E_REGION}:${E2E_ACCOUNT}:firebreak-alarms`;

export interface E2eIds {
  team: string;
  app: string;
  channel: string;
  topic: string;
  signingSecret: string;
  botToken: string;
}

/** Fresh secrets per world, so that a "logged no secret" check looks for values that only this bot was given. */
function freshIds(name: string, channel: string): E2eIds {
  const salt = randomBytes(8).toString('hex');
  return {
    team: E2E_TEAM,
    app: E2E_APP,
    channel,
    topic: E2E_TOPIC,
    signingSecret: `${name}-e2e-signing-secret-${salt}`,
    botToken: `xoxb-${name}-e2e-${salt}`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Acting as Slack

/** Where an interaction happens: inside a modal (`viewId`), or on a message in the channel (`messageTs`, if any). */
export interface Where {
  viewId?: string;
  messageTs?: string;
}

export interface SlashFrom {
  user: string;
  channel?: string;
  /** Another workspace, for requests the bot must refuse. */
  team?: string;
}

export interface SlackDriver {
  /** Signs `body` as Slack does (or with a forged secret or timestamp) and POSTs it to the bot's /slack/events. */
  post(body: string, forged?: { secret?: string; timestamp?: number }): Promise<BotReply>;
  commandBody(text: string, from: SlashFrom): string;
  /** `/ir <text>`, signed and sent. */
  runCommand(text: string, from: SlashFrom): Promise<BotReply>;
  interactionBody(user: string, action: ActionInput, where: Where): string;
  interact(user: string, action: ActionInput, where: Where): Promise<BotReply>;
  clickBody(user: string, actionId: string, value: string, where: Where): string;
  clickButton(user: string, actionId: string, value: string, where: Where): Promise<BotReply>;
  submitView(
    user: string,
    view: { id: string; callback_id: string; private_metadata?: string },
    values: Record<string, Record<string, Record<string, unknown>>>,
  ): Promise<BotReply>;
  /** A message shortcut used on `message` in the channel. */
  messageShortcut(
    user: string,
    callbackId: string,
    message: { ts: string; user?: string; text?: string },
  ): Promise<BotReply>;
  /** Runs `act`, then waits for a modal that was not open before it and that `matches` (given its JSON text). */
  newView(
    act: () => Promise<unknown>,
    matches?: (viewJson: string, view: StoredView) => boolean,
  ): Promise<StoredView>;
  /** A modal's current definition as JSON text (`{}` if there is none). */
  viewJson(viewId: string): string;
  /** Everything the bot posted to response URLs so far, as JSON text. */
  replies(): string[];
  /** Every response URL handed to the bot, to check that none of them is ever logged. */
  readonly issuedResponseUrls: readonly string[];
}

export function createSlackDriver(options: {
  slack: SlackSimulator;
  ids: E2eIds;
  /** The bot's URL now (it changes when a test restarts the bot). */
  botUrl: () => string;
}): SlackDriver {
  const { slack, ids } = options;
  const issuedResponseUrls: string[] = [];
  const responseUrl = (user: string, channel: string, messageTs?: string) => {
    const url = slack.responseUrl({ channel, user, messageTs });
    issuedResponseUrls.push(url);
    return url;
  };
  const post = (body: string, forged: { secret?: string; timestamp?: number } = {}) =>
    postToBot(`${options.botUrl()}/slack/events`, body, {
      secret: forged.secret ?? ids.signingSecret,
      timestamp: forged.timestamp,
    });
  const commandBody = (text: string, from: SlashFrom) => {
    const channel = from.channel ?? ids.channel;
    return slashCommandBody({
      text,
      user_id: from.user,
      channel_id: channel,
      team_id: from.team ?? ids.team,
      api_app_id: ids.app,
      response_url: responseUrl(from.user, channel),
      trigger_id: slack.triggerId(),
    });
  };
  const interactionBody = (user: string, action: ActionInput, where: Where) =>
    blockActionsBody({
      user,
      team: ids.team,
      api_app_id: ids.app,
      trigger_id: slack.triggerId(),
      actions: [action],
      ...(where.viewId
        ? { view: { id: where.viewId } }
        : {
            channel: ids.channel,
            message_ts: where.messageTs,
            response_url: responseUrl(user, ids.channel, where.messageTs),
          }),
    });
  const clickBody = (user: string, actionId: string, value: string, where: Where) =>
    interactionBody(user, { type: 'button', action_id: actionId, value }, where);
  const viewJson = (viewId: string) =>
    JSON.stringify(slack.views().find((view) => view.id === viewId)?.view ?? {});

  return {
    post,
    commandBody,
    runCommand: (text, from) => post(commandBody(text, from)),
    interactionBody,
    interact: (user, action, where) => post(interactionBody(user, action, where)),
    clickBody,
    clickButton: (user, actionId, value, where) => post(clickBody(user, actionId, value, where)),
    submitView: (user, view, values) =>
      post(
        viewSubmissionBody({
          user,
          team: ids.team,
          api_app_id: ids.app,
          trigger_id: slack.triggerId(),
          view,
          values,
        }),
      ),
    messageShortcut: (user, callbackId, message) =>
      post(
        messageShortcutBody({
          callback_id: callbackId,
          user,
          team: ids.team,
          api_app_id: ids.app,
          trigger_id: slack.triggerId(),
          response_url: responseUrl(user, ids.channel),
          channel: ids.channel,
          message,
        }),
      ),
    async newView(act, matches = () => true) {
      const before = new Set(slack.views().map((view) => view.id));
      await act();
      const view = await eventually(
        () =>
          slack
            .views()
            .find(
              (candidate) => !before.has(candidate.id) && matches(JSON.stringify(candidate.view), candidate),
            ),
        Boolean,
      );
      return view!;
    },
    viewJson,
    replies: () => slack.callsTo('response_url').map((call) => JSON.stringify(call.args)),
    issuedResponseUrls,
  };
}

/** The action id (`ACT-…`) a containment or remediation modal offers to confirm. */
export function offeredActionId(view: StoredView): string | undefined {
  return /"value":"(ACT-\d+)"/.exec(JSON.stringify(view.view))?.[1];
}

// ---------------------------------------------------------------------------------------------------------------
// Acting as CloudWatch and SNS

export interface AlarmSpec {
  name: string;
  trigger: Record<string, unknown>;
  state?: 'ALARM' | 'OK';
  at?: Date;
  /** More fields of the CloudWatch message (AlarmDescription, OldStateValue, …), or overrides. */
  fields?: Record<string, unknown>;
}

/** A CloudWatch alarm state change, as the JSON text SNS carries in `Message`. */
export function alarmMessage(spec: AlarmSpec): string {
  const state = spec.state ?? 'ALARM';
  return JSON.stringify({
    AlarmName: spec.name,
    AWSAccountId: E2E_ACCOUNT,
    NewStateValue: state,
    NewStateReason: 'Threshold Crossed',
    StateChangeTime: (spec.at ?? new Date()).toISOString().replace('Z', '+0000'),
    AlarmArn: `arn:aws:cloudwatch:${E2E_REGION}:${E2E_ACCOUNT}:alarm:${spec.name}`,
    Trigger: spec.trigger,
    ...spec.fields,
  });
}

/** An EC2 NetworkOut alarm's trigger, the usual sign of exfiltration. */
export function networkOutTrigger(instanceId: string): Record<string, unknown> {
  return {
    MetricName: 'NetworkOut',
    Namespace: 'AWS/EC2',
    Statistic: 'SUM',
    Dimensions: [{ name: 'InstanceId', value: instanceId }],
    Period: 60,
    EvaluationPeriods: 1,
    ComparisonOperator: 'GreaterThanThreshold',
    Threshold: 1e9,
  };
}

/** How the store knows an alarm's open incident. */
export const alarmKey = (alarmName: string) => `${E2E_ACCOUNT}/${E2E_REGION}/${alarmName}`;

export interface AlarmDriver {
  /** `message` on the trusted topic, signed as SNS signs it, as the body SNS POSTs. */
  signedNotification(message: string, version?: '1' | '2'): string;
  /** POSTs a body to the bot's /sns; resolves with the status. */
  postSns(body: string): Promise<number>;
  /** Sends a signed alarm and waits until the bot has opened its incident and posted the card. */
  fireAlarm(spec: AlarmSpec): Promise<{ incidentId: string; cardTs: string }>;
  openIncidentFor(alarmName: string): Promise<Incident | undefined>;
}

export function createAlarmDriver(options: {
  signer: SnsSigner;
  store: IncidentStore;
  topic: string;
  botUrl: () => string;
}): AlarmDriver {
  const { signer, store } = options;
  const signedNotification = (message: string, version: '1' | '2' = '2') =>
    JSON.stringify(signer.sign(notificationFor(options.topic, message), version));
  const postSns = async (body: string) => {
    const response = await fetch(`${options.botUrl()}/sns`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body,
    });
    await response.text();
    return response.status;
  };
  return {
    signedNotification,
    postSns,
    async fireAlarm(spec) {
      const status = await postSns(signedNotification(alarmMessage(spec)));
      if (status !== 200) throw new Error(`the bot answered a signed alarm with ${status}, not 200`);
      const id = await eventually(() => store.openIncidentIdForAlarm(alarmKey(spec.name)), Boolean);
      const incident = await eventually(
        () => store.get(id!),
        (value) => Boolean(value?.cardTs),
      );
      return { incidentId: id!, cardTs: incident!.cardTs! };
    },
    async openIncidentFor(alarmName) {
      const id = await store.openIncidentIdForAlarm(alarmKey(alarmName));
      return id ? store.get(id) : undefined;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Looking at the simulated AWS account

/** Credentials the simulated account never checks; the SDK only needs some. */
export const drillClientConfig = (region: string) => ({
  region,
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});

/** The simulated account as the bot left it on disk, with `client` answering from it. */
export function onDrillAccount<C extends SdkClientLike>(
  statePath: string,
  client: C,
): { account: SimulatedAccount; client: C } {
  const account = SimulatedAccount.load(statePath);
  attachSimulatedAccount(client, account);
  return { account, client };
}

/** An IAM user's access keys (`id:Status`), inline and attached policies, each sorted, as the bot left them. */
export async function iamUserState(statePath: string, userName: string) {
  const { client: iam } = onDrillAccount(statePath, new IAMClient(drillClientConfig('us-east-1')));
  const keys = (await iam.send(new ListAccessKeysCommand({ UserName: userName }))).AccessKeyMetadata ?? [];
  const inline = (await iam.send(new ListUserPoliciesCommand({ UserName: userName }))).PolicyNames ?? [];
  const attached =
    (await iam.send(new ListAttachedUserPoliciesCommand({ UserName: userName }))).AttachedPolicies ?? [];
  return {
    keys: keys.map((key) => `${key.AccessKeyId}:${key.Status}`).sort(),
    inline: [...inline].sort(),
    attached: attached.map((policy) => policy.PolicyArn).sort(),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The world

export interface E2eWorldOptions {
  /** Names the world's secrets, temporary folder and Redis key prefix. */
  name: string;
  /** The run's Redis (`inject('redisUrl')`) and this file's own database number. */
  redis: { url: string; db: number };
  channel: string;
  /** 'drill' runs the bot against a simulated AWS account persisted in the world's folder. */
  mode: 'live' | 'drill';
  /** Drill mode: seeds the account (after the standard drill seed) before the bot first starts. */
  seedDrill?: (account: SimulatedAccount) => void;
  /** Runs in the world's temporary folder before the bot first starts; returns settings that need that folder. */
  prepare?: (dir: string) => Record<string, string>;
  /** More settings for the bot, or overrides of the defaults. */
  env?: Record<string, string>;
  /** The simulator's people; its defaults when absent. */
  users?: SimUser[];
  channels?: SimChannel[];
  /** A second bot in the same workspace: it shares this world's simulator, secrets and channel (that world closes them). */
  shareSlackWith?: E2eWorld;
}

export interface E2eWorld extends SlackDriver, AlarmDriver {
  readonly ids: E2eIds;
  /** A temporary folder, removed on close. */
  readonly dir: string;
  /** Drill mode: the simulated account's state file. */
  readonly drillStatePath: string;
  readonly slack: SlackSimulator;
  readonly store: IncidentStore;
  readonly signer: SnsSigner;
  /** The bot running now; `restartBot` replaces it. */
  readonly bot: BotProcess;
  /** Stops the bot (if it still runs) and starts a new one with the world's settings and `env`. */
  restartBot(env?: Record<string, string>): Promise<BotProcess>;
  close(): Promise<void>;
}

function botSettings(
  options: E2eWorldOptions,
  parts: {
    ids: E2eIds;
    slackUrl: string;
    redisUrl: string;
    keyPrefix: string;
    signer: SnsSigner;
    drillStatePath: string;
  },
): Record<string, string> {
  const drill: Record<string, string> =
    options.mode === 'drill' ? { FIREBREAK_DRILL_STATE: parts.drillStatePath, AWS_REGION: E2E_REGION } : {};
  return {
    SLACK_BOT_TOKEN: parts.ids.botToken,
    SLACK_SIGNING_SECRET: parts.ids.signingSecret,
    SLACK_API_URL: parts.slackUrl,
    SLACK_TEAM_ID: parts.ids.team,
    SLACK_APP_ID: parts.ids.app,
    FIREBREAK_CHANNEL: parts.ids.channel,
    FIREBREAK_CARD_UPDATE_INTERVAL: '200ms',
    FIREBREAK_MODE: options.mode,
    ...drill,
    SNS_TOPIC_ARNS: parts.ids.topic,
    SNS_SIGNING_CERTS_DIR: parts.signer.certsDir,
    REDIS_URL: parts.redisUrl,
    REDIS_KEY_PREFIX: parts.keyPrefix,
    LOG_LEVEL: 'info',
    ...options.env,
  };
}

/** Starts the simulator (unless shared), the SNS signer, a store client and the bot; see E2eWorldOptions. */
export async function startE2eWorld(options: E2eWorldOptions): Promise<E2eWorld> {
  const shared = options.shareSlackWith;
  const ids = shared?.ids ?? freshIds(options.name, options.channel);
  const dir = mkdtempSync(join(tmpdir(), `firebreak-${options.name}-`));
  const drillStatePath = join(dir, 'drill-account.json');
  const redisUrl = `${options.redis.url}/${options.redis.db}`;
  const keyPrefix = `${options.name}-${randomUUID()}:`;
  const cleanups: (() => unknown)[] = [() => rmSync(dir, { recursive: true, force: true })];
  const cleanUp = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups.length = 0;
  };
  try {
    if (options.mode === 'drill' && options.seedDrill) {
      const account = SimulatedAccount.open({ persistPath: drillStatePath }, seedDrillEnvironment);
      options.seedDrill(account);
    }
    const prepared = options.prepare?.(dir) ?? {};
    const signer = await createSnsSigner();
    cleanups.push(() => signer.cleanup());
    const slack =
      shared?.slack ??
      (await startSlackSimulator({
        signingSecret: ids.signingSecret,
        botToken: ids.botToken,
        teamId: ids.team,
        appId: ids.app,
        users: options.users,
        channels: options.channels,
      }));
    if (!shared) cleanups.push(() => slack.close());
    const store = createRedisStore({ url: redisUrl, keyPrefix });
    cleanups.push(() => store.close());
    const settings = {
      ...botSettings(options, { ids, slackUrl: slack.url, redisUrl, keyPrefix, signer, drillStatePath }),
      ...prepared,
    };
    let bot = await startBot(settings);
    cleanups.push(() => bot.stop());
    const botUrl = () => bot.url;
    return {
      ...createSlackDriver({ slack, ids, botUrl }),
      ...createAlarmDriver({ signer, store, topic: ids.topic, botUrl }),
      ids,
      dir,
      drillStatePath,
      slack,
      store,
      signer,
      get bot() {
        return bot;
      },
      async restartBot(env = {}) {
        await bot.stop();
        bot = await startBot({ ...settings, ...env });
        return bot;
      },
      close: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
