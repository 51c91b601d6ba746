import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import type { AwsClients } from '../../../src/aws/clients.js';
import { observeInstance } from '../../../src/contain/isolate/observe.js';
import { type IsolationOptions, planIsolation } from '../../../src/contain/isolate/plan.js';
import { restoreSteps } from '../../../src/contain/isolate/restore.js';
import { isolationSteps } from '../../../src/contain/isolate/steps.js';
import { DRILL_ACCOUNT_ID, DRILL_REGION } from '../../../src/drill/seed-ids.js';
import { type Drill, drill, IDS } from '../../drill/support.js';
import { runLocal, statusOf } from './run-local.js';

/** The same flows against the shared drill account (another helper's simulator), through real SDK clients. */

const OPTIONS: IsolationOptions = { asgMode: 'standby', snapshots: true, naclDeny: false };

function clientsOf(d: Drill): AwsClients {
  return {
    ec2: d.ec2,
    autoScaling: d.autoScaling,
    iam: d.iam,
    sts: d.sts,
    cloudTrail: d.cloudTrail,
    cloudTrailUsEast1: d.cloudTrail,
    cloudWatch: new CloudWatchClient({ region: DRILL_REGION }),
    account: DRILL_ACCOUNT_ID,
    region: DRILL_REGION,
  };
}

async function isolate(d: Drill, instanceId: string, options: Partial<IsolationOptions> = {}) {
  const clients = clientsOf(d);
  const plan = planIsolation(await observeInstance(clients, instanceId), { ...OPTIONS, ...options });
  const run = await runLocal(isolationSteps(plan, clients));
  return { clients, plan, run };
}

const groupsOf = async (d: Drill, instanceId: string) =>
  (await observeInstance(clientsOf(d), instanceId)).interfaces.map((eni) => [eni.id, eni.groups] as const);

describe('isolation against the drill account', () => {
  it('isolates the web instance (trunk and branch included) and restores each interface to its own groups', async () => {
    const d = drill();
    const originally = await groupsOf(d, IDS.instances.web);
    expect(originally.map(([id]) => id)).toEqual(
      expect.arrayContaining([
        IDS.networkInterfaces.webPrimary,
        IDS.networkInterfaces.webTrunk,
        IDS.networkInterfaces.webBranch,
      ]),
    );

    const { clients, run } = await isolate(d, IDS.instances.web);
    expect(run.blocked).toEqual([]);
    for (const [id, outcome] of run.results)
      expect([id, outcome.status, outcome.error]).toEqual([id, 'done', undefined]);
    const isolation = run.results.get(`group:isolation:${IDS.vpc}`)!.after as { groupId: string };
    for (const [, groups] of await groupsOf(d, IDS.instances.web))
      expect(groups).toEqual([isolation.groupId]);

    const observedNow = await observeInstance(clients, IDS.instances.web);
    const recorded = [...run.results].map(([id, outcome]) => ({
      id,
      status: outcome.status,
      before: outcome.before,
    }));
    const restored = await runLocal(restoreSteps({ steps: recorded, observedNow }, clients));
    expect(restored.blocked).toEqual([]);
    expect(await groupsOf(d, IDS.instances.web)).toEqual(originally);
    expect(observedNow.tags['firebreak:incident']).toBe('INC-7');
    expect((await observeInstance(clients, IDS.instances.web)).tags['firebreak:incident']).toBeUndefined();
  });

  it('puts the Auto Scaling member into Standby and gives back the desired capacity on restore', async () => {
    const d = drill();
    const { clients, run } = await isolate(d, IDS.instances.asg);
    expect(statusOf(run, 'evidence:asg')).toBe('done');
    const desired = (run.results.get('evidence:asg')!.before as { desiredCapacity: number }).desiredCapacity;
    const during = await observeInstance(clients, IDS.instances.asg);
    expect(during.asg).toMatchObject({ lifecycleState: 'Standby', desiredCapacity: desired - 1 });

    const recorded = [...run.results].map(([id, outcome]) => ({
      id,
      status: outcome.status,
      before: outcome.before,
    }));
    const restored = await runLocal(restoreSteps({ steps: recorded, observedNow: during }, clients));
    expect(statusOf(restored, 'restore:asg')).toBe('done');
    expect((await observeInstance(clients, IDS.instances.asg)).asg).toMatchObject({
      lifecycleState: 'InService',
      desiredCapacity: desired,
    });
  });

  it('refuses the protected bastion', async () => {
    const d = drill();
    const plan = planIsolation(await observeInstance(clientsOf(d), IDS.instances.bastion), OPTIONS);
    expect(plan.refusal?.code).toBe('INSTANCE_PROTECTED');
  });

  it('falls back to direct isolation when the drill refuses the untrack group', async () => {
    const d = drill();
    d.account.faults.inject({
      command: 'CreateSecurityGroup',
      error: 'UnauthorizedOperation',
      when: (input) => input.GroupName === 'firebreak-untrack',
    });
    const { run } = await isolate(d, IDS.instances.dual);
    expect(run.results.get(`group:untrack:${IDS.vpc}`)?.note).toMatch(/^tracked connections not cut/);
    expect(statusOf(run, 'verify:interfaces')).toBe('done');
  });

  it('dry run leaves the drill account unchanged', async () => {
    const d = drill();
    const before = JSON.stringify(d.account.toJSON().state);
    const clients = clientsOf(d);
    const plan = planIsolation(await observeInstance(clients, IDS.instances.web), {
      ...OPTIONS,
      naclDeny: true,
    });
    d.account.clearCallLog();
    const run = await runLocal(isolationSteps(plan, clients), { dryRun: true });
    expect(run.blocked).toEqual([]);
    expect([...run.results.values()].filter((outcome) => outcome.status === 'failed')).toEqual([]);
    expect(JSON.stringify(d.account.toJSON().state)).toBe(before);
    expect(d.account.calls.filter((call) => call.client === 'EC2Client' && !call.dryRun)).toEqual([]);
  });
});
