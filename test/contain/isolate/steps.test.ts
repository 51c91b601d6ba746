import { afterEach, describe, expect, it } from 'vitest';
import { observeInstance } from '../../../src/contain/isolate/observe.js';
import { type IsolationOptions, planIsolation } from '../../../src/contain/isolate/plan.js';
import { isolationSteps } from '../../../src/contain/isolate/steps.js';
import type { StepDefinition } from '../../../src/contain/step.js';
import {
  awsError,
  ENI_IDS,
  errors,
  type FakeAccount,
  INSTANCE,
  ORIGINAL,
  PROFILE_ARN,
  seedScenario,
} from './fake-account.js';
import { NOW, runLocal, statusOf } from './run-local.js';

let fake: FakeAccount;
afterEach(() => fake?.restore());

async function prepare(options: Partial<IsolationOptions> = {}) {
  const clients = fake.clients();
  const observed = await observeInstance(clients, INSTANCE);
  const plan = planIsolation(observed, { asgMode: 'standby', snapshots: true, naclDeny: false, ...options });
  fake.clearLog();
  return { clients, plan, steps: isolationSteps(plan, clients) };
}

const groupOf = (role: 'untrack' | 'isolation') =>
  [...fake.groups.values()].find((group) => group.tags['firebreak:role'] === role);

const logIndex = (command: string, match: (input: Record<string, unknown>) => boolean) =>
  fake.log.findIndex((call) => call.command === command && match(call.input));

const modifies = (eni: string) =>
  fake.calls('ModifyNetworkInterfaceAttribute').filter((input) => input.NetworkInterfaceId === eni);

function stateSnapshot() {
  return structuredClone({
    enis: [...fake.enis.values()],
    groups: [...fake.groups.values()],
    instances: [...fake.instances.values()],
    associations: fake.profileAssociations,
    asgs: [...fake.asgs.entries()].map(([name, asg]) => [name, asg.desired, [...asg.members.entries()]]),
    nacls: [...fake.nacls.values()],
    snapshots: fake.snapshots,
  });
}

describe('isolationSteps: the graph', () => {
  it('keeps dependencies minimal so independent work runs in parallel', async () => {
    fake = seedScenario();
    const { steps } = await prepare();
    const graph = Object.fromEntries(steps.map((step) => [step.id, [...step.dependsOn]]));
    expect(graph).toEqual({
      'group:untrack:vpc-1': [],
      'group:isolation:vpc-1': [],
      ...Object.fromEntries(
        ENI_IDS.flatMap((eni) => [
          [`eni:${eni}:tag`, []],
          [`eni:${eni}:untrack`, [`eni:${eni}:tag`, 'group:untrack:vpc-1']],
          [`eni:${eni}:isolate`, [`eni:${eni}:untrack`, 'group:isolation:vpc-1']],
        ]),
      ),
      'credentials:profile': [],
      'evidence:termination-protection': [],
      'evidence:shutdown-behaviour': [],
      'evidence:volumes': [],
      'evidence:asg': [],
      'evidence:snapshots': [],
      'evidence:tags': [],
      'verify:interfaces': ENI_IDS.map((eni) => `eni:${eni}:isolate`),
    });
    const critical = steps.filter((step) => step.critical).map((step) => step.id);
    expect(critical.filter((id) => id.startsWith('evidence:'))).toEqual([]);
    expect(critical).toContain('credentials:profile');
    expect(critical).toContain('verify:interfaces');
    expect(critical).not.toContain('group:untrack:vpc-1');
  });

  it('leaves out snapshots when asked, and refuses to build steps for a refused plan', async () => {
    fake = seedScenario();
    const { plan, clients } = await prepare({ snapshots: false });
    expect(isolationSteps(plan, clients).map((s) => s.id)).not.toContain('evidence:snapshots');
    expect(isolationSteps(plan, clients, { snapshots: true }).map((s) => s.id)).toContain(
      'evidence:snapshots',
    );
    const refused = { ...plan, refusal: { code: 'BOT_HOST' as const, message: 'no' } };
    expect(() => isolationSteps(refused, clients)).toThrow(expect.objectContaining({ code: 'BOT_HOST' }));
  });
});

describe('isolationSteps: a full isolation', () => {
  it('tags, then moves every interface to untrack and at once to isolation, and verifies', async () => {
    fake = seedScenario();
    const { steps } = await prepare();
    const run = await runLocal(steps);

    expect(run.blocked).toEqual([]);
    for (const step of steps) expect([step.id, statusOf(run, step.id)]).toEqual([step.id, 'done']);
    const untrack = groupOf('untrack')!;
    const isolation = groupOf('isolation')!;

    // The two groups, made once, tagged so later incidents reuse them.
    expect(fake.calls('CreateSecurityGroup')).toEqual([
      {
        GroupName: 'firebreak-untrack',
        Description: expect.stringContaining('untracked'),
        VpcId: 'vpc-1',
        TagSpecifications: [
          {
            ResourceType: 'security-group',
            Tags: [
              { Key: 'firebreak:role', Value: 'untrack' },
              { Key: 'Name', Value: 'firebreak-untrack' },
            ],
          },
        ],
      },
      {
        GroupName: 'firebreak-isolation',
        Description: expect.stringContaining('no ingress, no egress'),
        VpcId: 'vpc-1',
        TagSpecifications: [
          {
            ResourceType: 'security-group',
            Tags: [
              { Key: 'firebreak:role', Value: 'isolation' },
              { Key: 'Name', Value: 'firebreak-isolation' },
            ],
          },
        ],
      },
    ]);
    // Untrack: all traffic in and out, IPv4 and IPv6 (AWS's default egress already covers IPv4).
    expect(fake.calls('AuthorizeSecurityGroupIngress')).toEqual([
      {
        GroupId: untrack.id,
        IpPermissions: [
          { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
        ],
      },
    ]);
    expect(fake.calls('AuthorizeSecurityGroupEgress')).toEqual([
      { GroupId: untrack.id, IpPermissions: [{ IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] }] },
    ]);
    expect(untrack.egress).toEqual([
      { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      { IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
    ]);
    // Isolation: no ingress, default egress revoked.
    expect(fake.calls('RevokeSecurityGroupEgress')).toEqual([
      { GroupId: isolation.id, IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] },
    ]);
    expect(fake.calls('RevokeSecurityGroupIngress')).toEqual([]);
    expect(isolation).toMatchObject({ ingress: [], egress: [] });

    for (const eni of ENI_IDS) {
      // Exactly two moves per interface: untrack, then isolation, with ModifyNetworkInterfaceAttribute.
      expect(modifies(eni)).toEqual([
        { NetworkInterfaceId: eni, Groups: [untrack.id] },
        { NetworkInterfaceId: eni, Groups: [isolation.id] },
      ]);
      const tagged = logIndex('CreateTags', (input) => (input.Resources as string[])[0] === eni);
      const untracked = logIndex('ModifyNetworkInterfaceAttribute', (i) => i.NetworkInterfaceId === eni);
      const isolated = fake.log.findLastIndex(
        (call) => call.command === 'ModifyNetworkInterfaceAttribute' && call.input.NetworkInterfaceId === eni,
      );
      expect(tagged).toBeGreaterThanOrEqual(0);
      expect(tagged).toBeLessThan(untracked);
      expect(untracked).toBeLessThan(isolated);
      expect(logIndex('AuthorizeSecurityGroupIngress', () => true)).toBeLessThan(untracked);
      expect(logIndex('AuthorizeSecurityGroupEgress', () => true)).toBeLessThan(untracked);
      expect(logIndex('RevokeSecurityGroupEgress', () => true)).toBeLessThan(isolated);
      expect(fake.enis.get(eni)!.groups).toEqual([isolation.id]);
      expect(fake.enis.get(eni)!.tags).toEqual({ 'firebreak:original-groups': ORIGINAL[eni].join(',') });
      expect(run.results.get(`eni:${eni}:tag`)?.before).toEqual({ groups: ORIGINAL[eni] });
    }
    // A branch of someone else's trunk is not touched.
    expect(fake.enis.get('eni-99')!.groups).toEqual(['sg-0ddd1']);

    // Credentials and evidence.
    expect(fake.calls('DisassociateIamInstanceProfile')).toEqual([{ AssociationId: 'iip-assoc-1' }]);
    expect(run.results.get('credentials:profile')).toMatchObject({
      before: { associationId: 'iip-assoc-1', profileArn: PROFILE_ARN },
      note: 'sessions web-role already issued stay valid until revoked (also used by i-0other)',
    });
    expect(fake.calls('ModifyInstanceAttribute')).toEqual(
      expect.arrayContaining([
        { InstanceId: INSTANCE, DisableApiTermination: { Value: true } },
        { InstanceId: INSTANCE, InstanceInitiatedShutdownBehavior: { Value: 'stop' } },
        {
          InstanceId: INSTANCE,
          BlockDeviceMappings: [
            { DeviceName: '/dev/xvda', Ebs: { DeleteOnTermination: false } },
            { DeviceName: '/dev/xvdf', Ebs: { DeleteOnTermination: false } },
          ],
        },
      ]),
    );
    expect(fake.calls('ModifyInstanceAttribute')).toHaveLength(3);
    expect(fake.calls('EnterStandby')).toEqual([
      { InstanceIds: [INSTANCE], AutoScalingGroupName: 'web-asg', ShouldDecrementDesiredCapacity: true },
    ]);
    expect(run.results.get('evidence:asg')?.before).toMatchObject({
      groupName: 'web-asg',
      desiredCapacity: 3,
    });
    expect(fake.asgs.get('web-asg')!.desired).toBe(2);
    expect(fake.calls('CreateSnapshots')).toEqual([
      {
        InstanceSpecification: { InstanceId: INSTANCE, ExcludeBootVolume: false },
        Description: `Firebreak INC-7: evidence from ${INSTANCE}`,
        TagSpecifications: [
          {
            ResourceType: 'snapshot',
            Tags: [
              { Key: 'firebreak:incident', Value: 'INC-7' },
              { Key: 'firebreak:action', Value: 'act-1' },
              { Key: 'firebreak:instance', Value: INSTANCE },
            ],
          },
        ],
      },
    ]);
    expect(fake.instances.get(INSTANCE)!.tags).toMatchObject({
      'firebreak:incident': 'INC-7',
      'firebreak:isolated-by': 'U0RESPONDER',
      'firebreak:isolated-at': NOW.toISOString(),
      'firebreak:original-profile': PROFILE_ARN,
    });
    expect(run.results.get('verify:interfaces')?.after).toEqual({
      interfaces: ENI_IDS.map((id) => ({ id, groups: [isolation.id] })),
    });
    // Every mutating call was real (no DryRun), and every step kept its request ids.
    expect(fake.mutatingCalls().filter((call) => call.input.DryRun)).toEqual([]);
    for (const step of steps) expect(run.results.get(step.id)!.requestIds.length).toBeGreaterThan(0);
  });

  it('does not make the network cut wait for Standby or snapshots', async () => {
    fake = seedScenario();
    const releaseStandby = fake.hold('EnterStandby');
    const releaseSnapshots = fake.hold('CreateSnapshots');
    const { steps } = await prepare();
    let verified!: () => void;
    const verifiedNow = new Promise<void>((resolve) => (verified = resolve));
    const watched = steps.map(
      (step): StepDefinition =>
        step.id === 'verify:interfaces' ? { ...step, run: (c) => step.run(c).finally(verified) } : step,
    );
    const running = runLocal(watched);
    await verifiedNow;
    expect(ENI_IDS.every((eni) => fake.enis.get(eni)!.groups[0] === groupOf('isolation')!.id)).toBe(true);
    expect(fake.snapshots).toEqual([]);
    expect(fake.asgs.get('web-asg')!.members.get(INSTANCE)).toBe('InService');
    releaseStandby();
    releaseSnapshots();
    const run = await running;
    expect(statusOf(run, 'evidence:asg')).toBe('done');
    expect(statusOf(run, 'evidence:snapshots')).toBe('done');
  });

  it('reuses groups made by an earlier incident, removing any rule someone added to the isolation group', async () => {
    fake = seedScenario();
    const allIn = {
      IpProtocol: '-1',
      IpRanges: [{ CidrIp: '0.0.0.0/0' }],
      Ipv6Ranges: [{ CidrIpv6: '::/0' }],
    };
    fake.groups.set('sg-0fb1', {
      id: 'sg-0fb1',
      vpcId: 'vpc-1',
      name: 'firebreak-untrack',
      tags: { 'firebreak:role': 'untrack' },
      ingress: [allIn],
      egress: [allIn],
    });
    const sneaky = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '198.51.100.0/24' }] };
    fake.groups.set('sg-0fb2', {
      id: 'sg-0fb2',
      vpcId: 'vpc-1',
      name: 'firebreak-isolation',
      tags: { 'firebreak:role': 'isolation' },
      ingress: [sneaky],
      egress: [],
    });
    const { steps } = await prepare();
    const run = await runLocal(steps);
    expect(fake.calls('CreateSecurityGroup')).toEqual([]);
    expect(fake.calls('AuthorizeSecurityGroupIngress')).toEqual([]);
    expect(fake.calls('RevokeSecurityGroupIngress')).toEqual([
      { GroupId: 'sg-0fb2', IpPermissions: [sneaky] },
    ]);
    expect(run.results.get('group:isolation:vpc-1')?.note).toBe(
      'reused sg-0fb2; removed rules someone had added',
    );
    expect(modifies('eni-01')).toEqual([
      { NetworkInterfaceId: 'eni-01', Groups: ['sg-0fb1'] },
      { NetworkInterfaceId: 'eni-01', Groups: ['sg-0fb2'] },
    ]);
    expect(statusOf(run, 'verify:interfaces')).toBe('done');
  });

  it('takes the group another incident created a moment earlier when the name is already used', async () => {
    fake = seedScenario();
    const { steps } = await prepare();
    // The group appears between this run's describe and its create.
    fake.groups.set('sg-0race', {
      id: 'sg-0race',
      vpcId: 'vpc-1',
      name: 'firebreak-isolation',
      tags: {},
      ingress: [],
      egress: [],
    });
    const run = await runLocal(steps);
    expect(run.results.get('group:isolation:vpc-1')?.after).toEqual({ groupId: 'sg-0race', created: false });
    expect(fake.groups.get('sg-0race')!.tags).toEqual({ 'firebreak:role': 'isolation' });
    expect(fake.enis.get('eni-02')!.groups).toEqual(['sg-0race']);
  });

  it('adds network ACL denies, in and out, for every address, below the first allow rule', async () => {
    fake = seedScenario();
    const { steps } = await prepare({ naclDeny: true });
    expect(steps.find((s) => s.id === 'nacl:acl-1')).toMatchObject({ critical: true, dependsOn: [] });
    const run = await runLocal(steps);
    expect(statusOf(run, 'nacl:acl-1')).toBe('done');
    const entry = (RuleNumber: number, Egress: boolean, cidr: string) => ({
      NetworkAclId: 'acl-1',
      RuleNumber,
      Protocol: '-1',
      RuleAction: 'deny',
      Egress,
      ...(cidr.includes(':') ? { Ipv6CidrBlock: cidr } : { CidrBlock: cidr }),
    });
    const cidrs = ['10.0.1.10/32', '2001:db8::10/128', '10.0.2.20/32', '10.0.2.30/32', '10.0.2.40/32'];
    expect(fake.calls('CreateNetworkAclEntry')).toEqual([
      ...cidrs.map((cidr, index) => entry(index + 1, false, cidr)),
      ...cidrs.map((cidr, index) => entry(index + 1, true, cidr)),
    ]);
    expect(run.results.get('nacl:acl-1')?.before).toMatchObject({ aclId: 'acl-1', cidrs: expect.any(Array) });
  });
});

describe('isolationSteps: partial failure and resume', () => {
  it('reports a refused interface precisely and carries on with the others', async () => {
    fake = seedScenario();
    fake.fail(
      'ModifyNetworkInterfaceAttribute',
      errors.denied,
      (input) => input.NetworkInterfaceId === 'eni-02',
      1,
    );
    const { steps } = await prepare();
    const run = await runLocal(steps);

    expect(run.results.get('eni:eni-02:untrack')).toMatchObject({
      status: 'failed',
      error: {
        code: 'AWS_ACCESS_DENIED',
        message: expect.stringContaining('ec2:ModifyNetworkInterfaceAttribute'),
      },
      requestIds: expect.arrayContaining([expect.stringMatching(/^req-err-/)]),
    });
    expect(run.blocked).toEqual(['eni:eni-02:isolate', 'verify:interfaces']);
    for (const eni of ['eni-01', 'eni-03', 'eni-04'])
      expect(statusOf(run, `eni:${eni}:isolate`)).toBe('done');
    expect(fake.enis.get('eni-02')!.groups).toEqual([...ORIGINAL['eni-02']]);

    // Resume: the finished steps are not run again; only eni-02's moves and the verification are.
    fake.clearLog();
    const resumed = await runLocal(steps, { prior: run.results });
    expect(resumed.started).toEqual(['eni:eni-02:untrack', 'eni:eni-02:isolate', 'verify:interfaces']);
    expect(fake.calls('ModifyNetworkInterfaceAttribute')).toEqual([
      { NetworkInterfaceId: 'eni-02', Groups: [groupOf('untrack')!.id] },
      { NetworkInterfaceId: 'eni-02', Groups: [groupOf('isolation')!.id] },
    ]);
    expect(statusOf(resumed, 'verify:interfaces')).toBe('done');
  });

  it('after a crash that lost the records, re-reads AWS and moves only the interfaces not yet isolated', async () => {
    fake = seedScenario();
    const refused = (input: Record<string, unknown>) =>
      ['eni-02', 'eni-04'].includes(input.NetworkInterfaceId as string);
    fake.fail('ModifyNetworkInterfaceAttribute', errors.denied, refused, 2);
    const { steps } = await prepare();
    await runLocal(steps);
    fake.clearLog();

    const resumed = await runLocal(steps);
    expect(resumed.blocked).toEqual([]);
    expect(fake.calls('ModifyNetworkInterfaceAttribute').map((input) => input.NetworkInterfaceId)).toEqual([
      'eni-02',
      'eni-04',
      'eni-02',
      'eni-04',
    ]);
    expect(resumed.results.get('eni:eni-01:untrack')?.note).toBe('already isolated');
    expect(resumed.results.get('eni:eni-01:isolate')?.note).toBe('already isolated');
    // The tag still says the original groups, not the Firebreak ones.
    expect(resumed.results.get('eni:eni-01:tag')).toMatchObject({
      before: { groups: ORIGINAL['eni-01'] },
      note: 'original groups already tagged',
    });
    expect(
      fake.calls('CreateTags').filter((input) => (input.Resources as string[])[0]!.startsWith('eni-')),
    ).toEqual([]);
    expect(fake.calls('CreateSecurityGroup')).toEqual([]);
    expect(fake.calls('DisassociateIamInstanceProfile')).toEqual([]);
    expect(fake.calls('EnterStandby')).toEqual([]);
    expect(fake.calls('CreateSnapshots')).toEqual([]);
    expect(fake.calls('ModifyInstanceAttribute')).toEqual([]);
    // Restore still finds the recorded profile and desired capacity in the plan.
    expect(resumed.results.get('credentials:profile')?.before).toEqual({
      associationId: 'iip-assoc-1',
      profileArn: PROFILE_ARN,
    });
    expect(resumed.results.get('evidence:asg')?.before).toMatchObject({ desiredCapacity: 3 });
  });

  it('a second run over a finished isolation changes nothing', async () => {
    fake = seedScenario();
    const { steps } = await prepare();
    await runLocal(steps);
    const before = stateSnapshot();
    const again = await prepare();
    const run = await runLocal(again.steps);
    expect(fake.mutatingCalls()).toEqual([]);
    expect(stateSnapshot()).toEqual(before);
    expect(statusOf(run, 'verify:interfaces')).toBe('done');
  });

  it('goes straight to isolation when the untrack group cannot be created, and says so', async () => {
    fake = seedScenario();
    fake.fail('CreateSecurityGroup', errors.denied, (input) => input.GroupName === 'firebreak-untrack');
    const { steps } = await prepare();
    const run = await runLocal(steps);

    expect(run.results.get('group:untrack:vpc-1')).toMatchObject({
      status: 'skipped',
      note: expect.stringMatching(/^tracked connections not cut/),
      error: { code: 'AWS_ACCESS_DENIED' },
    });
    const isolation = groupOf('isolation')!.id;
    for (const eni of ENI_IDS) {
      expect(run.results.get(`eni:${eni}:untrack`)).toMatchObject({
        status: 'skipped',
        note: 'tracked connections not cut',
      });
      expect(run.results.get(`eni:${eni}:isolate`)).toMatchObject({
        status: 'done',
        note: 'tracked connections not cut',
      });
      expect(modifies(eni)).toEqual([{ NetworkInterfaceId: eni, Groups: [isolation] }]);
    }
    expect(statusOf(run, 'verify:interfaces')).toBe('done');
  });

  it('goes straight to isolation when an SCP forbids opening the untrack group to 0.0.0.0/0', async () => {
    fake = seedScenario();
    fake.fail('AuthorizeSecurityGroupIngress', () =>
      awsError(
        'UnauthorizedOperation',
        'You are not authorized to perform this operation. User is not authorized to perform: ec2:AuthorizeSecurityGroupIngress with an explicit deny in a service control policy',
        403,
      ),
    );
    const { steps } = await prepare();
    const run = await runLocal(steps);
    expect(run.results.get('group:untrack:vpc-1')).toMatchObject({
      status: 'skipped',
      error: { code: 'AWS_ACCESS_DENIED', message: expect.stringContaining('explicit deny') },
    });
    for (const eni of ENI_IDS)
      expect(modifies(eni)).toEqual([{ NetworkInterfaceId: eni, Groups: [groupOf('isolation')!.id] }]);
    expect(statusOf(run, 'verify:interfaces')).toBe('done');
  });

  it('reports throttling on one move, says the interface is left wide open, and a resume finishes it', async () => {
    fake = seedScenario();
    const { steps } = await prepare();
    fake.fail(
      'ModifyNetworkInterfaceAttribute',
      errors.throttled,
      (input) =>
        input.NetworkInterfaceId === 'eni-03' && (input.Groups as string[])[0] === groupOf('isolation')?.id,
      1,
    );
    const run = await runLocal(steps);
    expect(run.results.get('eni:eni-03:isolate')).toMatchObject({
      status: 'failed',
      error: {
        code: 'AWS_THROTTLED',
        message: expect.stringContaining('eni-03 is still in the untrack group, which allows all traffic'),
      },
    });
    expect(run.blocked).toEqual(['verify:interfaces']);
    expect(fake.enis.get('eni-03')!.groups).toEqual([groupOf('untrack')!.id]);

    fake.clearLog();
    const resumed = await runLocal(steps, { prior: run.results });
    expect(resumed.started).toEqual(['eni:eni-03:isolate', 'verify:interfaces']);
    expect(fake.calls('ModifyNetworkInterfaceAttribute')).toEqual([
      { NetworkInterfaceId: 'eni-03', Groups: [groupOf('isolation')!.id] },
    ]);
    expect(statusOf(resumed, 'verify:interfaces')).toBe('done');
  });

  it('a failed evidence step never blocks the cut', async () => {
    fake = seedScenario();
    fake.fail('EnterStandby', () => awsError('ValidationError', 'The instance i-0abc is not in InService.'));
    fake.fail('CreateSnapshots', errors.denied);
    const { steps } = await prepare();
    const run = await runLocal(steps);
    expect(run.results.get('evidence:asg')).toMatchObject({
      status: 'failed',
      error: { code: 'AWS_INVALID' },
    });
    expect(run.results.get('evidence:snapshots')).toMatchObject({
      status: 'failed',
      error: { code: 'AWS_ACCESS_DENIED' },
    });
    expect(run.blocked).toEqual([]);
    expect(statusOf(run, 'verify:interfaces')).toBe('done');
    expect(statusOf(run, 'credentials:profile')).toBe('done');
  });

  it('detaches from the Auto Scaling group when asked, decrementing desired capacity', async () => {
    fake = seedScenario();
    const { steps } = await prepare({ asgMode: 'detach' });
    const run = await runLocal(steps);
    expect(fake.calls('DetachInstances')).toEqual([
      { InstanceIds: [INSTANCE], AutoScalingGroupName: 'web-asg', ShouldDecrementDesiredCapacity: true },
    ]);
    expect(fake.calls('EnterStandby')).toEqual([]);
    expect(run.results.get('evidence:asg')?.before).toMatchObject({
      groupName: 'web-asg',
      desiredCapacity: 3,
      mode: 'detach',
    });
  });

  it('fails verification when an interface appears after the plan', async () => {
    fake = seedScenario();
    const { steps } = await prepare();
    fake.enis.set('eni-05', {
      id: 'eni-05',
      type: 'interface',
      vpcId: 'vpc-1',
      subnetId: 'subnet-a',
      groups: ['sg-0aaa1'],
      privateIps: ['10.0.1.50'],
      ipv6: [],
      attachedTo: INSTANCE,
      deviceIndex: 3,
      tags: {},
    });
    const run = await runLocal(steps);
    expect(run.results.get('verify:interfaces')).toMatchObject({
      status: 'failed',
      error: {
        code: 'ISOLATION_INCOMPLETE',
        message: expect.stringContaining('eni-05 appeared after the plan'),
      },
    });
  });
});

describe('isolationSteps: dry run', () => {
  it('sends DryRun on every EC2 call, asks nothing of Auto Scaling or IAM, and changes nothing', async () => {
    fake = seedScenario();
    const { steps } = await prepare({ naclDeny: true });
    const before = stateSnapshot();
    const run = await runLocal(steps, { dryRun: true });

    expect(stateSnapshot()).toEqual(before);
    expect(fake.log.length).toBeGreaterThan(0);
    for (const call of fake.log) expect([call.command, call.input.DryRun]).toEqual([call.command, true]);
    expect(fake.autoScaling.calls()).toHaveLength(0);
    expect(fake.iam.calls()).toHaveLength(0);

    const wouldSucceed = [
      'group:untrack:vpc-1',
      'group:isolation:vpc-1',
      ...ENI_IDS.flatMap((eni) => [`eni:${eni}:tag`, `eni:${eni}:untrack`, `eni:${eni}:isolate`]),
      'nacl:acl-1',
      'evidence:termination-protection',
      'evidence:shutdown-behaviour',
      'evidence:volumes',
      'evidence:snapshots',
      'evidence:tags',
    ];
    for (const id of wouldSucceed) {
      expect([id, run.results.get(id)?.status, run.results.get(id)?.note]).toEqual([
        id,
        'done',
        'dry run: would succeed',
      ]);
    }
    for (const id of ['credentials:profile', 'evidence:asg', 'verify:interfaces']) {
      expect([id, run.results.get(id)?.status, run.results.get(id)?.note]).toEqual([
        id,
        'skipped',
        'planned (no dry run for this API)',
      ]);
    }
    // Before the groups exist, the moves test the permission with each interface's own groups.
    expect(fake.calls('ModifyNetworkInterfaceAttribute')).toContainEqual({
      NetworkInterfaceId: 'eni-01',
      Groups: ['sg-0aaa1', 'sg-0aaa2'],
      DryRun: true,
    });
  });

  it('reports what AWS would refuse', async () => {
    fake = seedScenario();
    fake.fail(
      'ModifyNetworkInterfaceAttribute',
      errors.denied,
      (input) => input.NetworkInterfaceId === 'eni-02',
    );
    const { steps } = await prepare();
    const run = await runLocal(steps, { dryRun: true });
    expect(run.results.get('eni:eni-02:untrack')).toMatchObject({
      status: 'failed',
      error: { code: 'AWS_ACCESS_DENIED' },
    });
    expect(statusOf(run, 'eni:eni-01:untrack')).toBe('done');
  });
});
