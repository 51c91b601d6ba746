/**
 * Isolate → verify → restore against any AWS-compatible endpoint (LocalStack, moto), opt-in with
 * AWS_ENDPOINT_URL. The clients come from the production factory with no endpoint set in code: the SDK reads
 * AWS_ENDPOINT_URL itself, which is the contract this suite holds the bot to. The suite builds its own VPC,
 * subnet, groups, instance and second interface, and removes them afterwards.
 *
 *   AWS_ENDPOINT_URL=http://127.0.0.1:5000 npx vitest run test/aws-endpoint
 *
 * AWS_REGION (default us-east-1), AWS_ENDPOINT_TEST_AMI (default ami-12345678, which emulators accept),
 * AWS_ENDPOINT_TEST_ALLOW_REMOTE=true to allow a non-loopback endpoint (it then uses the default credentials).
 */
import { randomUUID } from 'node:crypto';
import {
  AttachNetworkInterfaceCommand,
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteNetworkInterfaceCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
  DetachNetworkInterfaceCommand,
  EC2Client,
  ModifyInstanceAttributeCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsClientFactory, type AwsClients, createAwsClientFactory } from '../../src/aws/clients.js';
import { observeInstance } from '../../src/contain/isolate/observe.js';
import { planIsolation } from '../../src/contain/isolate/plan.js';
import { restoreSteps } from '../../src/contain/isolate/restore.js';
import { stepId } from '../../src/contain/isolate/step-ids.js';
import { isolationSteps } from '../../src/contain/isolate/steps.js';
import { runSteps } from '../../src/contain/runner.js';
import type { StepDefinition, StepRecord } from '../../src/contain/step.js';
import { endpointRefusal, loopbackOnly, remoteAllowed, SKIP_LINE } from './endpoint-guard.js';

const ENDPOINT = process.env.AWS_ENDPOINT_URL;
const REGION = process.env.AWS_REGION || 'us-east-1';
const AMI = process.env.AWS_ENDPOINT_TEST_AMI || 'ami-12345678';
// Real AWS takes minutes to start and terminate an instance; emulators take milliseconds.
const SLOW = 10 * 60_000;

describe('AWS endpoint suite', () => {
  beforeAll(() => {
    if (!ENDPOINT) console.log(SKIP_LINE);
  });

  it('refuses any endpoint that is not loopback unless remote is allowed', () => {
    expect(endpointRefusal({ AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' })).toBeUndefined();
    expect(endpointRefusal({ AWS_ENDPOINT_URL: 'http://localhost:5000' })).toBeUndefined();
    expect(endpointRefusal({ AWS_ENDPOINT_URL: 'http://[::1]:5000' })).toBeUndefined();
    expect(endpointRefusal({ AWS_ENDPOINT_URL: 'https://ec2.us-east-1.amazonaws.com' })).toMatch(
      /not a loopback/,
    );
    expect(endpointRefusal({ AWS_ENDPOINT_URL: 'http://127.0.0.1.nip.io:4566' })).toMatch(/not a loopback/);
    expect(endpointRefusal({ AWS_ENDPOINT_URL: 'localhost:4566' })).toMatch(/not a loopback|not a URL/);
    expect(
      endpointRefusal({
        AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
        AWS_ENDPOINT_URL_IAM: 'https://iam.amazonaws.com',
      }),
    ).toMatch(/AWS_ENDPOINT_URL_IAM/);
    expect(
      endpointRefusal({
        AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
        AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true',
      }),
    ).toMatch(/real AWS/);
    expect(
      endpointRefusal({
        AWS_ENDPOINT_URL: 'https://ec2.us-east-1.amazonaws.com',
        AWS_ENDPOINT_TEST_ALLOW_REMOTE: 'true',
      }),
    ).toBeUndefined();
  });

  it('stops a request bound for a non-loopback host before it is sent', async () => {
    const sent: string[] = [];
    const ec2 = new EC2Client({
      region: 'us-east-1',
      endpoint: 'https://ec2.us-east-1.amazonaws.com',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
      requestHandler: {
        handle: async (request: { hostname: string }) => {
          sent.push(request.hostname);
          throw new Error('sent');
        },
      },
    });
    loopbackOnly(ec2);
    await expect(ec2.send(new DescribeVpcsCommand({}))).rejects.toThrow(
      /refused a request to ec2\.us-east-1/,
    );
    expect(sent).toEqual([]);
  });
});

interface Built {
  vpcId?: string;
  subnetId?: string;
  groupIds: string[];
  instanceId?: string;
  secondEniId?: string;
}

describe.skipIf(!ENDPOINT)(`isolation against ${ENDPOINT ?? 'an AWS-compatible endpoint'}`, () => {
  let factory: AwsClientFactory;
  let clients: AwsClients;
  const built: Built = { groupIds: [] };
  /** Each interface's own groups, as created. */
  const original = new Map<string, string[]>();

  beforeAll(async () => {
    const refusal = endpointRefusal(process.env);
    if (refusal) throw new Error(`AWS endpoint suite refused to run: ${refusal}`);
    const remote = remoteAllowed(process.env);
    factory = createAwsClientFactory({
      maxAttempts: 2,
      // Locally, never the default chain: a developer's real profile has no business signing emulator calls.
      ...(!remote && {
        credentials: {
          accessKeyId: process.env.AWS_ACCESS_KEY_ID || 'test',
          secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY || 'test',
          ...(process.env.AWS_SESSION_TOKEN && { sessionToken: process.env.AWS_SESSION_TOKEN }),
        },
      }),
      ...(!remote && { decorate: (client) => loopbackOnly(client) }),
    });
    clients = factory.forTarget({ region: REGION });
    await build(clients.ec2, built, original);
  }, SLOW);

  afterAll(async () => {
    if (clients) await cleanUp(clients.ec2, built);
    factory?.destroy();
  }, SLOW);

  it(
    'moves every interface into the isolation group only, then back into its own groups',
    async () => {
      const instanceId = built.instanceId!;
      const observed = await observeInstance(clients, instanceId);
      expect(observed.interfaces.map((eni) => eni.id).sort()).toEqual([...original.keys()].sort());
      const plan = planIsolation(observed, { asgMode: 'standby', snapshots: false, naclDeny: false });
      expect(plan.refusal).toBeUndefined();

      const isolated = await run(isolationSteps(plan, clients));
      report('isolation', isolated);
      for (const record of isolated.filter((r) => r.critical))
        expect([record.id, record.status, record.error]).toEqual([record.id, 'done', undefined]);
      expect(isolated.find((r) => r.id === stepId.verify)?.status).toBe('done');

      const isolationGroup = (
        isolated.find((r) => r.id === stepId.isolationGroup(built.vpcId!))?.after as {
          groupId?: string;
        }
      )?.groupId;
      expect(isolationGroup).toMatch(/^sg-/);
      // Read back independently of the code under test.
      const during = await groupsByInterface(clients.ec2, instanceId);
      expect([...during.keys()].sort()).toEqual([...original.keys()].sort());
      for (const [eniId, groups] of during) expect([eniId, groups]).toEqual([eniId, [isolationGroup]]);

      const observedNow = await observeInstance(clients, instanceId);
      const restored = await run(restoreSteps({ steps: isolated, observedNow }, clients));
      report('restore', restored);
      for (const record of restored.filter((r) => r.critical))
        expect([record.id, record.status, record.error]).toEqual([record.id, 'done', undefined]);

      const after = await groupsByInterface(clients.ec2, instanceId);
      for (const [eniId, groups] of original) expect([eniId, after.get(eniId)]).toEqual([eniId, groups]);
    },
    SLOW,
  );
});

function run(steps: StepDefinition[]): Promise<StepRecord[]> {
  const now = () => new Date();
  return runSteps(
    steps,
    [],
    { dryRun: false, incidentId: 'INC-ENDPOINT', actionId: `act-${randomUUID()}`, actor: 'UENDPOINT', now },
    { persist: async () => {}, now },
  );
}

/** Emulators cover EC2 unevenly; evidence steps that failed are shown, not hidden, but do not fail the suite. */
function report(phase: string, records: readonly StepRecord[]): void {
  for (const record of records.filter((r) => r.status !== 'done')) {
    console.log(
      `${phase}: ${record.id} ${record.status}${record.error ? ` (${record.error.code}: ${record.error.message})` : ''}${record.note ? ` — ${record.note}` : ''}`,
    );
  }
}

async function groupsByInterface(ec2: EC2Client, instanceId: string): Promise<Map<string, string[]>> {
  const found = await ec2.send(
    new DescribeNetworkInterfacesCommand({
      Filters: [{ Name: 'attachment.instance-id', Values: [instanceId] }],
    }),
  );
  return new Map(
    (found.NetworkInterfaces ?? []).map((eni) => [
      eni.NetworkInterfaceId!,
      (eni.Groups ?? []).map((group) => group.GroupId!).sort(),
    ]),
  );
}

async function build(ec2: EC2Client, built: Built, original: Map<string, string[]>): Promise<void> {
  const name = `firebreak-endpoint-test-${randomUUID().slice(0, 8)}`;
  const tags = (type: 'vpc' | 'subnet' | 'security-group' | 'instance' | 'network-interface') => [
    { ResourceType: type, Tags: [{ Key: 'Name', Value: name }] },
  ];
  const vpc = await ec2.send(
    new CreateVpcCommand({ CidrBlock: '10.77.0.0/16', TagSpecifications: tags('vpc') }),
  );
  built.vpcId = vpc.Vpc!.VpcId!;
  const subnet = await ec2.send(
    new CreateSubnetCommand({
      VpcId: built.vpcId,
      CidrBlock: '10.77.1.0/24',
      TagSpecifications: tags('subnet'),
    }),
  );
  built.subnetId = subnet.Subnet!.SubnetId!;
  const group = async (suffix: string) => {
    const created = await ec2.send(
      new CreateSecurityGroupCommand({
        VpcId: built.vpcId,
        GroupName: `${name}-${suffix}`,
        Description: 'Firebreak endpoint suite',
        TagSpecifications: tags('security-group'),
      }),
    );
    built.groupIds.push(created.GroupId!);
    return created.GroupId!;
  };
  const primaryGroups = [await group('app'), await group('admin')].sort();
  const secondGroups = [await group('data')];

  const launched = await ec2.send(
    new RunInstancesCommand({
      ImageId: AMI,
      InstanceType: 't3.micro',
      MinCount: 1,
      MaxCount: 1,
      // The groups go on the interface, not the instance: moto reports an instance's launch groups on every
      // attached interface for ever, whatever ModifyNetworkInterfaceAttribute set. AWS treats both alike.
      NetworkInterfaces: [
        { DeviceIndex: 0, SubnetId: built.subnetId, Groups: primaryGroups, DeleteOnTermination: true },
      ],
      TagSpecifications: tags('instance'),
    }),
  );
  built.instanceId = launched.Instances![0]!.InstanceId!;
  original.set(launched.Instances![0]!.NetworkInterfaces?.[0]?.NetworkInterfaceId ?? '', primaryGroups);

  const eni = await ec2.send(
    new CreateNetworkInterfaceCommand({
      SubnetId: built.subnetId,
      Groups: secondGroups,
      TagSpecifications: tags('network-interface'),
    }),
  );
  built.secondEniId = eni.NetworkInterface!.NetworkInterfaceId!;
  original.set(built.secondEniId, secondGroups);
  // AWS refuses to attach to a pending instance.
  await until(ec2, built.instanceId, 'running');
  await ec2.send(
    new AttachNetworkInterfaceCommand({
      InstanceId: built.instanceId,
      NetworkInterfaceId: built.secondEniId,
      DeviceIndex: 1,
    }),
  );
  // RunInstances may leave the primary interface out of its answer; read it back from the instance.
  if (original.has('')) {
    original.delete('');
    const live = await groupsByInterface(ec2, built.instanceId);
    for (const eniId of live.keys()) if (eniId !== built.secondEniId) original.set(eniId, primaryGroups);
  }
}

async function until(ec2: EC2Client, instanceId: string, state: 'running' | 'terminated'): Promise<void> {
  const deadline = Date.now() + SLOW / 2;
  for (;;) {
    const found = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    const current = found.Reservations?.[0]?.Instances?.[0]?.State?.Name;
    // An emulator may forget a terminated instance at once.
    if (current === state || (state === 'terminated' && current === undefined)) return;
    if (Date.now() > deadline) throw new Error(`${instanceId} still ${current}, waited for ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

/** Best effort, in dependency order; whatever is left behind is named, so it can be removed by hand. */
async function cleanUp(ec2: EC2Client, built: Built): Promise<void> {
  const leftovers: string[] = [];
  const attempt = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (error) {
      leftovers.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const { instanceId, secondEniId, vpcId, subnetId } = built;
  if (instanceId) {
    // Isolation turned termination protection on, as evidence; it has to go before the instance can.
    await attempt(`protection off ${instanceId}`, () =>
      ec2.send(
        new ModifyInstanceAttributeCommand({
          InstanceId: instanceId,
          DisableApiTermination: { Value: false },
        }),
      ),
    );
  }
  if (secondEniId && instanceId) {
    await attempt(`detach ${secondEniId}`, async () => {
      const found = await ec2.send(
        new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [secondEniId] }),
      );
      const attachmentId = found.NetworkInterfaces?.[0]?.Attachment?.AttachmentId;
      if (attachmentId)
        await ec2.send(new DetachNetworkInterfaceCommand({ AttachmentId: attachmentId, Force: true }));
    });
  }
  if (instanceId) {
    await attempt(`terminate ${instanceId}`, async () => {
      await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
      await until(ec2, instanceId, 'terminated');
    });
  }
  if (subnetId) {
    // The second interface, and a primary one an emulator kept after termination.
    await attempt(`delete interfaces in ${subnetId}`, async () => {
      const found = await ec2.send(
        new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'subnet-id', Values: [subnetId] }] }),
      );
      for (const eni of found.NetworkInterfaces ?? [])
        await ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: eni.NetworkInterfaceId! }));
    });
  }
  if (vpcId) {
    // Ours, and the untrack and isolation groups Firebreak made in this VPC.
    await attempt(`delete groups in ${vpcId}`, async () => {
      const found = await ec2.send(
        new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }),
      );
      const errors: string[] = [];
      for (const group of found.SecurityGroups ?? []) {
        if (group.GroupName === 'default') continue;
        await ec2.send(new DeleteSecurityGroupCommand({ GroupId: group.GroupId! })).catch((error: Error) => {
          errors.push(`${group.GroupId}: ${error.message}`);
        });
      }
      if (errors.length > 0) throw new Error(errors.join('; '));
    });
  }
  if (subnetId)
    await attempt(`delete ${subnetId}`, () => ec2.send(new DeleteSubnetCommand({ SubnetId: subnetId })));
  if (vpcId) await attempt(`delete ${vpcId}`, () => ec2.send(new DeleteVpcCommand({ VpcId: vpcId })));
  if (leftovers.length > 0) console.log(`AWS endpoint suite left behind:\n  ${leftovers.join('\n  ')}`);
}
