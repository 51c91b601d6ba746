import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { alarmMessage, E2E_TOPIC, type E2eWorld, startE2eWorld } from '../support/e2e-harness.js';
import { eventually } from '../support/eventually.js';
import { notificationFor, subscriptionConfirmationFor } from '../support/sns-signer.js';

/**
 * The bot in a child process, driven as Slack and SNS drive it: signed SNS notifications to /sns, signed Slack
 * requests to /slack/events, and the Slack Web API simulator recording everything the bot sends.
 */
const CHANNEL = 'C0INCIDENTS';
const USER = 'U0ONCALL';

let world: E2eWorld;

function alarm(name: string, state: 'ALARM' | 'OK', at: Date): string {
  return alarmMessage({
    name,
    state,
    at,
    trigger: {
      MetricName: 'CPUUtilization',
      Namespace: 'AWS/EC2',
      Statistic: 'AVERAGE',
      Dimensions: [{ name: 'InstanceId', value: 'i-0abc1234def567890' }],
      Period: 300,
      EvaluationPeriods: 3,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 90,
    },
    fields: {
      AlarmDescription: 'CPU above 90% <!channel> <https://evil.example|console>',
      NewStateReason:
        state === 'ALARM' ? 'Threshold Crossed: 3 datapoints > 90.0' : 'Threshold Crossed: back below 90.0',
      Region: 'EU (Ireland)',
      OldStateValue: state === 'ALARM' ? 'OK' : 'ALARM',
    },
  });
}

const signed = (message: string, version: '1' | '2' = '2') => world.signedNotification(message, version);
const postSns = (body: string) => world.postSns(body);
const cards = () => world.slack.messages(CHANNEL).filter((message) => !message.thread_ts);
const cardFor = (name: string) => cards().find((message) => message.text.includes(name));
const openIncidentFor = (name: string) => world.openIncidentFor(name);
const slash = (text: string) => world.commandBody(text, { user: USER });
const responseUrlPosts = () => world.replies();

beforeAll(async () => {
  world = await startE2eWorld({
    name: 'detect',
    redis: { url: inject('redisUrl'), db: 7 },
    channel: CHANNEL,
    mode: 'live',
    env: { FIREBREAK_CARD_UPDATE_INTERVAL: '300ms', LOG_LEVEL: 'debug' },
  });
});

afterAll(async () => {
  await world?.close();
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
    const timeline = await world.store.timeline(incident!.id);
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
    const alarms = (await world.store.timeline(incident!.id)).filter((event) => event.type === 'alarm');
    expect(alarms.map((event) => (event.type === 'alarm' ? [event.state, event.applied] : []))).toEqual([
      ['ALARM', true],
      ['OK', true],
      ['ALARM', false],
    ]);
  });

  it('refuses forged, unknown-topic and stale messages with 4xx and calls Slack for none of them', async () => {
    const before = world.slack.calls.length;
    const message = notificationFor(E2E_TOPIC, alarm('forged-alarm', 'ALARM', new Date()));
    const good = world.signer.sign(message, '2');
    expect(
      await postSns(JSON.stringify({ ...good, Message: alarm('forged-alarm-2', 'ALARM', new Date()) })),
    ).toBe(403);
    const otherTopic = 'arn:aws:sns:eu-west-1:123456789012:someone-elses-topic';
    expect(
      await postSns(
        JSON.stringify(world.signer.sign(notificationFor(otherTopic, alarm('x', 'ALARM', new Date())), '2')),
      ),
    ).toBe(403);
    const stale = world.signer.sign(
      notificationFor(E2E_TOPIC, alarm('stale', 'ALARM', new Date()), {
        timestamp: new Date(Date.now() - 7 * 3600_000),
      }),
      '2',
    );
    expect(await postSns(JSON.stringify(stale))).toBe(400);
    expect(await postSns('not json')).toBe(400);
    // A subscription confirmation whose SubscribeURL names another topic is refused, and nothing is fetched.
    const confirmation = subscriptionConfirmationFor(E2E_TOPIC);
    const hijacked = {
      ...confirmation,
      SubscribeURL: confirmation.SubscribeURL.replace('firebreak-alarms', 'other'),
    };
    expect(await postSns(JSON.stringify(world.signer.sign(hijacked, '2')))).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(world.slack.calls.length).toBe(before);
    expect(await openIncidentFor('forged-alarm')).toBeUndefined();
    expect(await openIncidentFor('forged-alarm-2')).toBeUndefined();
  });

  it('answers /ir help in the ack, /ir status through response_url, and a bad argument with the usage line', async () => {
    const help = await world.runCommand('help', { user: USER });
    expect(help.status).toBe(200);
    expect(help.body).toContain('/ir close');
    const bad = await world.runCommand('close nonsense', { user: USER });
    expect(bad.body).toContain('Usage: `/ir close');
    const unknown = await world.runCommand('explode', { user: USER });
    expect(unknown.body).toContain('Unknown subcommand');
    const posts = responseUrlPosts().length;
    const status = await world.runCommand('status', { user: USER });
    expect(status.status).toBe(200);
    const reply = await eventually(
      () => responseUrlPosts(),
      (calls) => calls.length > posts,
    );
    expect(reply.at(-1)).toContain('prod-web-cpu-high');
  });

  it('records an acknowledgement from the card button, on the timeline and on the card', async () => {
    const incident = await openIncidentFor('prod-web-cpu-high');
    expect(
      (await world.clickButton(USER, 'incident.acknowledge', incident!.id, { messageTs: incident!.cardTs }))
        .status,
    ).toBe(200);
    const acknowledged = await eventually(
      () => world.store.get(incident!.id),
      (value) => Boolean(value?.acknowledgedBy),
    );
    expect(acknowledged?.acknowledgedBy).toBe(USER);
    await eventually(
      () => cardFor('prod-web-cpu-high'),
      (message) => JSON.stringify(message?.blocks).includes(USER),
    );
    const timeline = await world.store.timeline(incident!.id);
    expect(timeline.some((event) => event.type === 'acknowledged' && event.actor === USER)).toBe(true);
  });

  it('rejects forged Slack requests (wrong secret, stale, future, replayed, ssl_check smuggling) with no effect', async () => {
    const incident = await openIncidentFor('prod-web-cpu-high');
    const close = slash(`close resolved inc=${incident!.id}`);
    const url = `${world.bot.url}/slack/events`;
    const now = Math.floor(Date.now() / 1000);
    const posts = responseUrlPosts().length;
    expect((await world.post(close, { secret: 'not-the-signing-secret-at-all' })).status).toBe(401);
    expect((await world.post(close, { timestamp: now - 301 })).status).toBe(401);
    expect((await world.post(close, { timestamp: now + 301 })).status).toBe(401);
    const smuggled = `ssl_check=1&${close}`;
    const ssl = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: smuggled,
    });
    expect(ssl.status).toBe(200);
    expect(await ssl.text()).toBe('');
    const foreign = world.commandBody(`close resolved inc=${incident!.id}`, {
      user: USER,
      team: 'T0SOMEONEELSE',
    });
    expect((await world.post(foreign)).status).toBe(403);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await world.store.get(incident!.id))?.status).toBe('open');
    expect(responseUrlPosts().length).toBe(posts);

    // A replay: the same signed request twice. The first closes the incident, the second has no effect.
    const signedAt = Math.floor(Date.now() / 1000);
    const first = await world.post(close, { timestamp: signedAt });
    const replay = await world.post(close, { timestamp: signedAt });
    expect(first.status).toBe(200);
    expect(replay.status).toBe(409);
    await eventually(
      () => world.store.get(incident!.id),
      (value) => value?.status === 'closed',
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const closings = (await world.store.timeline(incident!.id)).filter(
      (event) => event.type === 'closed' || event.type === 'denied',
    );
    expect(closings).toHaveLength(1);
  });

  it('opens a new incident when the alarm fires again after the close', async () => {
    const closedId = (await world.store.listOpen()).some((i) => i.title === 'prod-web-cpu-high');
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
      alarmsOnTimelines += (await world.store.timeline(incident!.id)).filter(
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
    expect((await fetch(`${world.bot.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${world.bot.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, mode: 'live', store: { kind: 'redis' } });
    const metrics = await (await fetch(`${world.bot.url}/metrics`)).text();
    expect(metrics).toMatch(/firebreak_alarms_received_total\{state="ALARM"\} \d+/);
    expect(metrics).toMatch(/firebreak_alarms_deduped_total \d+/);
    expect(metrics).toMatch(/firebreak_sns_rejected_total\{code="SNS_BAD_SIGNATURE"\} \d+/);
    expect(metrics).toMatch(/firebreak_slack_calls_total\{method="chat.postMessage",outcome="ok"\} \d+/);
    expect(metrics).toMatch(/firebreak_store_latency_seconds_count\{op="claimOnce",outcome="ok"\} \d+/);
  });

  it('logged no secret during all of the above', () => {
    const output = world.bot.output();
    expect(output.length).toBeGreaterThan(1000);
    expect(output).not.toContain(world.ids.botToken);
    expect(output).not.toContain(world.ids.signingSecret);
    for (const url of world.issuedResponseUrls) expect(output).not.toContain(url);
    expect(output).not.toContain('Action=ConfirmSubscription');
    expect(output).toContain('"audit":true');
  });
});
