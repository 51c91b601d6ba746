import { WebAPIPlatformError, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackSimulator, startSlackSimulator } from '../../src/sandbox/slack-simulator.js';

/** More of the Web API the bot calls, answered in Slack's shapes, errors included. */

const TOKEN = 'xoxb-contract';
const CHANNEL = 'C0INCIDENTS';

async function errorOf(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebAPIPlatformError);
  return (error as WebAPIPlatformError).data.error;
}

describe('Slack simulator contract: errors the bot must handle', () => {
  let sim: SlackSimulator;
  let client: WebClient;

  beforeEach(async () => {
    sim = await startSlackSimulator({
      signingSecret: 'contract-secret-0123456789',
      botToken: TOKEN,
      triggerIds: 'lenient',
    });
    client = new WebClient(TOKEN, {
      slackApiUrl: sim.url,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
  });
  afterEach(async () => {
    await sim.close();
  });

  it('chat.update: message_not_found, channel_not_found, and cant_update_message for a person’s message', async () => {
    expect(await errorOf(client.chat.update({ channel: CHANNEL, ts: '1111111111.000001', text: 'x' }))).toBe(
      'message_not_found',
    );
    expect(
      await errorOf(client.chat.update({ channel: 'C0NOWHERE', ts: '1111111111.000001', text: 'x' })),
    ).toBe('channel_not_found');
    const posted = await fetch(`${sim.origin}/drill/message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'U0ONCALL', channel: CHANNEL, text: 'mine' }),
    });
    const { ts } = (await posted.json()) as { ts: string };
    expect(await errorOf(client.chat.update({ channel: CHANNEL, ts, text: 'edited by the bot' }))).toBe(
      'cant_update_message',
    );
  });

  it('chat.postEphemeral: user_not_found and channel_not_found', async () => {
    expect(await errorOf(client.chat.postEphemeral({ channel: CHANNEL, user: 'U0NOBODY', text: 'x' }))).toBe(
      'user_not_found',
    );
    expect(
      await errorOf(client.chat.postEphemeral({ channel: 'C0NOWHERE', user: 'U0ONCALL', text: 'x' })),
    ).toBe('channel_not_found');
  });

  it('conversations.info and chat.getPermalink answer in Slack’s shape', async () => {
    expect(await errorOf(client.conversations.info({ channel: 'C0NOWHERE' }))).toBe('channel_not_found');
    const info = await client.conversations.info({ channel: CHANNEL });
    expect(info.channel).toMatchObject({ id: CHANNEL, name: 'incidents', is_member: true });
    const { ts } = await client.chat.postMessage({ channel: CHANNEL, text: 'card' });
    const link = await client.chat.getPermalink({ channel: CHANNEL, message_ts: ts! });
    expect(link.permalink).toBe(
      `https://firebreak-drill.slack.com/archives/${CHANNEL}/p${ts!.replace('.', '')}`,
    );
  });

  it('views.update: not_found for an unknown view, hash_conflict for a stale hash', async () => {
    const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'A' }, blocks: [] };
    expect(await errorOf(client.views.update({ view_id: 'V0000000099', view }))).toBe('not_found');
    const opened = await client.views.open({ trigger_id: sim.triggerId({ user: 'U0ONCALL' }), view });
    await client.views.update({ view_id: opened.view!.id!, view, hash: opened.view!.hash! });
    expect(
      await errorOf(client.views.update({ view_id: opened.view!.id!, view, hash: opened.view!.hash! })),
    ).toBe('hash_conflict');
  });

  it('a response_url from an ephemeral replaces or deletes that ephemeral for its viewer', async () => {
    const { message_ts } = await client.chat.postEphemeral({
      channel: CHANNEL,
      user: 'U0ONCALL',
      text: 'Working…',
    });
    const url = sim.responseUrl({ channel: CHANNEL, user: 'U0ONCALL', messageTs: message_ts });
    const replace = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ replace_original: true, text: 'Done.' }),
    });
    expect(replace.status).toBe(200);
    expect(sim.ephemerals({ user: 'U0ONCALL' }).map((e) => e.text)).toEqual(['Done.']);
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ delete_original: true }),
    });
    expect(sim.ephemerals({ user: 'U0ONCALL' })).toEqual([]);
  });
});
