import { afterEach, describe, expect, it } from 'vitest';
import { observeInstance } from '../../../src/contain/isolate/observe.js';
import { errors, type FakeAccount, INSTANCE, PROFILE_ARN, seedScenario } from './fake-account.js';

let fake: FakeAccount;
afterEach(() => fake?.restore());

describe('observeInstance', () => {
  it('reads the whole blast radius: every interface including trunk branches, ASG, role, volumes, routes', async () => {
    fake = seedScenario();
    const observed = await observeInstance(fake.clients(), INSTANCE);

    expect(observed).toMatchObject({
      instanceId: INSTANCE,
      name: 'web-1',
      state: 'running',
      vpcId: 'vpc-1',
      terminationProtection: false,
      shutdownBehaviour: 'terminate',
      asg: { groupName: 'web-asg', desiredCapacity: 3, lifecycleState: 'InService' },
      profileAssociation: { associationId: 'iip-assoc-1', profileArn: PROFILE_ARN },
      role: { name: 'web-role', profileName: 'web-profile' },
      otherInstancesUsingRole: ['i-0other'],
      volumes: [
        { id: 'vol-root', deviceName: '/dev/xvda', deleteOnTermination: true },
        { id: 'vol-data', deviceName: '/dev/xvdf', deleteOnTermination: true },
      ],
      eips: [{ publicIp: '203.0.113.10', networkInterfaceId: 'eni-01' }],
    });
    expect(observed.interfaces.map((eni) => [eni.id, eni.type, eni.groups, eni.trunkId])).toEqual([
      ['eni-01', 'interface', ['sg-0aaa1', 'sg-0aaa2'], undefined],
      ['eni-02', 'interface', ['sg-0bbb1'], undefined],
      ['eni-03', 'trunk', ['sg-0ccc1'], undefined],
      ['eni-04', 'branch', ['sg-0ddd1', 'sg-0ddd2'], 'eni-03'],
    ]);
    expect(observed.interfaces[0]).toMatchObject({ privateIps: ['10.0.1.10'], ipv6: ['2001:db8::10'] });

    // Interfaces come from DescribeNetworkInterfaces by attachment, never from the instance's SecurityGroups.
    expect(fake.calls('DescribeNetworkInterfaces')[0]).toEqual({
      Filters: [{ Name: 'attachment.instance-id', Values: [INSTANCE] }],
    });
    expect(fake.calls('DescribeNetworkInterfaces')[1]).toEqual({
      Filters: [{ Name: 'network-interface-id', Values: ['eni-04'] }],
    });
    expect(fake.mutatingCalls()).toEqual([]);
  });

  it('warns about each path whose flows stay tracked, per subnet', async () => {
    fake = seedScenario();
    const observed = await observeInstance(fake.clients(), INSTANCE);
    const subnetA = observed.routes.find((r) => r.subnetId === 'subnet-a')!;
    const subnetB = observed.routes.find((r) => r.subnetId === 'subnet-b')!;
    expect(subnetA).toMatchObject({ routeTableId: 'rtb-main', trackedPaths: [], warnings: [] });
    expect(subnetB.routeTableId).toBe('rtb-private');
    expect(subnetB.trackedPaths.map((route) => [route.via, route.targetId])).toEqual([
      ['nat-gateway', 'nat-1'],
      ['egress-only-internet-gateway', 'eigw-1'],
    ]);
    expect(subnetB.warnings).toHaveLength(2);
    expect(subnetB.warnings[0]).toMatch(
      /NAT gateway nat-1: tracked flows through it survive a security-group swap/,
    );
  });

  it('reports an unknown instance as AWS_NOT_FOUND naming the id and the region', async () => {
    fake = seedScenario();
    await expect(observeInstance(fake.clients(), 'i-0nothere')).rejects.toMatchObject({
      code: 'AWS_NOT_FOUND',
      awsCode: 'InvalidInstanceID.NotFound',
      message: expect.stringMatching(/^Instance i-0nothere was not found in account 111122223333, eu-west-1/),
    });
  });

  it('turns an IAM read denied into a warning instead of failing the preview', async () => {
    fake = seedScenario();
    fake.fail('GetInstanceProfile', errors.denied);
    const observed = await observeInstance(fake.clients(), INSTANCE);
    expect(observed.role).toBeUndefined();
    expect(observed.profileAssociation?.associationId).toBe('iip-assoc-1');
    expect(observed.warnings).toEqual([expect.stringMatching(/could not be read \(AWS_ACCESS_DENIED\)/)]);
  });

  it('lists Firebreak groups already made in the VPC, so they are reused', async () => {
    fake = seedScenario();
    fake.groups.set('sg-0fb1', {
      id: 'sg-0fb1',
      vpcId: 'vpc-1',
      name: 'firebreak-isolation',
      tags: { 'firebreak:role': 'isolation' },
      ingress: [],
      egress: [],
    });
    const observed = await observeInstance(fake.clients(), INSTANCE);
    expect(observed.firebreakGroups).toEqual([{ vpcId: 'vpc-1', role: 'isolation', groupId: 'sg-0fb1' }]);
  });
});
