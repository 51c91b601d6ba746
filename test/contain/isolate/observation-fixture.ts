import type { ObservedInstance, ObservedInterface } from '../../../src/contain/isolate/observation.js';

function eni(id: string, extra: Partial<ObservedInterface>): ObservedInterface {
  return {
    id,
    type: 'interface',
    subnetId: 'subnet-a',
    vpcId: 'vpc-1',
    groups: [],
    groupNames: {},
    privateIps: [],
    ipv6: [],
    ipv4Prefixes: [],
    ipv6Prefixes: [],
    tags: {},
    ...extra,
  };
}

/** The same instance as the fake account's scenario, as observeInstance reports it (pure tests start here). */
export function observedFixture(overrides: Partial<ObservedInstance> = {}): ObservedInstance {
  return {
    instanceId: 'i-0abc',
    name: 'web-1',
    state: 'running',
    vpcId: 'vpc-1',
    subnetId: 'subnet-a',
    instanceType: 'm5.large',
    tags: { Name: 'web-1' },
    terminationProtection: false,
    shutdownBehaviour: 'terminate',
    interfaces: [
      eni('eni-01', {
        groups: ['sg-0aaa1', 'sg-0aaa2'],
        privateIps: ['10.0.1.10'],
        ipv6: ['2001:db8::10'],
        deviceIndex: 0,
      }),
      eni('eni-02', {
        subnetId: 'subnet-b',
        groups: ['sg-0bbb1'],
        privateIps: ['10.0.2.20'],
        deviceIndex: 1,
      }),
      eni('eni-03', {
        type: 'trunk',
        subnetId: 'subnet-b',
        groups: ['sg-0ccc1'],
        privateIps: ['10.0.2.30'],
        deviceIndex: 2,
      }),
      eni('eni-04', {
        type: 'branch',
        trunkId: 'eni-03',
        subnetId: 'subnet-b',
        groups: ['sg-0ddd1'],
        privateIps: ['10.0.2.40'],
        ipv4Prefixes: ['10.0.9.0/28'],
      }),
    ],
    asg: {
      groupName: 'web-asg',
      desiredCapacity: 3,
      minSize: 1,
      maxSize: 5,
      lifecycleState: 'InService',
      targetGroupArns: [],
      loadBalancerNames: [],
    },
    profileAssociation: {
      associationId: 'iip-assoc-1',
      profileArn: 'arn:aws:iam::111122223333:instance-profile/web-profile',
      state: 'associated',
    },
    role: { name: 'web-role', arn: 'arn:aws:iam::111122223333:role/web-role', profileName: 'web-profile' },
    otherInstancesUsingRole: ['i-0other'],
    volumes: [
      { id: 'vol-root', deviceName: '/dev/xvda', deleteOnTermination: true },
      { id: 'vol-data', deviceName: '/dev/xvdf', deleteOnTermination: true },
    ],
    eips: [{ publicIp: '203.0.113.10', networkInterfaceId: 'eni-01' }],
    routes: [
      {
        subnetId: 'subnet-a',
        routeTableId: 'rtb-main',
        routes: [{ destination: '0.0.0.0/0', via: 'internet-gateway', targetId: 'igw-1' }],
        trackedPaths: [],
        warnings: [],
      },
      {
        subnetId: 'subnet-b',
        routeTableId: 'rtb-private',
        routes: [{ destination: '0.0.0.0/0', via: 'nat-gateway', targetId: 'nat-1' }],
        trackedPaths: [{ destination: '0.0.0.0/0', via: 'nat-gateway', targetId: 'nat-1' }],
        warnings: ['subnet-b sends 0.0.0.0/0 through NAT gateway nat-1: tracked flows survive'],
      },
    ],
    networkAcls: [
      {
        id: 'acl-1',
        vpcId: 'vpc-1',
        subnetIds: ['subnet-a', 'subnet-b'],
        entries: [
          { ruleNumber: 100, egress: false, action: 'allow', protocol: '-1', cidr: '0.0.0.0/0' },
          { ruleNumber: 100, egress: true, action: 'allow', protocol: '-1', cidr: '0.0.0.0/0' },
        ],
      },
    ],
    firebreakGroups: [],
    warnings: [],
    ...overrides,
  };
}
