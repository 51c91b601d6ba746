import { afterEach, describe, expect, it } from 'vitest';
import { observeInstance } from '../../../src/contain/isolate/observe.js';
import { planIsolation } from '../../../src/contain/isolate/plan.js';
import { type RecordedStep, restoreSteps } from '../../../src/contain/isolate/restore.js';
import { isolationSteps } from '../../../src/contain/isolate/steps.js';
import {
  ENI_IDS,
  errors,
  type FakeAccount,
  INSTANCE,
  ORIGINAL,
  PROFILE_ARN,
  seedScenario,
} from './fake-account.js';
import { type LocalRun, runLocal, statusOf } from './run-local.js';

let fake: FakeAccount;
afterEach(() => fake?.restore());

/** Isolates the scenario's instance (with network ACL denies) and returns the step records restore reads. */
async function isolated(): Promise<RecordedStep[]> {
  const clients = fake.clients();
  const plan = planIsolation(await observeInstance(clients, INSTANCE), {
    asgMode: 'standby',
    snapshots: true,
    naclDeny: true,
  });
  const run = await runLocal(isolationSteps(plan, clients));
  return records(run);
}

function records(run: LocalRun): RecordedStep[] {
  return [...run.results.entries()].map(([id, outcome]) => ({
    id,
    status: outcome.status,
    before: outcome.before,
  }));
}

async function restoring(steps: RecordedStep[]) {
  const clients = fake.clients();
  const observedNow = await observeInstance(clients, INSTANCE);
  fake.clearLog();
  return restoreSteps({ steps, observedNow }, clients);
}

const ORIGINAL_NACL = () => seedScenario().nacls.get('acl-1')!.entries;

describe('restoreSteps', () => {
  it('returns each interface to its own groups, then the profile, Standby and tags', async () => {
    fake = seedScenario();
    const recorded = await isolated();
    const steps = await restoring(recorded);

    expect(Object.fromEntries(steps.map((s) => [s.id, [...s.dependsOn]]))).toEqual({
      ...Object.fromEntries(ENI_IDS.map((eni) => [`restore:eni:${eni}`, []])),
      'restore:nacl:acl-1': [],
      'restore:profile': [],
      'restore:asg': [...ENI_IDS.map((eni) => `restore:eni:${eni}`), 'restore:profile'],
      'restore:tags': [
        ...ENI_IDS.map((eni) => `restore:eni:${eni}`),
        'restore:nacl:acl-1',
        'restore:profile',
        'restore:asg',
      ],
    });

    const run = await runLocal(steps);
    expect(run.blocked).toEqual([]);
    for (const step of steps) expect([step.id, statusOf(run, step.id)]).toEqual([step.id, 'done']);

    for (const eni of ENI_IDS) {
      expect(
        fake.calls('ModifyNetworkInterfaceAttribute').filter((i) => i.NetworkInterfaceId === eni),
      ).toEqual([{ NetworkInterfaceId: eni, Groups: [...ORIGINAL[eni]] }]);
      expect(fake.enis.get(eni)).toMatchObject({ groups: [...ORIGINAL[eni]], tags: {} });
    }
    expect(fake.calls('AssociateIamInstanceProfile')).toEqual([
      { IamInstanceProfile: { Arn: PROFILE_ARN }, InstanceId: INSTANCE },
    ]);
    expect(fake.calls('ExitStandby')).toEqual([{ InstanceIds: [INSTANCE], AutoScalingGroupName: 'web-asg' }]);
    // ExitStandby gave back the one EnterStandby took: desired is the recorded 3 again, nothing to set.
    expect(fake.calls('SetDesiredCapacity')).toEqual([]);
    expect(fake.asgs.get('web-asg')).toMatchObject({ desired: 3 });
    expect(fake.asgs.get('web-asg')!.members.get(INSTANCE)).toBe('InService');

    // Back into service only once network and credentials are back.
    const exit = fake.log.findIndex((call) => call.command === 'ExitStandby');
    const lastModify = fake.log.findLastIndex((call) => call.command === 'ModifyNetworkInterfaceAttribute');
    const associate = fake.log.findIndex((call) => call.command === 'AssociateIamInstanceProfile');
    expect(exit).toBeGreaterThan(lastModify);
    expect(exit).toBeGreaterThan(associate);

    expect(fake.calls('DeleteNetworkAclEntry')).toHaveLength(10);
    expect(fake.nacls.get('acl-1')!.entries).toEqual(ORIGINAL_NACL());
    expect(fake.instances.get(INSTANCE)!.tags).toEqual({
      Name: 'web-1',
      'aws:autoscaling:groupName': 'web-asg',
    });
  });

  it('sets desired capacity back to the recorded value when the group was scaled meanwhile', async () => {
    fake = seedScenario();
    const recorded = await isolated();
    fake.asgs.get('web-asg')!.desired = 3;
    const run = await runLocal(await restoring(recorded));
    expect(fake.log.filter((call) => ['ExitStandby', 'SetDesiredCapacity'].includes(call.command))).toEqual([
      { command: 'ExitStandby', input: { InstanceIds: [INSTANCE], AutoScalingGroupName: 'web-asg' } },
      {
        command: 'SetDesiredCapacity',
        input: { AutoScalingGroupName: 'web-asg', DesiredCapacity: 3, HonorCooldown: false },
      },
    ]);
    expect(run.results.get('restore:asg')).toMatchObject({ status: 'done', after: { desiredCapacity: 3 } });
    expect(fake.asgs.get('web-asg')!.desired).toBe(3);
  });

  it('restores from what AWS carries when the action record is lost', async () => {
    fake = seedScenario();
    await isolated();
    const run = await runLocal(await restoring([]));
    expect(run.blocked).toEqual([]);
    for (const eni of ENI_IDS)
      expect(fake.enis.get(eni)).toMatchObject({ groups: [...ORIGINAL[eni]], tags: {} });
    expect(fake.calls('AssociateIamInstanceProfile')).toEqual([
      { IamInstanceProfile: { Arn: PROFILE_ARN }, InstanceId: INSTANCE },
    ]);
    // Without the record, desired capacity is unknown: ExitStandby alone gives back what Standby took.
    expect(fake.calls('ExitStandby')).toHaveLength(1);
    expect(fake.calls('SetDesiredCapacity')).toEqual([]);
    expect(fake.nacls.get('acl-1')!.entries).toEqual(ORIGINAL_NACL());
    expect(fake.instances.get(INSTANCE)!.tags).toEqual({
      Name: 'web-1',
      'aws:autoscaling:groupName': 'web-asg',
    });
  });

  it('is idempotent: a second restore changes nothing', async () => {
    fake = seedScenario();
    const recorded = await isolated();
    await runLocal(await restoring(recorded));
    const run = await runLocal(await restoring(recorded));
    expect(fake.mutatingCalls()).toEqual([]);
    expect(run.results.get('restore:eni:eni-01')?.note).toBe('already in its original groups');
    expect(run.results.get('restore:profile')?.note).toBe('already associated');
  });

  it('dry run: DryRun on every EC2 call, Auto Scaling and IAM planned, nothing changed', async () => {
    fake = seedScenario();
    const recorded = await isolated();
    const steps = await restoring(recorded);
    const before = structuredClone([...fake.enis.values()]);
    const run = await runLocal(steps, { dryRun: true });
    expect(fake.log.length).toBeGreaterThan(0);
    for (const call of fake.log) expect([call.command, call.input.DryRun]).toEqual([call.command, true]);
    expect([...fake.enis.values()]).toEqual(before);
    expect(run.results.get('restore:eni:eni-04')).toMatchObject({
      status: 'done',
      note: 'dry run: would succeed',
    });
    expect(fake.calls('ModifyNetworkInterfaceAttribute')).toContainEqual({
      NetworkInterfaceId: 'eni-04',
      Groups: [...ORIGINAL['eni-04']],
      DryRun: true,
    });
    for (const id of ['restore:profile', 'restore:asg']) {
      expect(run.results.get(id)).toMatchObject({
        status: 'skipped',
        note: 'planned (no dry run for this API)',
      });
    }
  });

  it('skips an interface that is gone, and keeps the instance out of service when its profile conflicts', async () => {
    fake = seedScenario();
    const recorded = await isolated();
    fake.enis.delete('eni-04');
    fake.profileAssociations.push({
      id: 'iip-assoc-9',
      instanceId: INSTANCE,
      profileArn: 'arn:aws:iam::111122223333:instance-profile/other',
      state: 'associated',
    });
    const run = await runLocal(await restoring(recorded));
    expect(run.results.get('restore:eni:eni-04')).toMatchObject({
      status: 'skipped',
      note: expect.stringContaining('no longer exists'),
    });
    expect(run.results.get('restore:profile')).toMatchObject({
      status: 'failed',
      error: { code: 'RESTORE_CONFLICT' },
    });
    expect(run.blocked).toEqual(['restore:asg', 'restore:tags']);
    expect(fake.calls('ExitStandby')).toEqual([]);
    expect(fake.enis.get('eni-01')!.groups).toEqual([...ORIGINAL['eni-01']]);
  });

  it('after a partial isolation, restores what moved and clears the tag of what did not', async () => {
    fake = seedScenario();
    fake.fail(
      'ModifyNetworkInterfaceAttribute',
      errors.denied,
      (input) => input.NetworkInterfaceId === 'eni-02',
      1,
    );
    const recorded = await isolated();
    expect(recorded.find((step) => step.id === 'eni:eni-02:untrack')?.status).toBe('failed');
    const run = await runLocal(await restoring(recorded));
    expect(run.blocked).toEqual([]);
    expect(fake.calls('ModifyNetworkInterfaceAttribute').map((input) => input.NetworkInterfaceId)).toEqual([
      'eni-01',
      'eni-03',
      'eni-04',
    ]);
    for (const eni of ENI_IDS)
      expect(fake.enis.get(eni)).toMatchObject({ groups: [...ORIGINAL[eni]], tags: {} });
  });
});
