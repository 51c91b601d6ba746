import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedAccount } from '../../src/drill/account.js';
import { seedDrillEnvironment } from '../../src/drill/seed.js';
import { drill, IDS, seededAccount } from './support.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'firebreak-drill-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function groupsOf(account: SimulatedAccount, eniId: string) {
  const { ec2 } = drill(account);
  const output = await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eniId] }));
  return output.NetworkInterfaces?.[0]?.Groups?.map((group) => group.GroupId);
}

describe('persistence', () => {
  it('round-trips state and call log through toJSON and fromJSON', async () => {
    const { account, ec2 } = drill();
    await ec2.send(
      new CreateTagsCommand({
        Resources: [IDS.instances.web],
        Tags: [{ Key: 'firebreak:incident', Value: 'INC-3' }],
      }),
    );

    const copy = SimulatedAccount.fromJSON(JSON.stringify(account));

    expect(copy.toJSON()).toEqual(account.toJSON());
    const { ec2: copyEc2 } = drill(copy);
    const described = await copyEc2.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'tag:firebreak:incident', Values: ['INC-3'] }] }),
    );
    expect(described.Reservations?.[0]?.Instances?.[0]?.InstanceId).toBe(IDS.instances.web);
    expect(copy.calls.map((c) => c.eventName)).toEqual(['CreateTags', 'DescribeInstances']);
  });

  it('refuses anything that is not a drill account snapshot', () => {
    expect(() => SimulatedAccount.fromJSON('{"state":{}}')).toThrow(/Not a Firebreak drill account snapshot/);
  });

  it('writes the state file after every mutation, and a reloaded account carries on without reusing ids', async () => {
    const path = join(dir, 'account.json');
    const account = seededAccount({ persistPath: path });
    const { ec2 } = drill(account);
    const first = await ec2.send(
      new CreateSecurityGroupCommand({ GroupName: 'one', Description: 'd', VpcId: IDS.vpc }),
    );

    const onDisk = JSON.parse(readFileSync(path, 'utf8'));
    expect(Object.keys(onDisk.state.regions['eu-west-1'].ec2.securityGroups)).toContain(first.GroupId);
    expect(onDisk.callLog.at(-1).eventName).toBe('CreateSecurityGroup');

    const reloaded = SimulatedAccount.load(path, { persistPath: path });
    const { ec2: again } = drill(reloaded);
    const second = await again.send(
      new CreateSecurityGroupCommand({ GroupName: 'two', Description: 'd', VpcId: IDS.vpc }),
    );
    expect(second.GroupId).not.toBe(first.GroupId);
    expect(
      Object.keys(SimulatedAccount.load(path).toJSON().state.regions['eu-west-1']?.ec2.securityGroups ?? {}),
    ).toEqual(expect.arrayContaining([first.GroupId, second.GroupId]));
  });

  it('survives a process killed mid-flow: the restarted side sees every change the dead one made', async () => {
    const path = join(dir, 'account.json');
    const before = SimulatedAccount.open({ persistPath: path }, seedDrillEnvironment);
    const { ec2 } = drill(before);
    await ec2.send(
      new CreateTagsCommand({
        Resources: [IDS.instances.web],
        Tags: [{ Key: 'firebreak:incident', Value: 'INC-9' }],
      }),
    );

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'fixtures/isolate-then-crash.ts'), path],
      {
        cwd: join(import.meta.dirname, '../..'),
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.once('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
    );
    expect({ code, signal, stderr: stderr.includes('Error') ? stderr : '' }).toEqual({
      code: null,
      signal: 'SIGKILL',
      stderr: '',
    });

    const after = SimulatedAccount.open({ persistPath: path }, () => {
      throw new Error('must resume, not seed again');
    });
    expect(await groupsOf(after, IDS.networkInterfaces.webPrimary)).toEqual([IDS.securityGroups.db]);
    expect(after.calls.map((c) => c.eventName).slice(0, 2)).toEqual([
      'CreateTags',
      'ModifyNetworkInterfaceAttribute',
    ]);
    const tagged = after.toJSON().state.regions['eu-west-1']?.ec2.instances[IDS.instances.web]?.tags;
    expect(tagged?.['firebreak:incident']).toBe('INC-9');
  });

  it('does not persist injected faults, which hold functions and belong to one test', async () => {
    const account = seededAccount();
    account.faults.inject({ command: 'DescribeInstances', error: 'RequestLimitExceeded', when: () => true });
    const { ec2 } = drill(SimulatedAccount.fromJSON(account.toJSON()));
    const output = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [IDS.instances.web] }));
    expect(output.Reservations).toHaveLength(1);
  });
});
