import {
  type Logger,
  LogLevel,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebClient,
} from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { type SlackSimulator, startSlackSimulator } from '../../src/sandbox/slack-simulator.js';
import { postToResponseUrl } from '../../src/slack/response-url.js';
import { rateLimitDelayMs } from '../../src/slack/scheduler.js';
import { slackClientOptions } from '../../src/slack/web-client-options.js';

const TOKEN = 'xoxb-test-token';
const BOT_USER = 'U0BOT';
const START = 1_732_608_343_000;

const silent: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};

/** The real client, configured as the contract demands: a 429 is handed back, nothing is retried. */
const clientFor = (sim: SlackSimulator, token: string | undefined) =>
  new WebClient(token, {
    slackApiUrl: sim.url,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    logger: silent,
  });

/** The platform error a call failed with, so tests can assert Slack's error code and metadata. */
async function failure(call: Promise<unknown>): Promise<WebAPIPlatformError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebAPIPlatformError);
  return error as WebAPIPlatformError;
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (action_id: string) => ({
  type: 'button',
  action_id,
  text: { type: 'plain_text', text: action_id },
  value: 'inc-1',
});
const modal = (title = 'Isolate instance', extra: Record<string, unknown> = {}) => ({
  type: 'modal',
  callback_id: 'isolate_confirm',
  title: { type: 'plain_text', text: title },
  close: { type: 'plain_text', text: 'Cancel' },
  blocks: [section('Loading…')],
  ...extra,
});

describe('Slack Web API simulator', () => {
  let now = START;
  let sim: SlackSimulator;
  let slack: WebClient;

  beforeEach(async () => {
    now = START;
    sim = await startSlackSimulator({
      signingSecret: 'test-signing-secret',
      botToken: TOKEN,
      botUserId: BOT_USER,
      teamId: 'T0TEAM',
      appId: 'A0APP',
      now: () => now,
      channels: [
        { id: 'C1', name: 'incidents' },
        { id: 'C2', name: 'ops' },
        { id: 'C3', name: 'random', botIsMember: false },
        { id: 'G1', name: 'secret', isPrivate: true, botIsMember: false },
        { id: 'C4', name: 'small-room', members: ['U0ONCALL'] },
      ],
    });
    slack = clientFor(sim, TOKEN);
  });

  afterEach(async () => {
    await sim.close();
  });

  it('serves loopback HTTP with a Web API base URL ending in /api/', () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
  });

  it('answers auth.test with the bot identity', async () => {
    const result = await slack.auth.test();
    expect(result).toMatchObject({
      ok: true,
      user_id: BOT_USER,
      team_id: 'T0TEAM',
      bot_id: expect.any(String),
    });
  });

  it('posts a message in Slack’s shape, stores it and records the decoded call', async () => {
    const blocks = [section('*Alarm* HighCPU'), { type: 'actions', elements: [button('isolate')] }];
    const result = await slack.chat.postMessage({ channel: 'C1', text: 'Alarm: HighCPU', blocks });

    expect(result).toMatchObject({
      ok: true,
      channel: 'C1',
      message: {
        type: 'message',
        text: 'Alarm: HighCPU',
        user: BOT_USER,
        blocks,
        bot_id: expect.any(String),
      },
    });
    expect(result.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(result.message?.ts).toBe(result.ts);
    const [stored] = sim.messages('C1');
    expect(stored).toMatchObject({ ts: result.ts, text: 'Alarm: HighCPU', blocks, edits: [] });
    const [call] = sim.callsTo('chat.postMessage');
    // The client sends form-encoded JSON strings; the record holds them decoded, and never the token.
    expect(call?.args.blocks).toEqual(blocks);
    expect(call?.args).not.toHaveProperty('token');
    expect(call).toMatchObject({ status: 200, at: START, response: { ok: true, ts: result.ts } });
  });

  it('hands out unique, increasing ts even within one millisecond', async () => {
    const first = await slack.chat.postMessage({ channel: 'C1', text: 'one' });
    const second = await slack.chat.postMessage({ channel: 'C2', text: 'two' });
    const reply = await slack.chat.postMessage({ channel: 'C1', text: 'three', thread_ts: first.ts! });
    expect(new Set([first.ts, second.ts, reply.ts]).size).toBe(3);
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(Number(reply.ts)).toBeGreaterThan(Number(second.ts));
    expect(sim.messages('C1').map((m) => m.thread_ts)).toEqual([undefined, first.ts]);
  });

  it('threads replies and refuses a reply to a message that does not exist', async () => {
    const parent = await slack.chat.postMessage({ channel: 'C1', text: 'card' });
    const reply = await slack.chat.postMessage({ channel: 'C1', text: 'note', thread_ts: parent.ts! });
    expect(reply.message).toMatchObject({ thread_ts: parent.ts });
    const permalink = await slack.chat.getPermalink({ channel: 'C1', message_ts: reply.ts! });
    expect(permalink.permalink).toContain(
      `/archives/C1/p${reply.ts!.replace('.', '')}?thread_ts=${parent.ts}`,
    );
    const error = await failure(
      slack.chat.postMessage({ channel: 'C1', text: 'lost', thread_ts: '1.000001' }),
    );
    expect(error.data.error).toBe('thread_not_found');
  });

  it('updates a message, keeping its edit history', async () => {
    const posted = await slack.chat.postMessage({
      channel: 'C1',
      text: 'open',
      blocks: [section('Status: open')],
    });
    now += 5000;
    const updated = await slack.chat.update({
      channel: 'C1',
      ts: posted.ts!,
      text: 'contained',
      blocks: [section('Status: contained')],
    });

    expect(updated).toMatchObject({ ok: true, channel: 'C1', ts: posted.ts, text: 'contained' });
    const [stored] = sim.messages('C1');
    expect(stored?.text).toBe('contained');
    expect(stored?.blocks).toEqual([section('Status: contained')]);
    expect(stored?.edits).toEqual([
      { text: 'open', blocks: [section('Status: open')], replacedAt: START + 5000 },
    ]);

    const missing = await failure(slack.chat.update({ channel: 'C1', ts: '1732600000.000100', text: 'x' }));
    expect(missing.data.error).toBe('message_not_found');
  });

  it('keeps blocks an update omits and removes them for an empty array, as Slack does', async () => {
    const posted = await slack.chat.postMessage({ channel: 'C1', text: 'a', blocks: [section('a')] });
    await slack.chat.update({ channel: 'C1', ts: posted.ts!, text: 'b' });
    expect(sim.messages('C1')[0]?.blocks).toEqual([section('a')]);
    await slack.chat.update({ channel: 'C1', ts: posted.ts!, text: 'c', blocks: [] });
    expect(sim.messages('C1')[0]?.blocks).toBeUndefined();
  });

  it('posts ephemerals and records who saw them', async () => {
    const result = await slack.chat.postEphemeral({
      channel: 'C1',
      user: 'U0ONCALL',
      text: 'Only you can see this',
    });
    expect(result).toMatchObject({ ok: true, message_ts: expect.stringMatching(/^\d{10}\.\d{6}$/) });
    expect(sim.ephemerals({ user: 'U0ONCALL' })).toMatchObject([
      { channel: 'C1', text: 'Only you can see this' },
    ]);
    expect(sim.messages('C1')).toEqual([]);

    expect(
      (await failure(slack.chat.postEphemeral({ channel: 'C4', user: 'U0ADMIN', text: 'x' }))).data.error,
    ).toBe('user_not_in_channel');
    expect(
      (await failure(slack.chat.postEphemeral({ channel: 'C1', user: 'U0NOBODY', text: 'x' }))).data.error,
    ).toBe('user_not_found');
  });

  it('answers channel_not_found for unknown and hidden channels, not_in_channel where the bot is absent', async () => {
    expect((await failure(slack.chat.postMessage({ channel: 'C0NOPE', text: 'x' }))).data.error).toBe(
      'channel_not_found',
    );
    expect((await failure(slack.chat.postMessage({ channel: 'G1', text: 'x' }))).data.error).toBe(
      'channel_not_found',
    );
    expect((await failure(slack.chat.postMessage({ channel: 'C3', text: 'x' }))).data.error).toBe(
      'not_in_channel',
    );
    expect((await failure(slack.conversations.info({ channel: 'G1' }))).data.error).toBe('channel_not_found');
    const info = await slack.conversations.info({ channel: 'C3' });
    expect(info.channel).toMatchObject({ id: 'C3', name: 'random', is_member: false, is_private: false });
  });

  it('refuses 51 blocks in a message with invalid_blocks and says why', async () => {
    const blocks = Array.from({ length: 51 }, (_, i) => section(`line ${i}`));
    const error = await failure(slack.chat.postMessage({ channel: 'C1', text: 'too long', blocks }));
    expect(error.data.error).toBe('invalid_blocks');
    expect(error.data.response_metadata?.messages?.join('\n')).toMatch(/^\[ERROR\] .*51 blocks/);
    expect(sim.messages('C1')).toEqual([]);
  });

  it('refuses a duplicate action_id with invalid_blocks', async () => {
    const blocks = [{ type: 'actions', elements: [button('isolate'), button('isolate')] }];
    const error = await failure(slack.chat.postMessage({ channel: 'C1', text: 'card', blocks }));
    expect(error.data.error).toBe('invalid_blocks');
    expect(error.data.response_metadata?.messages?.join('\n')).toContain('action_id "isolate"');
  });

  it('answers invalid_blocks_format for blocks that are not JSON', async () => {
    const response = await fetch(`${sim.url}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ channel: 'C1', text: 'x', blocks: '[{"type":' }).toString(),
    });
    expect(await response.json()).toEqual({ ok: false, error: 'invalid_blocks_format' });
  });

  it('rate-limits rapid posts to one channel with 429 and Retry-After, but not posts across channels', async () => {
    for (let i = 0; i < 3; i++) await slack.chat.postMessage({ channel: 'C1', text: `burst ${i}` });
    const error = await slack.chat
      .postMessage({ channel: 'C1', text: 'one too many' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebAPIRateLimitedError);
    expect((error as WebAPIRateLimitedError).retryAfter).toBe(1);
    // The scheduler reads the real client's error as "wait one second".
    expect(rateLimitDelayMs(error)).toBe(1000);

    await expect(slack.chat.postMessage({ channel: 'C2', text: 'other channel' })).resolves.toMatchObject({
      ok: true,
    });
    const raw = await fetch(`${sim.url}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'C1', text: 'still too fast' }),
    });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('1');
    expect(await raw.json()).toEqual({ ok: false, error: 'ratelimited' });
    expect(sim.messages('C1')).toHaveLength(3);
    expect(sim.callsTo('chat.postMessage').filter((c) => c.status === 429)).toHaveLength(2);

    now += 1000;
    await expect(slack.chat.postMessage({ channel: 'C1', text: 'after waiting' })).resolves.toMatchObject({
      ok: true,
    });
  });

  it('accepts JSON bodies as well as form bodies', async () => {
    const response = await fetch(`${sim.url}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: 'C2', text: 'json', blocks: [section('json')] }),
    });
    expect(await response.json()).toMatchObject({
      ok: true,
      channel: 'C2',
      message: { blocks: [section('json')] },
    });
  });

  it('answers invalid_auth for a wrong token and not_authed for none', async () => {
    const wrong = await failure(clientFor(sim, 'xoxb-wrong').chat.postMessage({ channel: 'C1', text: 'x' }));
    expect(wrong.data.error).toBe('invalid_auth');
    const none = await failure(clientFor(sim, undefined).chat.postMessage({ channel: 'C1', text: 'x' }));
    expect(none.data.error).toBe('not_authed');
    expect(sim.messages('C1')).toEqual([]);
  });

  it('answers unknown_method for methods outside its subset', async () => {
    expect(
      (await failure(slack.apiCall('chat.scheduleMessage', { channel: 'C1', text: 'x' }))).data.error,
    ).toBe('unknown_method');
  });

  it('opens, updates and pushes modals, keeping each view’s versions', async () => {
    const opened = await slack.views.open({
      trigger_id: sim.triggerId({ user: 'U0ONCALL' }),
      view: modal() as never,
    });
    expect(opened.view).toMatchObject({
      id: expect.stringMatching(/^V/),
      type: 'modal',
      callback_id: 'isolate_confirm',
      hash: expect.any(String),
      root_view_id: opened.view?.id,
      previous_view_id: null,
      app_id: 'A0APP',
      team_id: 'T0TEAM',
    });
    const filled = modal('Isolate instance', {
      blocks: [section('i-0abc: 2 ENIs')],
      submit: { type: 'plain_text', text: 'Isolate' },
    });
    const updated = await slack.views.update({
      view_id: opened.view!.id!,
      hash: opened.view!.hash!,
      view: filled as never,
    });
    expect(updated.view?.blocks).toEqual(filled.blocks);
    expect(updated.view?.hash).not.toBe(opened.view?.hash);

    const stale = await failure(
      slack.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view: filled as never }),
    );
    expect(stale.data.error).toBe('hash_conflict');

    const pushed = await slack.views.push({
      trigger_id: sim.triggerId({ viewId: opened.view!.id! }),
      view: modal('Details') as never,
    });
    expect(pushed.view).toMatchObject({ root_view_id: opened.view?.id, previous_view_id: opened.view?.id });

    const [root] = sim.views();
    expect(root?.versions.map((v) => v.view.blocks)).toEqual([[section('Loading…')]]);
    expect(root?.view.blocks).toEqual(filled.blocks);
  });

  it('holds trigger_ids to Slack’s rules: issued, used once, within 3 seconds', async () => {
    const invalid = await failure(
      slack.views.open({ trigger_id: '123.456.made-up', view: modal() as never }),
    );
    expect(invalid.data.error).toBe('invalid_trigger_id');

    const trigger = sim.triggerId();
    await slack.views.open({ trigger_id: trigger, view: modal() as never });
    expect(
      (await failure(slack.views.open({ trigger_id: trigger, view: modal() as never }))).data.error,
    ).toBe('exchanged_trigger_id');

    const late = sim.triggerId();
    now += 3001;
    expect((await failure(slack.views.open({ trigger_id: late, view: modal() as never }))).data.error).toBe(
      'expired_trigger_id',
    );
  });

  it('refuses a modal Slack would refuse, with invalid_arguments', async () => {
    const longTitle = await failure(
      slack.views.open({
        trigger_id: sim.triggerId(),
        view: modal('A title much longer than 24 chars') as never,
      }),
    );
    expect(longTitle.data.error).toBe('invalid_arguments');
    expect(longTitle.data.response_metadata?.messages?.[0]).toMatch(/title/);

    const tooMany = modal('Big', { blocks: Array.from({ length: 101 }, (_, i) => section(`${i}`)) });
    const blocks = await failure(slack.views.open({ trigger_id: sim.triggerId(), view: tooMany as never }));
    expect(blocks.data.response_metadata?.messages?.join('\n')).toContain('101 blocks');
  });

  it('answers users.info and usergroups.users.list from its directory', async () => {
    sim.setUsergroup('S0RESPONDERS', ['U0ONCALL', 'U0ADMIN']);
    const user = await slack.users.info({ user: 'U0ADMIN' });
    expect(user.user).toMatchObject({ id: 'U0ADMIN', is_admin: true, team_id: 'T0TEAM' });
    expect((await failure(slack.users.info({ user: 'U0NOBODY' }))).data.error).toBe('user_not_found');
    const group = await slack.usergroups.users.list({ usergroup: 'S0RESPONDERS' });
    expect(group.users).toEqual(['U0ONCALL', 'U0ADMIN']);
    expect((await failure(slack.usergroups.users.list({ usergroup: 'S0NONE' }))).data.error).toBe(
      'no_such_subteam',
    );
  });

  it('accepts posts to the response URLs it hands out, as the bot sends them', async () => {
    const card = await slack.chat.postMessage({ channel: 'C1', text: 'card' });
    const url = sim.responseUrl({ channel: 'C1', user: 'U0ONCALL', messageTs: card.ts! });
    expect(url.startsWith(`${sim.origin}/response/`)).toBe(true);

    await postToResponseUrl({ url, text: 'Working on it…', response_type: 'ephemeral' }, 1000);
    expect(sim.ephemerals({ user: 'U0ONCALL' })).toMatchObject([
      { text: 'Working on it…', via: 'response_url' },
    ]);

    await postToResponseUrl({ url, text: 'Isolated', replace_original: true }, 1000);
    expect(sim.messages('C1')[0]).toMatchObject({ text: 'Isolated', edits: [{ text: 'card' }] });

    await postToResponseUrl({ url, text: 'Incident declared', response_type: 'in_channel' }, 1000);
    expect(sim.messages('C1').map((m) => m.text)).toEqual(['Isolated', 'Incident declared']);
    expect(sim.callsTo('response_url')).toHaveLength(3);
    expect(sim.callsTo('response_url')[0]?.args).toMatchObject({ url, text: 'Working on it…' });
  });

  it('lets a response URL be used 5 times only', async () => {
    const url = sim.responseUrl({ channel: 'C1', user: 'U0ONCALL' });
    for (let i = 0; i < 5; i++) await postToResponseUrl({ url, text: `reply ${i}` }, 1000);
    await expect(postToResponseUrl({ url, text: 'sixth' }, 1000)).rejects.toMatchObject({
      code: 'SLACK_RESPONSE_URL',
    });
    expect(sim.callsTo('response_url').at(-1)).toMatchObject({
      status: 404,
      response: { error: 'used_url' },
    });
  });

  it('resets traffic but keeps its channels and people', async () => {
    sim.addChannel({ id: 'C9', name: 'war-room' });
    await slack.chat.postMessage({ channel: 'C9', text: 'x' });
    sim.reset();
    expect(sim.calls).toEqual([]);
    expect(sim.messages('C9')).toEqual([]);
    await expect(slack.chat.postMessage({ channel: 'C9', text: 'again' })).resolves.toMatchObject({
      ok: true,
    });
  });

  it('works with the bot’s own client options', async () => {
    const client = new WebClient(
      TOKEN,
      slackClientOptions({ slackApiUrl: sim.url, logger: createLogger({ level: 'silent' }) }),
    );
    await expect(client.chat.postMessage({ channel: 'C1', text: 'configured' })).resolves.toMatchObject({
      ok: true,
    });
    for (let i = 0; i < 3; i++)
      await client.chat.postMessage({ channel: 'C1', text: `${i}` }).catch(() => undefined);
    // rejectRateLimitedCalls: the 429 comes straight back instead of pausing the client for Retry-After.
    await expect(client.chat.postMessage({ channel: 'C1', text: 'again' })).rejects.toBeInstanceOf(
      WebAPIRateLimitedError,
    );
  });
});

describe('Slack simulator file uploads (filesUploadV2)', () => {
  let sim: SlackSimulator;
  beforeEach(async () => {
    sim = await startSlackSimulator({ signingSecret: 's'.repeat(32), botToken: TOKEN });
  });
  afterEach(() => sim.close());

  it('keeps the exact bytes the real client uploads and shares them in the thread', async () => {
    const client = clientFor(sim, TOKEN);
    const parent = await client.chat.postMessage({ channel: 'C0INCIDENTS', text: 'card' });
    const csv = 'eventName,sourceIPAddress\n\'=HYPERLINK("x"),203.0.113.7\n';
    const result = await client.filesUploadV2({
      channel_id: 'C0INCIDENTS',
      thread_ts: parent.ts as string,
      content: csv,
      filename: 'trail.csv',
      title: 'CloudTrail results',
      initial_comment: '2 events',
    });
    expect(result.ok).toBe(true);
    const [file] = sim.files();
    expect(file).toMatchObject({ name: 'trail.csv', title: 'CloudTrail results', channel: 'C0INCIDENTS' });
    expect(file?.content?.toString('utf8')).toBe(csv);
    expect(file?.threadTs).toBe(parent.ts);
    const shared = sim.messages('C0INCIDENTS').find((m) => m.files?.length);
    expect(shared).toMatchObject({ thread_ts: parent.ts, text: '2 events', files: [{ id: file?.id }] });
  });

  it('uploads binary content intact', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x10]);
    await clientFor(sim, TOKEN).filesUploadV2({
      channel_id: 'C0INCIDENTS',
      file: png,
      filename: 'graph.png',
    });
    expect(sim.files()[0]?.content?.equals(png)).toBe(true);
  });

  it('refuses to complete a file whose bytes never arrived, and a share to an unknown channel', async () => {
    const client = clientFor(sim, TOKEN);
    const reserved = await client.files.getUploadURLExternal({ filename: 'x.txt', length: 3 });
    const notUploaded = await failure(
      client.files.completeUploadExternal({ files: [{ id: reserved.file_id as string }] }),
    );
    expect(notUploaded.data.error).toBe('file_not_found');
    const unknown = await failure(
      client.filesUploadV2({ channel_id: 'C0NOWHERE', content: 'abc', filename: 'x.txt' }),
    );
    expect(unknown.data.error).toBe('channel_not_found');
  });

  it('refuses an upload whose length differs from the one declared', async () => {
    const reserved = await clientFor(sim, TOKEN).files.getUploadURLExternal({ filename: 'x.txt', length: 3 });
    const response = await fetch(reserved.upload_url as string, { method: 'POST', body: 'abcdef' });
    expect(response.status).toBe(400);
    expect(sim.files()[0]?.content).toBeUndefined();
  });
});
