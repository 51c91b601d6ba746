import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addCloudTrailEvent } from '../../src/drill/cloudtrail/lookup-events.js';
import type { CloudTrailRecord } from '../../src/drill/cloudtrail/model.js';
import { DRILL_IDS } from '../../src/drill/index.js';
import type { TimelineEvent } from '../../src/incident/timeline.js';
import {
  E2E_ACCOUNT as ACCOUNT,
  type E2eWorld,
  networkOutTrigger,
  startE2eWorld,
} from '../support/e2e-harness.js';
import { eventually } from '../support/eventually.js';

/**
 * Investigation end to end: the bot in a child process in drill mode, with CloudTrail history for alice added to
 * the simulated account before it starts; the Slack simulator keeps the uploaded bytes; real Redis.
 */
const CHANNEL = 'C0INVESTIGATE';
const RESPONDER = 'U0ONCALL';
const MALLORY_IP = '198.51.100.66';

let world: E2eWorld;

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

const alarmOn = (instanceId: string, name: string, trigger = networkOutTrigger(instanceId)) =>
  world.fireAlarm({ name, trigger });

const clickInvestigate = (target: { incidentId: string; cardTs: string }) =>
  world.clickButton(RESPONDER, 'incident.investigate', target.incidentId, { messageTs: target.cardTs });

const slash = (text: string) => world.runCommand(text, { user: RESPONDER });

const investigations = async (incidentId: string) =>
  (await world.store.timeline(incidentId)).filter(
    (event): event is Extract<TimelineEvent, { type: 'investigation' }> => event.type === 'investigation',
  );

const threadMessages = (cardTs: string) =>
  world.slack.messages(CHANNEL).filter((message) => message.thread_ts === cardTs && message.ts !== cardTs);

beforeAll(async () => {
  world = await startE2eWorld({
    name: 'investigate',
    redis: { url: inject('redisUrl'), db: 11 },
    channel: CHANNEL,
    mode: 'drill',
    seedDrill: (account) => {
      for (const record of aliceEvents())
        account.mutate(record.awsRegion, (ctx) => addCloudTrailEvent(ctx, record));
    },
    prepare: (dir) => ({ EVIDENCE_DIR: join(dir, 'evidence') }),
    users: [{ id: RESPONDER, name: 'oncall' }],
    channels: [{ id: CHANNEL, name: 'investigate' }],
    env: { FIREBREAK_RESPONDERS: RESPONDER },
  });
}, 60_000);

afterAll(async () => {
  await world?.close();
});

describe('investigating from Slack, end to end', () => {
  let incident: { incidentId: string; cardTs: string };

  it('answers bad arguments in the ack with the usage, and posts nothing', async () => {
    incident = await alarmOn(DRILL_IDS.instances.web, 'web-investigate');
    // The alarm's graph (rendered by the simulated CloudWatch) arrives in the thread on its own.
    const [graph] = await eventually(
      () =>
        world.slack
          .files()
          .filter((file) => file.name.endsWith('-alarm-graph.png') && file.channel !== undefined),
      (list) => list.length === 1,
    );
    expect(graph!.threadTs).toBe(incident.cardTs);
    expect(
      graph!.content!.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
    ).toBe(true);
    const before = world.slack.messages(CHANNEL).length;
    const uploadsBefore = world.slack.files().length;
    for (const text of ['trail colour=blue', 'trail user=alice since=yesterday', 'trail']) {
      const reply = await slash(text);
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.body).text).toContain('Usage: `/ir trail');
    }
    // Give a wrongly started search time to show itself.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(world.slack.messages(CHANNEL).length).toBe(before);
    expect(world.slack.files().length).toBe(uploadsBefore);
    expect(await investigations(incident.incidentId)).toEqual([]);
  }, 120_000);

  it('/ir trail user=alice since=1h: searching, flagged results in the thread, evidence attached and kept', async () => {
    const reply = await slash('trail user=alice since=1h');
    expect(reply.status).toBe(200);
    await eventually(
      () => world.slack.callsTo('response_url').map((call) => JSON.stringify(call.args)),
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
        world.slack
          .files()
          .filter((file) => file.threadTs === incident.cardTs && /-trail\.(jsonl|csv)$/.test(file.name)),
      (list) => list.length === 2 && list.every((file) => file.channel === CHANNEL),
    );
    for (const file of files) {
      const recorded = event!.evidence.find((item) => item.name === file.name);
      expect(recorded, file.name).toBeDefined();
      expect(createHash('sha256').update(file.content!).digest('hex')).toBe(recorded!.sha256);
      expect(file.content!.length).toBe(recorded!.bytes);
      const onDisk = join(world.dir, 'evidence', incident.incidentId, file.name);
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
    const view = await world.newView(
      async () =>
        expect(
          (await world.clickButton(RESPONDER, button!.action_id, button!.value!, { messageTs: results!.ts }))
            .status,
        ).toBe(200),
      (json) => /contain\.confirm|Cannot revoke/.test(json),
    );
    const text = JSON.stringify(view.view);
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

  it('for a CIS console-sign-in-without-MFA alarm, the card itself says who triggered it, without a click', async () => {
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
    // Nobody presses Investigate: the trigger query runs once the card is posted.
    const [event] = await eventually(
      () => investigations(cis.incidentId),
      (events) => events.length === 1,
    );
    expect(event!.actor).toBe('system');
    expect(event!.query).toContain('event=ConsoleLogin');
    expect(event!.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(event!.trigger).toMatchObject({
      principal: `arn:aws:iam::${ACCOUNT}:user/alice`,
      eventName: 'ConsoleLogin',
      sourceIp: MALLORY_IP,
    });
    const line = await eventually(
      () => threadMessages(cis.cardTs).find((message) => message.text.includes('triggered by')),
      Boolean,
    );
    expect(line!.text).toContain('Management Console sign-in without MFA');
    expect(line!.text).toContain(`arn:aws:iam::${ACCOUNT}:user/alice`);
    expect(line!.text).toContain('ConsoleLogin');
    expect(line!.text).toContain(MALLORY_IP);

    // The card is updated in place with the trigger line.
    const card = await eventually(
      () => world.slack.messages(CHANNEL).find((message) => message.ts === cis.cardTs),
      (message) => JSON.stringify(message?.blocks ?? []).includes('Triggered by'),
    );
    const blocks = card!.blocks as { block_id?: string; text?: { text: string } }[];
    const trigger = blocks.find((block) => block.block_id === 'incident-trigger')!.text!.text;
    expect(trigger).toContain(`Triggered by \`arn:aws:iam::${ACCOUNT}:user/alice\``);
    expect(trigger).toContain('ConsoleLogin');
    expect(trigger).toMatch(/\(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC\)/);
    expect(trigger).toContain(MALLORY_IP);
    expect(card!.edits.length).toBeGreaterThan(0);
    // The refresh that showed the trigger did not start another query: the hook runs on the first post only.
    expect(await investigations(cis.incidentId)).toHaveLength(1);
  }, 120_000);
});
