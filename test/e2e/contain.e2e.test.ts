import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeInstanceAttributeCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ActionRecord } from '../../src/contain/action.js';
import { attachSimulatedAccount, DRILL_IDS, SimulatedAccount } from '../../src/drill/index.js';
import { createRedisStore } from '../../src/incident/redis-store.js';
import type { IncidentStore } from '../../src/incident/store.js';
import {
  blockActionsBody,
  postToBot,
  slashCommandBody,
  viewSubmissionBody,
} from '../../src/sandbox/slack-requests.js';
import { type SlackSimulator, startSlackSimulator } from '../../src/sandbox/slack-simulator.js';
import { type BotProcess, startBot } from '../support/bot-process.js';
import { eventually } from '../support/eventually.js';
import { createSnsSigner, notificationFor, type SnsSigner } from '../support/sns-signer.js';

/**
 * Containment end to end: the bot in a child process in drill mode (the simulated AWS account behind the SDK,
 * persisted to a file so it survives a killed process), the Slack simulator, and real Redis.
 */
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:firebreak-alarms';
const CHANNEL = 'C0INCIDENTS';
const SECRET = 'contain-e2e-signing-secret-0123456789';
const TOKEN = 'xoxb-contain-e2e';
const TEAM = 'T0FIREBREAK';
const APP = 'A0FIREBREAK';
const RESPONDER = 'U0ONCALL';
const SECOND = 'U0SECOND';
const OUTSIDER = 'U0OUTSIDER';
const ADMIN = 'U0ADMIN';

let slack: SlackSimulator;
let signer: SnsSigner;
let bot: BotProcess;
let store: IncidentStore;
let dir: string;
let statePath: string;
const redisUrl = `${inject('redisUrl')}/8`;
const keyPrefix = `contain-${randomUUID()}:`;

function botEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.url,
    SLACK_TEAM_ID: TEAM,
    FIREBREAK_CHANNEL: CHANNEL,
    FIREBREAK_CARD_UPDATE_INTERVAL: '200ms',
    FIREBREAK_MODE: 'drill',
    FIREBREAK_DRILL_STATE: statePath,
    FIREBREAK_RESPONDERS: `${RESPONDER},${SECOND}`,
    FIREBREAK_ADMINS: ADMIN,
    FIREBREAK_ACTION_LEASE: '2s',
    FIREBREAK_SNAPSHOTS: 'true',
    AWS_REGION: 'eu-west-1',
    SNS_TOPIC_ARNS: TOPIC,
    SNS_SIGNING_CERTS_DIR: signer.certsDir,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: keyPrefix,
    LOG_LEVEL: 'info',
    ...extra,
  };
}

/** The simulated account as the bot left it on disk, read through a real SDK client. */
function awsNow() {
  const account = SimulatedAccount.load(statePath);
  const ec2 = new EC2Client({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  attachSimulatedAccount(ec2, account);
  return { account, ec2 };
}

async function interfacesOf(instanceId: string) {
  const { ec2 } = awsNow();
  const result = await ec2.send(
    new DescribeNetworkInterfacesCommand({
      Filters: [{ Name: 'attachment.instance-id', Values: [instanceId] }],
    }),
  );
  return (result.NetworkInterfaces ?? []).map((eni) => ({
    id: eni.NetworkInterfaceId!,
    groups: (eni.Groups ?? []).map((group) => group.GroupId!).sort(),
  }));
}

function modifyCallsFor(eniIds: string[]): number {
  return awsNow().account.calls.filter(
    (call) =>
      call.eventName === 'ModifyNetworkInterfaceAttribute' &&
      !call.dryRun &&
      eniIds.includes(String((call.input as { NetworkInterfaceId?: string }).NetworkInterfaceId)) &&
      call.outcome === 'success',
  ).length;
}

const action = (id: string) => store.getRecord<ActionRecord>('action', id);

async function alarmOn(instanceId: string, name: string): Promise<{ incidentId: string; cardTs: string }> {
  const message = JSON.stringify({
    AlarmName: name,
    AWSAccountId: '123456789012',
    NewStateValue: 'ALARM',
    NewStateReason: 'Threshold Crossed',
    StateChangeTime: new Date().toISOString().replace('Z', '+0000'),
    AlarmArn: `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${name}`,
    Trigger: {
      MetricName: 'NetworkOut',
      Namespace: 'AWS/EC2',
      Statistic: 'SUM',
      Dimensions: [{ name: 'InstanceId', value: instanceId }],
      Period: 60,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 1e9,
    },
  });
  const body = JSON.stringify(signer.sign(notificationFor(TOPIC, message), '2'));
  const response = await fetch(`${bot.url}/sns`, { method: 'POST', body });
  expect(response.status).toBe(200);
  const id = await eventually(() => store.openIncidentIdForAlarm(`123456789012/eu-west-1/${name}`), Boolean);
  const incident = await eventually(
    () => store.get(id!),
    (value) => Boolean(value?.cardTs),
  );
  return { incidentId: id!, cardTs: incident!.cardTs! };
}

async function click(
  user: string,
  actionId: string,
  value: string,
  where: { viewId?: string; messageTs?: string },
): Promise<number> {
  const body = blockActionsBody({
    user,
    team: TEAM,
    api_app_id: APP,
    trigger_id: slack.triggerId(),
    actions: [{ type: 'button', action_id: actionId, value }],
    ...(where.viewId
      ? { view: { id: where.viewId } }
      : {
          channel: CHANNEL,
          message_ts: where.messageTs,
          response_url: slack.responseUrl({ channel: CHANNEL, user, messageTs: where.messageTs }),
        }),
  });
  return (await postToBot(`${bot.url}/slack/events`, body, { secret: SECRET })).status;
}

const viewText = (viewId: string) =>
  JSON.stringify(slack.views().find((view) => view.id === viewId)?.view ?? {});

/** Clicks the card's Isolate button and waits for the preview; returns the modal and the action id it offers. */
async function previewIsolation(user: string, incidentId: string, cardTs: string, instanceId: string) {
  const before = new Set(slack.views().map((view) => view.id));
  expect(
    await click(user, `contain.isolate:${instanceId}`, `${incidentId}|${instanceId}`, { messageTs: cardTs }),
  ).toBe(200);
  const view = await eventually(
    () =>
      slack
        .views()
        .find(
          (candidate) =>
            !before.has(candidate.id) &&
            /contain\.confirm|Cannot isolate/.test(JSON.stringify(candidate.view)),
        ),
    Boolean,
  );
  const actionId = /"value":"(ACT-\d+)"/.exec(JSON.stringify(view!.view))?.[1];
  return { viewId: view!.id, actionId };
}

function slash(user: string, text: string): string {
  return slashCommandBody({
    text,
    user_id: user,
    channel_id: CHANNEL,
    team_id: TEAM,
    api_app_id: APP,
    response_url: slack.responseUrl({ channel: CHANNEL, user }),
    trigger_id: slack.triggerId(),
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'firebreak-contain-'));
  statePath = join(dir, 'drill-account.json');
  signer = await createSnsSigner();
  slack = await startSlackSimulator({
    signingSecret: SECRET,
    botToken: TOKEN,
    teamId: TEAM,
    appId: APP,
    users: [RESPONDER, SECOND, OUTSIDER, ADMIN].map((id) => ({ id, name: id.toLowerCase() })),
  });
  store = createRedisStore({ url: redisUrl, keyPrefix });
  bot = await startBot(botEnv());
});

afterAll(async () => {
  await bot?.stop();
  await store?.close();
  await slack?.close();
  signer?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('isolating an instance, end to end', () => {
  const web = DRILL_IDS.instances.web;
  let incident: { incidentId: string; cardTs: string };
  let original: { id: string; groups: string[] }[];

  it('refuses a non-responder at click time, records it, and changes nothing', async () => {
    original = await interfacesOf(web);
    expect(original.length).toBeGreaterThanOrEqual(2);
    incident = await alarmOn(web, 'web-exfiltration');
    const { viewId, actionId } = await previewIsolation(RESPONDER, incident.incidentId, incident.cardTs, web);
    expect(actionId).toBeDefined();
    expect(viewText(viewId)).toContain(DRILL_IDS.networkInterfaces.webTrunk);
    expect(viewText(viewId)).toContain('Isolate + NACL deny');
    expect(await click(OUTSIDER, 'contain.confirm', actionId!, { viewId })).toBe(200);
    await eventually(
      () => viewText(viewId),
      (text) => text.includes('NOT_A_RESPONDER'),
    );
    expect(modifyCallsFor(original.map((eni) => eni.id))).toBe(0);
    const timeline = await store.timeline(incident.incidentId);
    expect(timeline.some((event) => event.type === 'denied' && event.actor === OUTSIDER)).toBe(true);
  }, 120_000);

  it('isolates every interface exactly once under twenty concurrent confirmations', async () => {
    const { viewId, actionId } = await previewIsolation(RESPONDER, incident.incidentId, incident.cardTs, web);
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        click(i % 2 ? RESPONDER : SECOND, 'contain.confirm', actionId!, { viewId }),
      ),
    );
    expect(statuses.every((status) => status === 200)).toBe(true);
    const done = await eventually(
      () => action(actionId!),
      (record) => record?.phase === 'finished',
      30_000,
    );
    expect(done!.steps.filter((step) => step.critical).every((step) => step.status === 'done')).toBe(true);

    const isolated = await interfacesOf(web);
    const isolationGroups = new Set(isolated.flatMap((eni) => eni.groups));
    expect(isolationGroups.size).toBe(1);
    expect(isolated.every((eni) => eni.groups.length === 1)).toBe(true);
    const { ec2 } = awsNow();
    const [group] =
      (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [...isolationGroups] })))
        .SecurityGroups ?? [];
    expect(group?.IpPermissions ?? []).toEqual([]);
    expect(group?.IpPermissionsEgress ?? []).toEqual([]);
    // Untrack first, then isolation: two moves per interface, and no more for the other nineteen clicks.
    expect(modifyCallsFor(original.map((eni) => eni.id))).toBe(original.length * 2);
    const protection = await ec2.send(
      new DescribeInstanceAttributeCommand({ InstanceId: web, Attribute: 'disableApiTermination' }),
    );
    expect(protection.DisableApiTermination?.Value).toBe(true);
    await eventually(
      () => store.get(incident.incidentId),
      (value) => value?.status === 'contained',
    );
    const checklist = await eventually(
      () =>
        slack
          .messages(CHANNEL)
          .filter(
            (message) => message.thread_ts === incident.cardTs && message.text.startsWith(`Isolate ${web}`),
          ),
      (list) =>
        list.some(
          (message) => message.text.endsWith('held') && JSON.stringify(message.blocks).includes(actionId!),
        ),
    );
    expect(checklist.length).toBeGreaterThan(0);
  }, 120_000);

  it('is blocked by the kill switch, which only an admin can pull', async () => {
    const dual = DRILL_IDS.instances.dual;
    const dualIncident = await alarmOn(dual, 'dual-stack-scan');
    const refused = await postToBot(`${bot.url}/slack/events`, slash(RESPONDER, 'freeze'), {
      secret: SECRET,
    });
    expect(refused.status).toBe(200);
    expect(
      (await postToBot(`${bot.url}/slack/events`, slash(ADMIN, 'freeze'), { secret: SECRET })).status,
    ).toBe(200);
    await eventually(
      () => slack.callsTo('response_url').map((call) => JSON.stringify(call.args)),
      (texts) =>
        texts.some((text) => text.includes('Containment is frozen')) &&
        texts.some((text) => text.includes('NOT_AN_ADMIN')),
    );
    const { viewId, actionId } = await previewIsolation(
      RESPONDER,
      dualIncident.incidentId,
      dualIncident.cardTs,
      dual,
    );
    expect(await click(RESPONDER, 'contain.confirm', actionId!, { viewId })).toBe(200);
    await eventually(
      () => viewText(viewId),
      (text) => text.includes('CONTAINMENT_FROZEN'),
    );
    const dualEnis = (await interfacesOf(dual)).map((eni) => eni.id);
    expect(modifyCallsFor(dualEnis)).toBe(0);
    expect(
      (await postToBot(`${bot.url}/slack/events`, slash(ADMIN, 'unfreeze'), { secret: SECRET })).status,
    ).toBe(200);
    await eventually(
      () => slack.callsTo('response_url').map((call) => JSON.stringify(call.args)),
      (texts) => texts.some((text) => text.includes('unfrozen')),
    );
  }, 120_000);

  it('refuses a protected instance in the preview', async () => {
    const bastion = DRILL_IDS.instances.bastion;
    const bastionIncident = await alarmOn(bastion, 'bastion-login');
    const { viewId } = await previewIsolation(
      RESPONDER,
      bastionIncident.incidentId,
      bastionIncident.cardTs,
      bastion,
    );
    expect(viewText(viewId)).toContain('INSTANCE_PROTECTED');
  }, 120_000);

  it('resumes after a crash mid-run, then restores every interface to its own groups', async () => {
    const asg = DRILL_IDS.instances.asg;
    const asgOriginal = await interfacesOf(asg);
    const asgIncident = await alarmOn(asg, 'asg-crypto-miner');
    // A slow AWS, so that the process can be killed while the action is under way.
    await bot.stop();
    bot = await startBot(botEnv({ FIREBREAK_DRILL_LATENCY_MS: '1000' }));
    const { viewId, actionId } = await previewIsolation(
      RESPONDER,
      asgIncident.incidentId,
      asgIncident.cardTs,
      asg,
    );
    expect(await click(RESPONDER, 'contain.confirm', actionId!, { viewId })).toBe(200);
    await eventually(
      () => action(actionId!),
      (record) => (record?.steps.filter((step) => step.status === 'done').length ?? 0) >= 3,
      30_000,
    );
    expect(await bot.stop('SIGKILL')).toBe(null);
    const interrupted = await action(actionId!);
    expect(interrupted?.phase).toBe('executing');

    bot = await startBot(botEnv());
    const prompt = await eventually(
      () =>
        slack
          .messages(CHANNEL)
          .find(
            (message) => message.thread_ts === asgIncident.cardTs && message.text.includes('was interrupted'),
          ),
      Boolean,
      30_000,
    );
    expect(await click(RESPONDER, 'contain.resume', actionId!, { messageTs: prompt!.ts })).toBe(200);
    const resumed = await eventually(
      () => action(actionId!),
      (record) => record?.phase === 'finished',
      30_000,
    );
    expect(resumed!.steps.filter((step) => step.critical).every((step) => step.status === 'done')).toBe(true);
    const isolated = await interfacesOf(asg);
    expect(new Set(isolated.flatMap((eni) => eni.groups)).size).toBe(1);

    expect(await click(RESPONDER, 'contain.restore.confirm', actionId!, { messageTs: prompt!.ts })).toBe(200);
    await eventually(
      () => action(actionId!),
      (record) => record?.phase === 'restored',
      30_000,
    );
    expect(await interfacesOf(asg)).toEqual(asgOriginal);
  }, 120_000);
});

describe('the two-person rule', () => {
  it('holds the requester’s own confirmation for a second responder', async () => {
    await bot.stop();
    bot = await startBot(botEnv({ FIREBREAK_APPROVAL: 'isolate' }));
    const dual = DRILL_IDS.instances.dual;
    const dualEnis = (await interfacesOf(dual)).map((eni) => eni.id);
    const id = await store.openIncidentIdForAlarm('123456789012/eu-west-1/dual-stack-scan');
    const incident = await store.get(id!);
    const { viewId, actionId } = await previewIsolation(RESPONDER, incident!.id, incident!.cardTs!, dual);
    expect(await click(RESPONDER, 'contain.confirm', actionId!, { viewId })).toBe(200);
    const request = await eventually(
      () =>
        slack
          .messages(CHANNEL)
          .find(
            (message) => message.thread_ts === incident!.cardTs && message.text.includes('second responder'),
          ),
      Boolean,
    );
    expect((await action(actionId!))?.phase).toBe('awaiting-approval');
    expect(await click(RESPONDER, 'contain.approve', actionId!, { messageTs: request!.ts })).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(modifyCallsFor(dualEnis)).toBe(0);
    expect(await click(SECOND, 'contain.approve', actionId!, { messageTs: request!.ts })).toBe(200);
    const done = await eventually(
      () => action(actionId!),
      (record) => record?.phase === 'finished',
      30_000,
    );
    expect(done?.approvedBy).toBe(SECOND);
    expect(modifyCallsFor(dualEnis)).toBe(dualEnis.length * 2);
  }, 120_000);
});

describe('revoking credentials', () => {
  async function mallory() {
    const { account } = awsNow();
    const iam = new IAMClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    attachSimulatedAccount(iam, account);
    const keys = (await iam.send(new ListAccessKeysCommand({ UserName: 'mallory' }))).AccessKeyMetadata ?? [];
    const inline = (await iam.send(new ListUserPoliciesCommand({ UserName: 'mallory' }))).PolicyNames ?? [];
    const attached =
      (await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'mallory' }))).AttachedPolicies ?? [];
    return {
      keys: keys.map((key) => `${key.AccessKeyId}:${key.Status}`).sort(),
      inline: [...inline].sort(),
      attached: attached.map((policy) => policy.PolicyArn).sort(),
    };
  }

  async function previewRevocation(user: string, text: string) {
    const before = new Set(slack.views().map((view) => view.id));
    expect((await postToBot(`${bot.url}/slack/events`, slash(user, text), { secret: SECRET })).status).toBe(
      200,
    );
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
    return { viewId: view!.id, actionId: /"value":"(ACT-\d+)"/.exec(JSON.stringify(view!.view))?.[1] };
  }

  it('deactivates the keys and attaches a deny, once, for a responder only; restore gives back exactly the previous state', async () => {
    const original = await mallory();
    expect(original.keys.some((key) => key.endsWith(':Active'))).toBe(true);
    const [incident] = await store.listOpen();
    const { viewId, actionId } = await previewRevocation(RESPONDER, `revoke mallory inc=${incident!.id}`);
    expect(actionId).toBeDefined();
    expect(viewText(viewId)).toContain('mallory');

    expect(await click(OUTSIDER, 'contain.confirm', actionId!, { viewId })).toBe(200);
    await eventually(
      () => viewText(viewId),
      (text) => text.includes('NOT_A_RESPONDER'),
    );
    expect(await mallory()).toEqual(original);

    const statuses = await Promise.all(
      Array.from({ length: 5 }, () => click(RESPONDER, 'contain.confirm', actionId!, { viewId })),
    );
    expect(statuses.every((status) => status === 200)).toBe(true);
    const done = await eventually(
      () => action(actionId!),
      (record) => record?.phase === 'finished',
      30_000,
    );
    expect(done!.steps.filter((step) => step.critical).every((step) => step.status === 'done')).toBe(true);
    const revoked = await mallory();
    expect(revoked.keys.every((key) => key.endsWith(':Inactive'))).toBe(true);
    expect(
      [...revoked.inline, ...revoked.attached].some((name) => name?.includes(`firebreak-${incident!.id}`)),
    ).toBe(true);
    const updates = awsNow().account.calls.filter(
      (call) => call.eventName === 'UpdateAccessKey' && call.outcome === 'success' && !call.dryRun,
    );
    expect(updates).toHaveLength(original.keys.filter((key) => key.endsWith(':Active')).length);

    const restoreView = await (async () => {
      const before = new Set(slack.views().map((view) => view.id));
      await postToBot(`${bot.url}/slack/events`, slash(RESPONDER, 'restore mallory'), { secret: SECRET });
      return eventually(
        () =>
          slack
            .views()
            .find(
              (view) => !before.has(view.id) && JSON.stringify(view.view).includes('contain.restore.confirm'),
            ),
        Boolean,
      );
    })();
    expect(await click(RESPONDER, 'contain.restore.confirm', actionId!, { viewId: restoreView!.id })).toBe(
      200,
    );
    await eventually(
      () => action(actionId!),
      (record) => record?.phase === 'restored',
      30_000,
    );
    expect(await mallory()).toEqual(original);
  }, 120_000);

  it('asks which principal from the card’s "Revoke credentials…" button, refuses a malformed one, and previews', async () => {
    const [incident] = await store.listOpen();
    const before = new Set(slack.views().map((view) => view.id));
    expect(await click(RESPONDER, 'contain.revoke', incident!.id, { messageTs: incident!.cardTs })).toBe(200);
    const asking = await eventually(
      () =>
        slack
          .views()
          .find(
            (view) => !before.has(view.id) && JSON.stringify(view.view).includes('contain.revoke.target'),
          ),
      Boolean,
    );
    const submit = (principal: string) =>
      postToBot(
        `${bot.url}/slack/events`,
        viewSubmissionBody({
          user: RESPONDER,
          team: TEAM,
          api_app_id: APP,
          trigger_id: slack.triggerId(),
          view: { id: asking!.id, callback_id: 'contain.revoke.target', private_metadata: incident!.id },
          values: { principal: { value: { type: 'plain_text_input', value: principal } } },
        }),
        { secret: SECRET },
      );
    const bad = await submit('not a principal <!channel>');
    expect(bad.status).toBe(200);
    expect(JSON.parse(bad.body)).toMatchObject({ response_action: 'errors' });
    const good = await submit('alice');
    expect(JSON.parse(good.body)).toMatchObject({ response_action: 'update' });
    await eventually(
      () => viewText(asking!.id),
      (text) => text.includes('contain.confirm') && text.includes('alice'),
    );
  }, 120_000);
});
