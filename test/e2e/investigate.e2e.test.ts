import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addCloudTrailEvent } from '../../src/drill/cloudtrail/lookup-events.js';
import type { CloudTrailRecord } from '../../src/drill/cloudtrail/model.js';
import { DRILL_IDS, SimulatedAccount, seedDrillEnvironment } from '../../src/drill/index.js';
import { createRedisStore } from '../../src/incident/redis-store.js';
import type { IncidentStore } from '../../src/incident/store.js';
import type { TimelineEvent } from '../../src/incident/timeline.js';
import { blockActionsBody, postToBot, slashCommandBody } from '../../src/sandbox/slack-requests.js';
import { type SlackSimulator, startSlackSimulator } from '../../src/sandbox/slack-simulator.js';
import { type BotProcess, startBot } from '../support/bot-process.js';
import { eventually } from '../support/eventually.js';
import { createSnsSigner, notificationFor, type SnsSigner } from '../support/sns-signer.js';

/**
 * Investigation end to end: the bot in a child process in drill mode, with CloudTrail history for alice added to
 * the simulated account before it starts; the Slack simulator keeps the uploaded bytes; real Redis.
 */
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:firebreak-alarms';
const CHANNEL = 'C0INVESTIGATE';
const SECRET = 'investigate-e2e-signing-secret-0123';
const TOKEN = 'xoxb-investigate-e2e';
const TEAM = 'T0FIREBREAK';
const APP = 'A0FIREBREAK';
const RESPONDER = 'U0ONCALL';
const ACCOUNT = '123456789012';
const MALLORY_IP = '198.51.100.66';

let slack: SlackSimulator;
let signer: SnsSigner;
let bot: BotProcess;
let store: IncidentStore;
let dir: string;
let statePath: string;
let evidenceDir: string;
const redisUrl = `${inject('redisUrl')}/11`;
const keyPrefix = `investigate-${randomUUID()}:`;

const ago = (minutes: number) => `${new Date(Date.now() - minutes * 60_000).toISOString().slice(0, 19)}Z`;

function aliceIdentity() {
  return {
    type: 'IAMUser',
    principalId: 'AIDAALICEEXAMPLE00001',
    arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
    accountId: ACCOUNT,
    accessKeyId: DRILL_IDS.accessKeys.aliceActive,
    userName: 'alice',
  };
}

/** Alice's history: a console login without MFA (us-east-1), an SSH port opened to the world, a quiet read. */
function aliceEvents(): CloudTrailRecord[] {
  const base = {
    eventVersion: '1.09',
    userIdentity: aliceIdentity(),
    sourceIPAddress: MALLORY_IP,
    userAgent: 'aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.11.8',
    responseElements: null,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
  };
  return [
    {
      ...base,
      userIdentity: { ...aliceIdentity(), accessKeyId: undefined },
      eventTime: ago(30),
      eventSource: 'signin.amazonaws.com',
      eventName: 'ConsoleLogin',
      awsRegion: 'us-east-1',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) <!channel>',
      requestParameters: null,
      responseElements: { ConsoleLogin: 'Success' },
      additionalEventData: { LoginTo: 'https://console.aws.amazon.com/', MobileVersion: 'No', MFAUsed: 'No' },
      eventType: 'AwsConsoleSignIn',
      eventID: '11111111-1111-4111-8111-111111111111',
    },
    {
      ...base,
      eventTime: ago(20),
      eventSource: 'ec2.amazonaws.com',
      eventName: 'AuthorizeSecurityGroupIngress',
      awsRegion: 'eu-west-1',
      requestParameters: {
        groupId: DRILL_IDS.securityGroups.web,
        ipPermissions: {
          items: [
            {
              ipProtocol: 'tcp',
              fromPort: 22,
              toPort: 22,
              ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] },
            },
          ],
        },
      },
      responseElements: { _return: true },
      eventID: '22222222-2222-4222-8222-222222222222',
    },
    {
      ...base,
      eventTime: ago(10),
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DescribeInstances',
      awsRegion: 'eu-west-1',
      readOnly: true,
      requestParameters: { instancesSet: { items: [{ instanceId: DRILL_IDS.instances.web }] } },
      // LookupEvents' Event.Resources, which the drill derives from the record's resources.
      resources: [{ ARN: DRILL_IDS.instances.web, type: 'AWS::EC2::Instance', accountId: ACCOUNT }],
      eventID: '33333333-3333-4333-8333-333333333333',
    },
  ];
}

function botEnv(): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.url,
    SLACK_TEAM_ID: TEAM,
    FIREBREAK_CHANNEL: CHANNEL,
    FIREBREAK_CARD_UPDATE_INTERVAL: '200ms',
    FIREBREAK_MODE: 'drill',
    FIREBREAK_DRILL_STATE: statePath,
    FIREBREAK_RESPONDERS: RESPONDER,
    AWS_REGION: 'eu-west-1',
    SNS_TOPIC_ARNS: TOPIC,
    SNS_SIGNING_CERTS_DIR: signer.certsDir,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: keyPrefix,
    EVIDENCE_DIR: evidenceDir,
    LOG_LEVEL: 'info',
  };
}

const networkOut = (instanceId: string) => ({
  MetricName: 'NetworkOut',
  Namespace: 'AWS/EC2',
  Statistic: 'SUM',
  Dimensions: [{ name: 'InstanceId', value: instanceId }],
  Period: 60,
  EvaluationPeriods: 1,
  ComparisonOperator: 'GreaterThanThreshold',
  Threshold: 1e9,
});

async function alarmOn(instanceId: string, name: string, trigger: object = networkOut(instanceId)) {
  const message = JSON.stringify({
    AlarmName: name,
    AWSAccountId: ACCOUNT,
    NewStateValue: 'ALARM',
    NewStateReason: 'Threshold Crossed',
    StateChangeTime: new Date().toISOString().replace('Z', '+0000'),
    AlarmArn: `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:${name}`,
    Trigger: trigger,
  });
  const body = JSON.stringify(signer.sign(notificationFor(TOPIC, message), '2'));
  const response = await fetch(`${bot.url}/sns`, { method: 'POST', body });
  expect(response.status).toBe(200);
  const id = await eventually(() => store.openIncidentIdForAlarm(`${ACCOUNT}/eu-west-1/${name}`), Boolean);
  const incident = await eventually(
    () => store.get(id!),
    (value) => Boolean(value?.cardTs),
  );
  return { incidentId: id!, cardTs: incident!.cardTs! } as { incidentId: string; cardTs: string };
}

function clickInvestigate(target: { incidentId: string; cardTs: string }) {
  const body = blockActionsBody({
    user: RESPONDER,
    team: TEAM,
    api_app_id: APP,
    trigger_id: slack.triggerId(),
    actions: [{ type: 'button', action_id: 'incident.investigate', value: target.incidentId }],
    channel: CHANNEL,
    message_ts: target.cardTs,
    response_url: slack.responseUrl({ channel: CHANNEL, user: RESPONDER, messageTs: target.cardTs }),
  });
  return postToBot(`${bot.url}/slack/events`, body, { secret: SECRET });
}

function slash(text: string) {
  return postToBot(
    `${bot.url}/slack/events`,
    slashCommandBody({
      text,
      user_id: RESPONDER,
      channel_id: CHANNEL,
      team_id: TEAM,
      api_app_id: APP,
      response_url: slack.responseUrl({ channel: CHANNEL, user: RESPONDER }),
      trigger_id: slack.triggerId(),
    }),
    { secret: SECRET },
  );
}

const investigations = async (incidentId: string) =>
  (await store.timeline(incidentId)).filter(
    (event): event is Extract<TimelineEvent, { type: 'investigation' }> => event.type === 'investigation',
  );

const threadMessages = (cardTs: string) =>
  slack.messages(CHANNEL).filter((message) => message.thread_ts === cardTs && message.ts !== cardTs);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'firebreak-investigate-'));
  statePath = join(dir, 'drill-account.json');
  evidenceDir = join(dir, 'evidence');
  const account = SimulatedAccount.open({ persistPath: statePath }, seedDrillEnvironment);
  for (const record of aliceEvents())
    account.mutate(record.awsRegion, (ctx) => addCloudTrailEvent(ctx, record));
  signer = await createSnsSigner();
  slack = await startSlackSimulator({
    signingSecret: SECRET,
    botToken: TOKEN,
    teamId: TEAM,
    appId: APP,
    users: [{ id: RESPONDER, name: 'oncall' }],
    channels: [{ id: CHANNEL, name: 'investigate' }],
  });
  store = createRedisStore({ url: redisUrl, keyPrefix });
  bot = await startBot(botEnv());
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await store?.close();
  await slack?.close();
  signer?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('investigating from Slack, end to end', () => {
  let incident: { incidentId: string; cardTs: string };

  it('answers bad arguments in the ack with the usage, and posts nothing', async () => {
    incident = await alarmOn(DRILL_IDS.instances.web, 'web-investigate');
    // The alarm's graph (rendered by the simulated CloudWatch) arrives in the thread on its own.
    const [graph] = await eventually(
      () =>
        slack.files().filter((file) => file.name.endsWith('-alarm-graph.png') && file.channel !== undefined),
      (list) => list.length === 1,
    );
    expect(graph!.threadTs).toBe(incident.cardTs);
    expect(
      graph!.content!.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
    ).toBe(true);
    const before = slack.messages(CHANNEL).length;
    const uploadsBefore = slack.files().length;
    for (const text of ['trail colour=blue', 'trail user=alice since=yesterday', 'trail']) {
      const reply = await slash(text);
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.body).text).toContain('Usage: `/ir trail');
    }
    // Give a wrongly started search time to show itself.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(slack.messages(CHANNEL).length).toBe(before);
    expect(slack.files().length).toBe(uploadsBefore);
    expect(await investigations(incident.incidentId)).toEqual([]);
  }, 120_000);

  it('/ir trail user=alice since=1h: searching, flagged results in the thread, evidence attached and kept', async () => {
    const reply = await slash('trail user=alice since=1h');
    expect(reply.status).toBe(200);
    await eventually(
      () => slack.callsTo('response_url').map((call) => JSON.stringify(call.args)),
      (texts) => texts.some((text) => text.includes('Searching CloudTrail')),
    );
    const [event] = await eventually(
      () => investigations(incident.incidentId),
      (list) => list.length === 1,
    );
    expect(event!.actor).toBe(RESPONDER);
    expect(event!.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(event!.eventCount).toBe(3);
    expect(event!.flagged.map((flag) => flag.eventName)).toEqual(
      expect.arrayContaining(['ConsoleLogin', 'AuthorizeSecurityGroupIngress']),
    );

    const results = threadMessages(incident.cardTs).find((message) => message.text.startsWith('CloudTrail:'));
    expect(results).toBeDefined();
    const blocks = JSON.stringify(results!.blocks);
    expect(blocks).toContain('Regions searched: eu-west-1, us-east-1');
    expect(blocks).toContain('ConsoleLogin');
    expect(blocks).toContain('AuthorizeSecurityGroupIngress');
    expect(blocks).toMatch(/CRITICAL|HIGH/);
    expect(blocks).not.toContain('<!channel>');
    expect(blocks).toContain('investigate.revoke');
    // Flagged first: the quiet DescribeInstances, although newest, comes after both flagged events.
    expect(blocks.indexOf('DescribeInstances')).toBeGreaterThan(
      blocks.indexOf('AuthorizeSecurityGroupIngress'),
    );

    const files = await eventually(
      () =>
        slack
          .files()
          .filter((file) => file.threadTs === incident.cardTs && /-trail\.(jsonl|csv)$/.test(file.name)),
      (list) => list.length === 2 && list.every((file) => file.channel === CHANNEL),
    );
    for (const file of files) {
      const recorded = event!.evidence.find((item) => item.name === file.name);
      expect(recorded, file.name).toBeDefined();
      expect(createHash('sha256').update(file.content!).digest('hex')).toBe(recorded!.sha256);
      expect(file.content!.length).toBe(recorded!.bytes);
      const onDisk = join(evidenceDir, incident.incidentId, file.name);
      expect(existsSync(onDisk)).toBe(true);
      expect(readFileSync(onDisk).equals(file.content!)).toBe(true);
    }
    const jsonl = files.find((file) => file.name.endsWith('.jsonl'))!.content!.toString('utf8');
    expect(
      jsonl
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).eventName)
        .sort(),
    ).toEqual(['AuthorizeSecurityGroupIngress', 'ConsoleLogin', 'DescribeInstances']);
    const csv = files.find((file) => file.name.endsWith('.csv'))!.content!.toString('utf8');
    expect(csv.split('\r\n')[0]).toContain('eventTime,eventName');
  }, 120_000);

  it("a result's Revoke button opens contain's own preview, with its confirmation", async () => {
    const results = threadMessages(incident.cardTs).find(
      (message) => message.text.startsWith('CloudTrail:') && message.text.includes('user=alice'),
    );
    const button = (results!.blocks as { type: string; elements?: { action_id: string; value?: string }[] }[])
      .flatMap((block) => (block.type === 'actions' ? (block.elements ?? []) : []))
      .find((element) => element.action_id.startsWith('investigate.revoke:'));
    expect(button?.value).toMatch(
      new RegExp(
        `^${incident.incidentId}\\|(us-east-1|eu-west-1)\\|${ACCOUNT}\\|arn:aws:iam::${ACCOUNT}:user/alice$`,
      ),
    );
    const before = new Set(slack.views().map((view) => view.id));
    const body = blockActionsBody({
      user: RESPONDER,
      team: TEAM,
      api_app_id: APP,
      trigger_id: slack.triggerId(),
      actions: [{ type: 'button', action_id: button!.action_id, value: button!.value! }],
      channel: CHANNEL,
      message_ts: results!.ts,
      response_url: slack.responseUrl({ channel: CHANNEL, user: RESPONDER, messageTs: results!.ts }),
    });
    expect((await postToBot(`${bot.url}/slack/events`, body, { secret: SECRET })).status).toBe(200);
    const view = await eventually(
      () =>
        slack
          .views()
          .find(
            (candidate) =>
              !before.has(candidate.id) &&
              /contain\.confirm|Cannot revoke/.test(JSON.stringify(candidate.view)),
          ),
      Boolean,
    );
    const text = JSON.stringify(view!.view);
    expect(text).toContain('contain.confirm');
    expect(text).toContain('alice');
  }, 120_000);

  it("the card's Investigate button looks at the incident's instance and answers in the thread", async () => {
    const before = (await investigations(incident.incidentId)).length;
    expect((await clickInvestigate(incident)).status).toBe(200);
    const list = await eventually(
      () => investigations(incident.incidentId),
      (events) => events.length === before + 1,
    );
    const event = list.at(-1)!;
    expect(event.query).toContain(`resource=${DRILL_IDS.instances.web}`);
    expect(event.regions).toEqual(['eu-west-1']);
    expect(event.eventCount).toBe(1);
    const answers = threadMessages(incident.cardTs).filter(
      (message) =>
        message.text.startsWith('CloudTrail:') &&
        message.text.includes(`resource=${DRILL_IDS.instances.web}`),
    );
    expect(answers).toHaveLength(1);
    expect(JSON.stringify(answers[0]!.blocks)).toContain('DescribeInstances');
    expect(JSON.stringify(answers[0]!.blocks)).toContain(`investigate.isolate:${DRILL_IDS.instances.web}`);
  }, 120_000);

  it('for a CIS console-sign-in-without-MFA alarm, says who triggered it', async () => {
    const cis = await alarmOn('', 'CIS-3.2-ConsoleSigninWithoutMFA', {
      MetricName: 'ConsoleSigninWithoutMFA',
      Namespace: 'CISBenchmark',
      Statistic: 'SUM',
      Dimensions: [],
      Period: 300,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
    });
    expect((await clickInvestigate(cis)).status).toBe(200);
    const [event] = await eventually(
      () => investigations(cis.incidentId),
      (events) => events.length === 1,
    );
    expect(event!.query).toContain('event=ConsoleLogin');
    expect(event!.regions).toEqual(['eu-west-1', 'us-east-1']);
    const line = await eventually(
      () => threadMessages(cis.cardTs).find((message) => message.text.includes('triggered by')),
      Boolean,
    );
    expect(line!.text).toContain('Management Console sign-in without MFA');
    expect(line!.text).toContain(`arn:aws:iam::${ACCOUNT}:user/alice`);
    expect(line!.text).toContain('ConsoleLogin');
    expect(line!.text).toContain(MALLORY_IP);
  }, 120_000);
});
