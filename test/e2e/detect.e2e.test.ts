import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedisStore } from '../../src/incident/redis-store.js';
import type { IncidentStore } from '../../src/incident/store.js';
import { blockActionsBody, postToBot, slashCommandBody } from '../../src/sandbox/slack-requests.js';
import { type SlackSimulator, startSlackSimulator } from '../../src/sandbox/slack-simulator.js';
import { type BotProcess, startBot } from '../support/bot-process.js';
import { eventually } from '../support/eventually.js';
import {
  createSnsSigner,
  notificationFor,
  type SnsSigner,
  subscriptionConfirmationFor,
} from '../support/sns-signer.js';

/**
 * The bot in a child process, driven as Slack and SNS drive it: signed SNS notifications to /sns, signed Slack
 * requests to /slack/events, and the Slack Web API simulator recording everything the bot sends.
 */
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:firebreak-alarms';
const CHANNEL = 'C0INCIDENTS';
const SECRET = 'e2e-signing-secret-0123456789abcdef';
const TOKEN = 'xoxb-e2e-secret-token-value';
const TEAM = 'T0FIREBREAK';
const APP = 'A0FIREBREAK';
const USER = 'U0ONCALL';

let slack: SlackSimulator;
let signer: SnsSigner;
let bot: BotProcess;
let store: IncidentStore;
const redisUrl = `${inject('redisUrl')}/7`;
const keyPrefix = `e2e-${randomUUID()}:`;
const issuedResponseUrls: string[] = [];

function alarm(name: string, state: 'ALARM' | 'OK', at: Date, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    AlarmName: name,
    AlarmDescription: 'CPU above 90% <!channel> <https://evil.example|console>',
    AWSAccountId: '123456789012',
    NewStateValue: state,
    NewStateReason:
      state === 'ALARM' ? 'Threshold Crossed: 3 datapoints > 90.0' : 'Threshold Crossed: back below 90.0',
    StateChangeTime: at.toISOString().replace('Z', '+0000'),
    Region: 'EU (Ireland)',
    AlarmArn: `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${name}`,
    OldStateValue: state === 'ALARM' ? 'OK' : 'ALARM',
    Trigger: {
      MetricName: 'CPUUtilization',
      Namespace: 'AWS/EC2',
      Statistic: 'AVERAGE',
      Dimensions: [{ name: 'InstanceId', value: 'i-0abc1234def567890' }],
      Period: 300,
      EvaluationPeriods: 3,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 90,
    },
    ...extra,
  });
}

const signed = (message: string, version: '1' | '2' = '2') =>
  JSON.stringify(signer.sign(notificationFor(TOPIC, message), version));

async function postSns(body: string): Promise<number> {
  const response = await fetch(`${bot.url}/sns`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body,
  });
  await response.text();
  return response.status;
}

const cards = () => slack.messages(CHANNEL).filter((message) => !message.thread_ts);
const cardFor = (name: string) => cards().find((message) => message.text.includes(name));

async function openIncidentFor(name: string) {
  const id = await store.openIncidentIdForAlarm(`123456789012/eu-west-1/${name}`);
  return id ? store.get(id) : undefined;
}

function slash(text: string): string {
  const responseUrl = slack.responseUrl({ channel: CHANNEL, user: USER });
  issuedResponseUrls.push(responseUrl);
  return slashCommandBody({
    text,
    user_id: USER,
    channel_id: CHANNEL,
    team_id: TEAM,
    api_app_id: APP,
    response_url: responseUrl,
    trigger_id: slack.triggerId(),
  });
}

const responseUrlPosts = () => slack.callsTo('response_url');

beforeAll(async () => {
  signer = await createSnsSigner();
  slack = await startSlackSimulator({ signingSecret: SECRET, botToken: TOKEN, teamId: TEAM, appId: APP });
  store = createRedisStore({ url: redisUrl, keyPrefix });
  bot = await startBot({
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.url,
    SLACK_TEAM_ID: TEAM,
    SLACK_APP_ID: APP,
    FIREBREAK_CHANNEL: CHANNEL,
    FIREBREAK_CARD_UPDATE_INTERVAL: '300ms',
    SNS_TOPIC_ARNS: TOPIC,
    SNS_SIGNING_CERTS_DIR: signer.certsDir,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: keyPrefix,
    LOG_LEVEL: 'debug',
  });
});

afterAll(async () => {
  await bot?.stop();
  await store?.close();
  await slack?.close();
  signer?.cleanup();
});

describe('detect, end to end', () => {
  it('turns a signed alarm into exactly one card, and five redeliveries into nothing more', async () => {
    const body = signed(alarm('prod-web-cpu-high', 'ALARM', new Date()));
    expect(await postSns(body)).toBe(200);
    for (let i = 0; i < 5; i++) expect(await postSns(body)).toBe(200);
    const card = await eventually(() => cardFor('prod-web-cpu-high'), Boolean);
    const incident = await openIncidentFor('prod-web-cpu-high');
    expect(incident?.alarmCount).toBe(1);
    expect(incident?.cardTs).toBe(card?.ts);
    const timeline = await store.timeline(incident!.id);
    expect(timeline.filter((event) => event.type === 'alarm')).toHaveLength(1);
    expect(cards().filter((message) => message.text.includes('prod-web-cpu-high'))).toHaveLength(1);
    // The description's mention and disguised link arrive escaped, never live.
    const serialized = JSON.stringify(card);
    expect(serialized).not.toContain('<!channel>');
    expect(serialized).not.toContain('<https://evil.example');
  });

  it('marks the card recovered on OK, and an older ALARM delivered late does not un-recover it', async () => {
    const start = new Date(Date.now() - 60_000);
    expect(await postSns(signed(alarm('db-latency', 'ALARM', start)))).toBe(200);
    const card = await eventually(() => cardFor('db-latency'), Boolean);
    expect(await postSns(signed(alarm('db-latency', 'OK', new Date(start.getTime() + 30_000))))).toBe(200);
    expect(await postSns(signed(alarm('db-latency', 'ALARM', new Date(start.getTime() + 10_000))))).toBe(200);
    const updated = await eventually(
      () => cardFor('db-latency'),
      (message) => (message?.edits.length ?? 0) > 0 && JSON.stringify(message?.blocks).includes('ecovered'),
    );
    expect(updated?.ts).toBe(card?.ts);
    const incident = await openIncidentFor('db-latency');
    expect(incident?.alarm?.state).toBe('OK');
    expect(incident?.status).toBe('open');
    const alarms = (await store.timeline(incident!.id)).filter((event) => event.type === 'alarm');
    expect(alarms.map((event) => (event.type === 'alarm' ? [event.state, event.applied] : []))).toEqual([
      ['ALARM', true],
      ['OK', true],
      ['ALARM', false],
    ]);
  });

  it('refuses forged, unknown-topic and stale messages with 4xx and calls Slack for none of them', async () => {
    const before = slack.calls.length;
    const message = notificationFor(TOPIC, alarm('forged-alarm', 'ALARM', new Date()));
    const good = signer.sign(message, '2');
    expect(
      await postSns(JSON.stringify({ ...good, Message: alarm('forged-alarm-2', 'ALARM', new Date()) })),
    ).toBe(403);
    const otherTopic = 'arn:aws:sns:eu-west-1:123456789012:someone-elses-topic';
    expect(
      await postSns(
        JSON.stringify(signer.sign(notificationFor(otherTopic, alarm('x', 'ALARM', new Date())), '2')),
      ),
    ).toBe(403);
    const stale = signer.sign(
      notificationFor(TOPIC, alarm('stale', 'ALARM', new Date()), {
        timestamp: new Date(Date.now() - 7 * 3600_000),
      }),
      '2',
    );
    expect(await postSns(JSON.stringify(stale))).toBe(400);
    expect(await postSns('not json')).toBe(400);
    // A subscription confirmation whose SubscribeURL names another topic is refused, and nothing is fetched.
    const confirmation = subscriptionConfirmationFor(TOPIC);
    const hijacked = {
      ...confirmation,
      SubscribeURL: confirmation.SubscribeURL.replace('firebreak-alarms', 'other'),
    };
    expect(await postSns(JSON.stringify(signer.sign(hijacked, '2')))).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(slack.calls.length).toBe(before);
    expect(await openIncidentFor('forged-alarm')).toBeUndefined();
    expect(await openIncidentFor('forged-alarm-2')).toBeUndefined();
  });

  it('answers /ir help in the ack, /ir status through response_url, and a bad argument with the usage line', async () => {
    const help = await postToBot(`${bot.url}/slack/events`, slash('help'), { secret: SECRET });
    expect(help.status).toBe(200);
    expect(help.body).toContain('/ir close');
    const bad = await postToBot(`${bot.url}/slack/events`, slash('close nonsense'), { secret: SECRET });
    expect(bad.body).toContain('Usage: `/ir close');
    const unknown = await postToBot(`${bot.url}/slack/events`, slash('explode'), { secret: SECRET });
    expect(unknown.body).toContain('Unknown subcommand');
    const posts = responseUrlPosts().length;
    const status = await postToBot(`${bot.url}/slack/events`, slash('status'), { secret: SECRET });
    expect(status.status).toBe(200);
    const reply = await eventually(
      () => responseUrlPosts(),
      (calls) => calls.length > posts,
    );
    expect(JSON.stringify(reply.at(-1)?.args)).toContain('prod-web-cpu-high');
  });

  it('records an acknowledgement from the card button, on the timeline and on the card', async () => {
    const incident = await openIncidentFor('prod-web-cpu-high');
    const responseUrl = slack.responseUrl({ channel: CHANNEL, user: USER, messageTs: incident!.cardTs });
    issuedResponseUrls.push(responseUrl);
    const body = blockActionsBody({
      user: USER,
      team: TEAM,
      api_app_id: APP,
      channel: CHANNEL,
      message_ts: incident!.cardTs,
      trigger_id: slack.triggerId(),
      response_url: responseUrl,
      actions: [{ type: 'button', action_id: 'incident.acknowledge', value: incident!.id }],
    });
    expect((await postToBot(`${bot.url}/slack/events`, body, { secret: SECRET })).status).toBe(200);
    const acknowledged = await eventually(
      () => store.get(incident!.id),
      (value) => Boolean(value?.acknowledgedBy),
    );
    expect(acknowledged?.acknowledgedBy).toBe(USER);
    await eventually(
      () => cardFor('prod-web-cpu-high'),
      (message) => JSON.stringify(message?.blocks).includes(USER),
    );
    const timeline = await store.timeline(incident!.id);
    expect(timeline.some((event) => event.type === 'acknowledged' && event.actor === USER)).toBe(true);
  });

  it('rejects forged Slack requests (wrong secret, stale, future, replayed, ssl_check smuggling) with no effect', async () => {
    const incident = await openIncidentFor('prod-web-cpu-high');
    const close = slash(`close resolved inc=${incident!.id}`);
    const url = `${bot.url}/slack/events`;
    const now = Math.floor(Date.now() / 1000);
    const posts = responseUrlPosts().length;
    expect((await postToBot(url, close, { secret: 'not-the-signing-secret-at-all' })).status).toBe(401);
    expect((await postToBot(url, close, { secret: SECRET, timestamp: now - 301 })).status).toBe(401);
    expect((await postToBot(url, close, { secret: SECRET, timestamp: now + 301 })).status).toBe(401);
    const smuggled = `ssl_check=1&${close}`;
    const ssl = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: smuggled,
    });
    expect(ssl.status).toBe(200);
    expect(await ssl.text()).toBe('');
    const foreign = slashCommandBody({
      text: `close resolved inc=${incident!.id}`,
      user_id: USER,
      channel_id: CHANNEL,
      team_id: 'T0SOMEONEELSE',
      api_app_id: APP,
      response_url: slack.responseUrl({ channel: CHANNEL, user: USER }),
      trigger_id: slack.triggerId(),
    });
    expect((await postToBot(url, foreign, { secret: SECRET })).status).toBe(403);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await store.get(incident!.id))?.status).toBe('open');
    expect(responseUrlPosts().length).toBe(posts);

    // A replay: the same signed request twice. The first closes the incident, the second has no effect.
    const signedAt = Math.floor(Date.now() / 1000);
    const first = await postToBot(url, close, { secret: SECRET, timestamp: signedAt });
    const replay = await postToBot(url, close, { secret: SECRET, timestamp: signedAt });
    expect(first.status).toBe(200);
    expect(replay.status).toBe(409);
    await eventually(
      () => store.get(incident!.id),
      (value) => value?.status === 'closed',
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const closings = (await store.timeline(incident!.id)).filter(
      (event) => event.type === 'closed' || event.type === 'denied',
    );
    expect(closings).toHaveLength(1);
  });

  it('opens a new incident when the alarm fires again after the close', async () => {
    const closedId = (await store.listOpen()).some((i) => i.title === 'prod-web-cpu-high');
    expect(closedId).toBe(false);
    expect(await postSns(signed(alarm('prod-web-cpu-high', 'ALARM', new Date())))).toBe(200);
    await eventually(
      () => cards().filter((message) => message.text.includes('prod-web-cpu-high')),
      (list) => list.length === 2,
    );
  });

  it('turns 500 alarms from 20 alarms in a burst into 20 cards, with every alarm on a timeline', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `storm-${i}`);
    const base = Date.now() - 100_000;
    const bodies = Array.from({ length: 500 }, (_, i) =>
      signed(alarm(names[i % 20]!, 'ALARM', new Date(base + i)), i % 2 ? '1' : '2'),
    );
    const statuses = await Promise.all(bodies.map((body) => postSns(body)));
    expect(statuses.every((status) => status === 200)).toBe(true);
    const stormCards = await eventually(
      () => cards().filter((message) => message.text.includes('storm-')),
      (list) => list.length === 20,
      60_000,
    );
    expect(new Set(stormCards.map((message) => message.text.match(/storm-\d+/)?.[0])).size).toBe(20);
    let alarmsOnTimelines = 0;
    for (const name of names) {
      const incident = await openIncidentFor(name);
      expect(incident?.alarmCount).toBe(25);
      alarmsOnTimelines += (await store.timeline(incident!.id)).filter(
        (event) => event.type === 'alarm',
      ).length;
    }
    expect(alarmsOnTimelines).toBe(500);
    // Every 429 the simulator answered was retried: each card ends up showing its final count.
    await eventually(
      () => cards().filter((message) => message.text.includes('storm-')),
      (list) => list.every((message) => JSON.stringify(message.blocks).includes('25')),
      60_000,
    );
  }, 120_000);

  it('serves health, readiness and Prometheus metrics', async () => {
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${bot.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, mode: 'live', store: { kind: 'redis' } });
    const metrics = await (await fetch(`${bot.url}/metrics`)).text();
    expect(metrics).toMatch(/firebreak_alarms_received_total\{state="ALARM"\} \d+/);
    expect(metrics).toMatch(/firebreak_alarms_deduped_total \d+/);
    expect(metrics).toMatch(/firebreak_sns_rejected_total\{code="SNS_BAD_SIGNATURE"\} \d+/);
    expect(metrics).toMatch(/firebreak_slack_calls_total\{method="chat.postMessage",outcome="ok"\} \d+/);
    expect(metrics).toMatch(/firebreak_store_latency_seconds_count\{op="claimOnce",outcome="ok"\} \d+/);
  });

  it('logged no secret during all of the above', () => {
    const output = bot.output();
    expect(output.length).toBeGreaterThan(1000);
    expect(output).not.toContain(TOKEN);
    expect(output).not.toContain(SECRET);
    for (const url of issuedResponseUrls) expect(output).not.toContain(url);
    expect(output).not.toContain('Action=ConfirmSubscription');
    expect(output).toContain('"audit":true');
  });
});
