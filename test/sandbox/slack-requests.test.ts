import type { AddressInfo } from 'node:net';
import {
  App,
  type BlockAction,
  type ButtonAction,
  HTTPReceiver,
  type Logger,
  LogLevel,
  type SlashCommand,
  type StaticSelectAction,
  type ViewOutput,
  verifySlackRequest,
} from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackSimulator, startSlackSimulator } from '../../src/sandbox/slack-simulator.js';
import {
  blockActionsBody,
  postToBot,
  signSlackRequest,
  slashCommandBody,
  viewSubmissionBody,
} from '../support/slack-requests.js';

const SECRET = 'test-signing-secret';
const TOKEN = 'xoxb-test-token';

const silent: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};

describe('signSlackRequest', () => {
  it('produces headers that Bolt’s verifySlackRequest accepts', () => {
    const body = slashCommandBody({
      text: 'isolate i-0abc',
      user_id: 'U0ONCALL',
      channel_id: 'C1',
      team_id: 'T0TEAM',
      api_app_id: 'A0APP',
      response_url: 'http://127.0.0.1/response/1',
      trigger_id: '1.2.abc',
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = signSlackRequest(SECRET, body, timestamp);
    expect(headers['x-slack-signature']).toMatch(/^v0=[0-9a-f]{64}$/);
    const verify = (signedBody: string, secret = SECRET) =>
      verifySlackRequest({
        signingSecret: secret,
        body: signedBody,
        headers: {
          'x-slack-signature': headers['x-slack-signature'],
          'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
        },
      });
    expect(() => verify(body)).not.toThrow();
    expect(() => verify(`${body}&text=rm`)).toThrow(/signature mismatch/);
    expect(() => verify(body, 'another-secret')).toThrow(/signature mismatch/);
  });
});

describe('slashCommandBody', () => {
  it('form-encodes the fields Slack sends, in Slack’s order', () => {
    const body = slashCommandBody({
      text: 'note inc=INC-1 disk full & <paging>',
      user_id: 'U0ONCALL',
      channel_id: 'C1',
      team_id: 'T0TEAM',
      api_app_id: 'A0APP',
      response_url: 'http://127.0.0.1:1/response/abc',
      trigger_id: '1.2.abc',
    });
    expect(body).toContain('command=%2Fir');
    const fields = new URLSearchParams(body);
    expect([...fields.keys()]).toEqual([
      'token',
      'team_id',
      'team_domain',
      'channel_id',
      'channel_name',
      'user_id',
      'user_name',
      'command',
      'text',
      'api_app_id',
      'is_enterprise_install',
      'response_url',
      'trigger_id',
    ]);
    expect(fields.get('text')).toBe('note inc=INC-1 disk full & <paging>');
  });
});

describe('requests to a Bolt app, answered through the simulator', () => {
  let sim: SlackSimulator;
  let receiver: HTTPReceiver;
  let botUrl: string;
  const seen: { commands: SlashCommand[]; actions: BlockAction[]; views: ViewOutput[] } = {
    commands: [],
    actions: [],
    views: [],
  };

  beforeEach(async () => {
    seen.commands = [];
    seen.actions = [];
    seen.views = [];
    sim = await startSlackSimulator({
      signingSecret: SECRET,
      botToken: TOKEN,
      botUserId: 'U0BOT',
      teamId: 'T0TEAM',
      appId: 'A0APP',
      channels: [{ id: 'C1', name: 'incidents' }],
    });
    // processBeforeResponse: the HTTP reply waits for the listener, so tests need no polling for its effects.
    receiver = new HTTPReceiver({
      signingSecret: SECRET,
      endpoints: '/slack/events',
      logger: silent,
      processBeforeResponse: true,
    });
    const app = new App({ receiver, token: TOKEN, logger: silent, clientOptions: { slackApiUrl: sim.url } });
    app.command('/ir', async ({ command, ack, respond }) => {
      seen.commands.push(command);
      await ack();
      await respond({ text: `Got: ${command.text}` });
    });
    app.action<BlockAction>(/.*/, async ({ body, ack }) => {
      seen.actions.push(body);
      await ack();
    });
    app.view('isolate_confirm', async ({ view, ack }) => {
      seen.views.push(view);
      await ack();
    });
    const server = await receiver.start(0);
    botUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });

  afterEach(async () => {
    await receiver.stop();
    await sim.close();
  });

  it('delivers a slash command that Bolt parses and answers through the response URL', async () => {
    const responseUrl = sim.responseUrl({ channel: 'C1', user: 'U0ONCALL' });
    const body = slashCommandBody({
      text: 'isolate i-0abc',
      user_id: 'U0ONCALL',
      channel_id: 'C1',
      team_id: 'T0TEAM',
      api_app_id: 'A0APP',
      response_url: responseUrl,
      trigger_id: sim.triggerId({ user: 'U0ONCALL' }),
    });
    const reply = await sim.sendToBot(botUrl, body);
    expect(reply.status).toBe(200);

    expect(seen.commands[0]).toMatchObject({
      command: '/ir',
      text: 'isolate i-0abc',
      channel_id: 'C1',
      response_url: responseUrl,
    });
    expect(sim.ephemerals({ user: 'U0ONCALL' })[0]).toMatchObject({
      text: 'Got: isolate i-0abc',
      via: 'response_url',
    });
    // Bolt authorised the request by calling auth.test on the simulator.
    expect(sim.callsTo('auth.test')).toHaveLength(1);
  });

  it('delivers button and select clicks in Slack’s block_actions shape', async () => {
    const card = { ts: '1732608343.000100', text: 'card', blocks: [] };
    const button = blockActionsBody({
      user: 'U0ONCALL',
      team: 'T0TEAM',
      api_app_id: 'A0APP',
      channel: 'C1',
      message: card,
      trigger_id: sim.triggerId(),
      response_url: sim.responseUrl({ channel: 'C1', user: 'U0ONCALL', messageTs: card.ts }),
      actions: [{ type: 'button', action_id: 'isolate', value: 'act-42' }],
    });
    const select = blockActionsBody({
      user: { id: 'U0ADMIN', username: 'secadmin' },
      team: { id: 'T0TEAM', domain: 'acme' },
      api_app_id: 'A0APP',
      channel: 'C1',
      message_ts: card.ts,
      trigger_id: sim.triggerId(),
      actions: [
        { type: 'static_select', action_id: 'resolution', selected_option: { value: 'false_positive' } },
      ],
    });
    expect((await postToBot(botUrl, button, { secret: SECRET })).status).toBe(200);
    expect((await postToBot(botUrl, select, { secret: SECRET })).status).toBe(200);

    const [clicked, chosen] = seen.actions;
    expect(clicked).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0ONCALL', team_id: 'T0TEAM' },
      channel: { id: 'C1' },
      container: { type: 'message', message_ts: card.ts, channel_id: 'C1' },
      message: { ts: card.ts },
      response_url: expect.stringContaining('/response/'),
    });
    expect(clicked?.actions[0] as ButtonAction).toMatchObject({
      type: 'button',
      action_id: 'isolate',
      value: 'act-42',
    });
    expect(chosen?.actions[0] as StaticSelectAction).toMatchObject({
      type: 'static_select',
      action_id: 'resolution',
      selected_option: { value: 'false_positive' },
    });
    expect(chosen?.team).toMatchObject({ id: 'T0TEAM', domain: 'acme' });
  });

  it('delivers a view submission with its state values', async () => {
    const body = viewSubmissionBody({
      user: 'U0ONCALL',
      team: 'T0TEAM',
      api_app_id: 'A0APP',
      trigger_id: sim.triggerId(),
      view: { id: 'V0000000001', callback_id: 'isolate_confirm', private_metadata: '{"action":"act-42"}' },
      values: { reason: { reason_input: { type: 'plain_text_input', value: 'crypto miner' } } },
    });
    expect((await postToBot(botUrl, body, { secret: SECRET })).status).toBe(200);
    expect(seen.views[0]).toMatchObject({
      id: 'V0000000001',
      private_metadata: '{"action":"act-42"}',
      state: { values: { reason: { reason_input: { value: 'crypto miner' } } } },
    });
  });

  it('is refused by Bolt when the signature is forged or the timestamp is stale', async () => {
    const body = blockActionsBody({
      user: 'U0ONCALL',
      team: 'T0TEAM',
      api_app_id: 'A0APP',
      channel: 'C1',
      message_ts: '1732608343.000100',
      trigger_id: 't',
      actions: [{ type: 'button', action_id: 'isolate', value: 'act-42' }],
    });
    const forged = await postToBot(botUrl, body, { secret: SECRET, signature: `v0=${'0'.repeat(64)}` });
    expect(forged.status).toBe(401);
    const stale = await postToBot(botUrl, body, {
      secret: SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    expect(stale.status).toBe(401);
    expect(seen.actions).toEqual([]);
  });
});
