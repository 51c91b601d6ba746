import type { ActionRecord } from '../../src/contain/action.js';
import type { StepRecord } from '../../src/contain/step.js';
import type { FollowUp, InvestigationRecord, ReportInput } from '../../src/document/inputs.js';
import type { Runbook } from '../../src/document/runbook.js';
import type { Incident } from '../../src/incident/incident.js';
import type { TimelineEvent } from '../../src/incident/timeline.js';

/**
 * A realistic incident for the golden files: a crypto-miner on a web instance, found by a CPU alarm that re-fires
 * every minute, isolated (two interfaces), the deploy key it stole revoked, two CloudTrail queries, follow-ups.
 */

const BASE = Date.parse('2026-11-26T08:05:43.120Z');
/** Minutes (and seconds) after the alarm was received, as an ISO string. */
export const at = (minutes: number, seconds = 0): string =>
  new Date(BASE + (minutes * 60 + seconds) * 1000).toISOString();

export const ALICE = 'U07ALICE';
export const BOB = 'U07BOB';
export const CAROL = 'U07CAROL';
export const MALLORY = 'U07MALLORY';

const INSTANCE = 'i-0abc1234def567890';
const ENI_A = 'eni-0a1b2c3d4e5f60001';
const ENI_B = 'eni-0a1b2c3d4e5f60002';
const ALARM = 'prod-web-cpu-high';
const REASON =
  'Threshold Crossed: 3 out of the last 3 datapoints [99.8 (26/11/26 08:02:00), 99.9 (26/11/26 08:01:00), 99.7 (26/11/26 08:00:00)] were greater than the threshold (90.0).';

export function sampleIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'INC-2026-0042',
    title: 'CPU pinned on prod web instance',
    severity: 2,
    status: 'closed',
    resolution: 'resolved',
    alarmKey: `123456789012/us-east-1/${ALARM}`,
    account: '123456789012',
    region: 'us-east-1',
    resources: [
      { kind: 'InstanceId', id: INSTANCE },
      { kind: 'AutoScalingGroupName', id: 'prod-web-asg' },
    ],
    alarm: {
      name: ALARM,
      description: 'Web fleet CPU above 90% for 3 minutes',
      arn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${ALARM}`,
      state: 'OK',
      reason: 'Threshold Crossed: no datapoint above the threshold',
      stateChangedAt: at(118),
    },
    alarmCount: 27,
    channel: 'C07INCIDENT',
    cardTs: '1795680345.000100',
    firstAlarmAt: '2026-11-26T08:03:21.945Z',
    lastAlarmAt: at(118),
    receivedAt: at(0),
    declaredAt: at(0, 1),
    declaredBy: 'system',
    acknowledgedAt: at(2, 10),
    acknowledgedBy: ALICE,
    closedAt: at(125),
    closedBy: ALICE,
    ...overrides,
  };
}

const step = (partial: Partial<StepRecord> & Pick<StepRecord, 'id' | 'title'>): StepRecord => ({
  critical: false,
  dependsOn: [],
  status: 'done',
  requestIds: [],
  ...partial,
});

export function isolationAction(): ActionRecord {
  const interfaceSteps = (eni: string, groups: string[], n: number): StepRecord[] => [
    step({
      id: `eni:${eni}:tag`,
      title: `Record the groups of ${eni} in its firebreak:original-groups tag`,
      critical: true,
      before: { groups },
      after: { tags: [{ Key: 'firebreak:original-groups', Value: groups.join(',') }] },
      requestIds: [`5f1c0e2a-0000-4000-8000-00000000000${n}`],
    }),
    step({
      id: `eni:${eni}:untrack`,
      title: `Move ${eni} to the untrack group`,
      critical: true,
      before: { groups },
      after: { groups: ['sg-0untrack00000001'] },
      requestIds: [`6a2d1f3b-0000-4000-8000-00000000000${n}`],
    }),
    step({
      id: `eni:${eni}:isolate`,
      title: `Move ${eni} to the isolation group`,
      critical: true,
      before: { groups: ['sg-0untrack00000001'] },
      after: { groups: ['sg-0isolate00000001'] },
      requestIds: [`7b3e2a4c-0000-4000-8000-00000000000${n}`],
    }),
  ];
  return {
    id: 'act-7Qm2xK',
    kind: 'isolate',
    incidentId: 'INC-2026-0042',
    target: { account: '123456789012', region: 'us-east-1', resourceId: INSTANCE },
    reason: 'miner process talking to a mining pool',
    plan: {},
    planHash: 'b7e1c0',
    preview: {
      lines: [],
      warnings: ['Subnet route 0.0.0.0/0 goes through NAT gateway `nat-0f00` &amp; its flows stay tracked'],
    },
    requestedBy: ALICE,
    requestedAt: at(6),
    approvedBy: BOB,
    approvedAt: at(7, 30),
    executedBy: ALICE,
    startedAt: at(7, 31),
    finishedAt: at(7, 44),
    phase: 'finished',
    steps: [
      step({
        id: 'group:untrack:vpc-0e1e1e1e1e1e1e1e1',
        title: 'Create the untrack group in vpc-0e1e1e1e1e1e1e1e1',
        critical: true,
        after: { groupId: 'sg-0untrack00000001' },
        requestIds: ['1a0b0c0d-0000-4000-8000-000000000001'],
      }),
      step({
        id: 'group:isolation:vpc-0e1e1e1e1e1e1e1e1',
        title: 'Create the isolation group in vpc-0e1e1e1e1e1e1e1e1',
        critical: true,
        after: { groupId: 'sg-0isolate00000001' },
        requestIds: ['1a0b0c0d-0000-4000-8000-000000000002'],
      }),
      ...interfaceSteps(ENI_A, ['sg-0web0000000000001', 'sg-0ssh0000000000001'], 1),
      ...interfaceSteps(ENI_B, ['sg-0metrics000000001'], 2),
      step({
        id: 'credentials:profile',
        title: 'Disassociate the instance profile prod-web',
        critical: true,
        before: {
          associationId: 'iip-assoc-0123456789abcdef0',
          profileArn: 'arn:aws:iam::123456789012:instance-profile/prod-web',
        },
        after: {},
        requestIds: ['2b1c1d1e-0000-4000-8000-000000000001'],
      }),
      step({
        id: 'evidence:termination-protection',
        title: 'Enable termination protection',
        before: { enabled: false },
        after: { enabled: true },
        requestIds: ['3c2d2e2f-0000-4000-8000-000000000001'],
      }),
      step({
        id: 'evidence:shutdown-behaviour',
        title: 'Set shutdown behaviour to stop',
        status: 'failed',
        error: { code: 'AWS_THROTTLED', message: 'Rate exceeded; retry later' },
      }),
      step({
        id: 'evidence:asg',
        title: 'Put the instance into Standby in prod-web-asg',
        before: { groupName: 'prod-web-asg', desiredCapacity: 3, lifecycleState: 'InService' },
        after: { lifecycleState: 'Standby' },
        requestIds: ['4d3e3f40-0000-4000-8000-000000000001'],
      }),
      step({
        id: 'evidence:snapshots',
        title: 'Snapshot the volumes',
        after: { snapshotIds: ['snap-0aaa1111bbbb22220', 'snap-0ccc3333dddd44440'] },
        requestIds: ['5e4f4051-0000-4000-8000-000000000001', '5e4f4051-0000-4000-8000-000000000002'],
      }),
      step({
        id: 'verify:interfaces',
        title: 'Verify every interface is isolated',
        critical: true,
        after: {
          interfaces: [
            { id: ENI_A, groups: ['sg-0isolate00000001'] },
            { id: ENI_B, groups: ['sg-0isolate00000001'] },
          ],
        },
      }),
    ],
    restoreSteps: [],
  };
}

export function revokeAction(): ActionRecord {
  return {
    id: 'act-9Rv4Lp',
    kind: 'revoke',
    incidentId: 'INC-2026-0042',
    target: { account: '123456789012', region: 'us-east-1', resourceId: 'deploy-bot' },
    reason: 'deploy-bot key used from the miner',
    plan: {},
    planHash: 'c0ffee',
    preview: { lines: [], warnings: [] },
    requestedBy: CAROL,
    requestedAt: at(41),
    approvedBy: ALICE,
    approvedAt: at(42),
    executedBy: CAROL,
    startedAt: at(42, 5),
    finishedAt: at(42, 9),
    phase: 'finished',
    steps: [
      step({
        id: 'key:AKIAIOSFODNN7EXAMPLE:deactivate',
        title: 'Deactivate access key AKIAIOSFODNN7EXAMPLE',
        critical: true,
        before: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', userName: 'deploy-bot', status: 'Active' },
        after: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', userName: 'deploy-bot', status: 'Inactive' },
        requestIds: ['8f7e6d5c-0000-4000-8000-000000000001'],
      }),
      step({
        id: 'key:AKIAI44QH8DHBEXAMPLE:deactivate',
        title: 'Deactivate access key AKIAI44QH8DHBEXAMPLE',
        critical: true,
        before: { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', userName: 'deploy-bot', status: 'Inactive' },
        after: { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', userName: 'deploy-bot', status: 'Inactive' },
        note: 'already inactive',
      }),
      step({
        id: 'user:deploy-bot:deny-all',
        title: 'Attach the inline policy firebreak-INC-2026-0042 (Deny *) to deploy-bot',
        critical: true,
        before: { policy: 'none' },
        after: { policy: 'firebreak-INC-2026-0042' },
        requestIds: ['8f7e6d5c-0000-4000-8000-000000000002'],
      }),
    ],
    restoreSteps: [],
  };
}

function actionEvents(action: ActionRecord): TimelineEvent[] {
  const target = `${action.target.resourceId} (${action.target.account}, ${action.target.region})`;
  const base = { type: 'action' as const, actionId: action.id, kind: action.kind, target };
  return [
    { ...base, at: action.requestedAt, actor: action.requestedBy, stage: 'previewed' },
    { ...base, at: action.requestedAt, actor: action.requestedBy, stage: 'approval-requested' },
    { ...base, at: action.startedAt!, actor: action.approvedBy!, stage: 'started' },
    ...action.steps.map(
      (s): TimelineEvent => ({
        ...base,
        at: action.finishedAt!,
        actor: action.executedBy!,
        stage: 'step',
        stepId: s.id,
        status: s.status,
        requestIds: s.requestIds,
        ...(s.note !== undefined && { note: s.note }),
        ...(s.error !== undefined && { error: `${s.error.code}: ${s.error.message}` }),
      }),
    ),
    { ...base, at: action.finishedAt!, actor: action.executedBy!, stage: 'finished', status: 'contained' },
  ];
}

const alarmEvent = (minutes: number, state: 'ALARM' | 'OK', n: number): TimelineEvent => ({
  type: 'alarm',
  at: at(minutes, n === 0 ? 0 : 3),
  actor: 'system',
  state,
  alarmName: ALARM,
  reason: state === 'ALARM' ? REASON : 'Threshold Crossed: no datapoint above the threshold',
  stateChangedAt: n === 0 ? '2026-11-26T08:03:21.945Z' : at(minutes),
  messageId: `msg-${n}`,
  applied: true,
});

export function sampleTimeline(): TimelineEvent[] {
  const isolation = actionEvents(isolationAction());
  const revoke = actionEvents(revokeAction());
  return [
    alarmEvent(0, 'ALARM', 0),
    {
      type: 'declared',
      at: at(0, 1),
      actor: 'system',
      title: 'CPU pinned on prod web instance',
      source: 'alarm',
    },
    { type: 'card-posted', at: at(0, 2), actor: 'system', channel: 'C07INCIDENT', ts: '1795680345.000100' },
    { type: 'acknowledged', at: at(2, 10), actor: ALICE },
    // 25 re-fires of the same alarm and state, one a minute: one row in the report.
    ...Array.from({ length: 25 }, (_, i) => alarmEvent(3 + i, 'ALARM', i + 1)),
    {
      type: 'note',
      at: at(5, 12),
      actor: ALICE,
      text: 'xmrig running as www-data from /tmp/.x; outbound to pool.minexmr.example:4444',
    },
    ...isolation,
    { type: 'status', at: at(7, 45), actor: ALICE, from: 'open', to: 'contained' },
    {
      // Copied from a Slack message with the "Add to timeline" shortcut: its author, time and permalink kept.
      type: 'note',
      at: at(7, 50),
      actor: BOB,
      text: 'pool traffic also seen from 203.0.113.77 | see ![](http://tracker.example/p.png)',
      source: {
        author: CAROL,
        postedAt: at(7, 20),
        permalink:
          'https://example.slack.com/archives/C07INCIDENT/p1795680722000300?thread_ts=1795680345.000100',
      },
    },
    {
      type: 'denied',
      at: at(20),
      actor: MALLORY,
      attempted: 'restore i-0abc1234def567890',
      reason: 'NOT_A_RESPONDER',
    },
    ...revoke,
    { type: 'containment-frozen', at: at(50), actor: BOB, frozen: true },
    { type: 'containment-frozen', at: at(55), actor: BOB, frozen: false },
    {
      type: 'note',
      at: at(90),
      actor: CAROL,
      text: 'Replacement instance from a clean AMI is serving; old one kept for forensics',
    },
    { type: 'status', at: at(95), actor: CAROL, from: 'contained', to: 'remediated' },
    {
      type: 'followup-added',
      at: at(96),
      actor: CAROL,
      text: 'Delete the two deploy-bot access keys',
      owner: ALICE,
    },
    {
      type: 'remediation',
      at: at(97),
      actor: ALICE,
      operation: 'delete-keys',
      actionId: 'act-9Rv4Lp',
      target: 'deploy-bot',
      outcome: 'done',
      steps: [
        {
          title: 'Delete access key AKIAIOSFODNN7EXAMPLE of deploy-bot',
          status: 'done',
          requestIds: ['8f7e6d5c-0000-4000-8000-000000000009'],
        },
      ],
    },
    { type: 'followup-done', at: at(98), actor: ALICE, number: 1 },
    {
      type: 'report-written',
      at: at(100),
      actor: CAROL,
      file: 'incidents/2026-11-26-INC-2026-0042-cpu-pinned.md',
      draft: true,
    },
    alarmEvent(118, 'OK', 30),
    { type: 'closed', at: at(125), actor: ALICE, resolution: 'resolved' },
    { type: 'status', at: at(125), actor: ALICE, from: 'remediated', to: 'closed' },
  ];
}

export function sampleInvestigations(): InvestigationRecord[] {
  return [
    {
      query: 'user=deploy-bot since=24h',
      ranBy: CAROL,
      ranAt: at(30),
      regions: ['us-east-1'],
      eventCount: 412,
      flagged: [
        {
          rule: 'iam-access-key-for-other-user',
          severity: 'high',
          reason: 'deploy-bot created an access key for ci-deployer from 203.0.113.77',
          eventTime: '2026-11-26T07:41:09Z',
          principal: 'arn:aws:iam::123456789012:user/deploy-bot',
          eventName: 'CreateAccessKey',
          eventSource: 'iam.amazonaws.com',
          sourceIp: '203.0.113.77',
          region: 'us-east-1',
          eventId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
        },
        {
          rule: 'new-source-ip',
          severity: 'low',
          reason: 'deploy-bot called from 203.0.113.77, not seen for it earlier in these results',
          eventTime: '2026-11-26T07:44:52Z',
          principal: 'arn:aws:iam::123456789012:user/deploy-bot',
          eventName: 'GetCallerIdentity',
          eventSource: 'sts.amazonaws.com',
          sourceIp: '203.0.113.77',
          region: 'us-east-1',
        },
      ],
      trigger: {
        control: 'CloudWatch.4',
        principal: 'arn:aws:iam::123456789012:user/deploy-bot',
        eventName: 'CreateAccessKey',
        eventTime: '2026-11-26T07:41:09Z',
        sourceIp: '203.0.113.77',
      },
      evidence: [
        {
          name: 'INC-2026-0042/trail-1-deploy-bot.jsonl',
          sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
          bytes: 523_776,
        },
      ],
    },
    {
      query: 'ip=203.0.113.77 since=7d',
      ranBy: CAROL,
      ranAt: at(36),
      regions: ['us-east-1', 'eu-west-1'],
      eventCount: 1290,
      truncated: true,
      flagged: [
        {
          rule: 'ec2-ingress-open-to-world',
          severity: 'critical',
          reason: 'sg-0a1b2c3d opened to 0.0.0.0/0 on tcp 22',
          eventTime: '2026-11-26T07:52:30Z',
          principal: 'arn:aws:iam::123456789012:user/deploy-bot',
          eventName: 'AuthorizeSecurityGroupIngress',
          eventSource: 'ec2.amazonaws.com',
          sourceIp: '203.0.113.77',
          region: 'eu-west-1',
        },
      ],
      evidence: [
        {
          name: 'INC-2026-0042/trail-2-ip.jsonl',
          sha256: '60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752',
          bytes: 1_804_211,
        },
      ],
    },
  ];
}

export function sampleFollowUps(): FollowUp[] {
  return [
    { title: 'Delete the two deploy-bot access keys', owner: ALICE, due: '2026-11-27', done: true },
    {
      title: 'Rebuild the web AMI without the vulnerable image library',
      owner: BOB,
      due: '2026-12-03',
      done: false,
      ticket: 'SEC-1234',
    },
    { title: 'Move CI deploys from access keys to OIDC role assumption', done: false },
  ];
}

export function sampleRunbooks(): Runbook[] {
  return [
    {
      id: 'cloudtrail-tampering',
      file: 'cloudtrail-tampering.md',
      title: 'CloudTrail tampering',
      appliesTo: {
        alarmNamePatterns: ['*CloudTrail*'],
        resourceKinds: [],
        eventNames: ['StopLogging', 'DeleteTrail'],
      },
    },
    {
      id: 'compromised-ec2-instance',
      file: 'compromised-ec2-instance.md',
      title: 'Compromised EC2 instance',
      appliesTo: { alarmNamePatterns: ['*cpu*'], resourceKinds: ['InstanceId'], eventNames: [] },
    },
    {
      id: 'exposed-access-key',
      file: 'exposed-access-key.md',
      title: 'Exposed or stolen access key',
      appliesTo: { alarmNamePatterns: [], resourceKinds: ['IAMPrincipal'], eventNames: ['CreateAccessKey'] },
    },
  ];
}

export const NOW = new Date('2026-11-26T10:30:00Z');

export function sampleInput(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    incident: sampleIncident(),
    timeline: sampleTimeline(),
    actions: [isolationAction(), revokeAction()],
    investigations: sampleInvestigations(),
    followUps: sampleFollowUps(),
    runbooks: sampleRunbooks(),
    slackThreadUrl: 'https://example.slack.com/archives/C07INCIDENT/p1795680345000100',
    now: NOW,
    draft: false,
    ...overrides,
  };
}
