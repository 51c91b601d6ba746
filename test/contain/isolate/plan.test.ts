import { describe, expect, it } from 'vitest';
import { newDenyEntries } from '../../../src/contain/isolate/nacl-rules.js';
import { decodeOriginalGroups, originalGroupsTags } from '../../../src/contain/isolate/names.js';
import { type IsolationOptions, planIsolation } from '../../../src/contain/isolate/plan.js';
import { classifyRoute, subnetRoutes } from '../../../src/contain/isolate/routes.js';
import { observedFixture } from './observation-fixture.js';

const options: IsolationOptions = { asgMode: 'standby', snapshots: true, naclDeny: false };

describe('planIsolation: refusals', () => {
  it('refuses an instance tagged firebreak:protected, whatever the value', () => {
    const plan = planIsolation(observedFixture({ tags: { 'firebreak:protected': '' } }), options);
    expect(plan.refusal).toMatchObject({
      code: 'INSTANCE_PROTECTED',
      message: expect.stringContaining('firebreak:protected'),
    });
  });

  it("refuses the bot's own host, and only when its id is known", () => {
    expect(planIsolation(observedFixture(), { ...options, botInstanceId: 'i-0abc' }).refusal?.code).toBe(
      'BOT_HOST',
    );
    expect(
      planIsolation(observedFixture(), { ...options, botInstanceId: undefined }).refusal,
    ).toBeUndefined();
    expect(planIsolation(observedFixture(), { ...options, botInstanceId: 'i-0zzz' }).refusal).toBeUndefined();
  });

  it('refuses terminated and shutting-down instances, not stopped ones', () => {
    for (const state of ['terminated', 'shutting-down']) {
      expect(planIsolation(observedFixture({ state }), options).refusal?.code).toBe('INSTANCE_TERMINATED');
    }
    const stopped = planIsolation(observedFixture({ state: 'stopped' }), options);
    expect(stopped.refusal).toBeUndefined();
    expect(stopped.warnings).toContainEqual(expect.stringContaining('is stopped'));
  });
});

describe('planIsolation: plan hash', () => {
  const hash = (overrides = {}) => planIsolation(observedFixture(overrides), options).planHash;

  it('is a sha256 that ignores order and the facts the steps do not act on', () => {
    const base = hash();
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    const reversed = observedFixture()
      .interfaces.reverse()
      .map((eni) => ({ ...eni, groups: [...eni.groups].reverse() }));
    expect(hash({ interfaces: reversed })).toBe(base);
    expect(hash({ tags: { Name: 'renamed' }, state: 'stopped', otherInstancesUsingRole: [] })).toBe(base);
  });

  it('changes when an interface, its groups, the profile association or ASG membership change', () => {
    const base = hash();
    const interfaces = observedFixture().interfaces;
    expect(hash({ interfaces: interfaces.slice(0, 3) })).not.toBe(base);
    expect(
      hash({ interfaces: [{ ...interfaces[0]!, groups: ['sg-0aaa1'] }, ...interfaces.slice(1)] }),
    ).not.toBe(base);
    expect(hash({ profileAssociation: undefined })).not.toBe(base);
    expect(hash({ asg: undefined })).not.toBe(base);
  });
});

describe('planIsolation: preview', () => {
  it('summarises the blast radius and carries the tracked-path warnings', () => {
    const plan = planIsolation(observedFixture(), options);
    const text = plan.summary.join('\n');
    expect(text).toContain('Instance i-0abc "web-1" (running, m5.large) in vpc-1');
    expect(text).toContain('eni-04 (branch of eni-03; 10.0.2.40, 10.0.9.0/28) in subnet-b: sg-0ddd1');
    expect(text).toContain('eni-01 (primary; 10.0.1.10, 2001:db8::10)');
    expect(text).toContain('Auto Scaling group web-asg, desired capacity 3: put into Standby');
    expect(text).toContain('Also using web-role: i-0other');
    expect(text).toContain('203.0.113.10 (eni-01)');
    expect(plan.warnings).toContain(
      'subnet-b sends 0.0.0.0/0 through NAT gateway nat-1: tracked flows survive',
    );
    expect(plan.interfaces.map((eni) => [eni.id, eni.originalGroups])).toEqual([
      ['eni-01', ['sg-0aaa1', 'sg-0aaa2']],
      ['eni-02', ['sg-0bbb1']],
      ['eni-03', ['sg-0ccc1']],
      ['eni-04', ['sg-0ddd1']],
    ]);
  });

  it('plans network ACL denies for every address and prefix, IPv4 and IPv6, when asked', () => {
    expect(planIsolation(observedFixture(), options).naclDenies).toEqual([]);
    const plan = planIsolation(observedFixture(), { ...options, naclDeny: true });
    expect(plan.naclDenies).toHaveLength(1);
    expect(plan.naclDenies[0]!.cidrs).toEqual([
      { cidr: '10.0.1.10/32', ipv6: false },
      { cidr: '2001:db8::10/128', ipv6: true },
      { cidr: '10.0.2.20/32', ipv6: false },
      { cidr: '10.0.2.30/32', ipv6: false },
      { cidr: '10.0.2.40/32', ipv6: false },
      { cidr: '10.0.9.0/28', ipv6: false },
    ]);
  });

  it('knows an interface already isolated by an earlier run, and its original groups from the tag', () => {
    const interfaces = observedFixture().interfaces.map((eni) =>
      eni.id === 'eni-02'
        ? {
            ...eni,
            groups: ['sg-0fb1'],
            groupNames: { 'sg-0fb1': 'firebreak-isolation' },
            tags: { 'firebreak:original-groups': 'sg-0bbb1' },
          }
        : eni,
    );
    const plan = planIsolation(observedFixture({ interfaces }), options);
    expect(plan.interfaces[1]).toMatchObject({
      id: 'eni-02',
      alreadyIsolated: true,
      originalGroups: ['sg-0bbb1'],
    });
    expect(plan.warnings).toContain('eni-02 is already in the isolation group; it will not be moved again.');
  });
});

describe('original-groups tag', () => {
  it('round-trips, spilling over 256 characters into numbered keys', () => {
    expect(originalGroupsTags(['sg-0aaa1', 'sg-0aaa2'])).toEqual([
      { Key: 'firebreak:original-groups', Value: 'sg-0aaa1,sg-0aaa2' },
    ]);
    const many = Array.from({ length: 16 }, (_, i) => `sg-${i.toString(16).padStart(17, '0')}`);
    const tags = originalGroupsTags(many);
    expect(tags.map((t) => t.Key)).toEqual(['firebreak:original-groups', 'firebreak:original-groups:2']);
    expect(tags.every((t) => t.Value.length <= 256)).toBe(true);
    expect(decodeOriginalGroups(Object.fromEntries(tags.map((t) => [t.Key, t.Value])))).toEqual(many);
  });

  it('rejects a tag that is not a list of group ids', () => {
    expect(decodeOriginalGroups({ 'firebreak:original-groups': 'sg-0aaa1,<!channel>' })).toBeUndefined();
    expect(decodeOriginalGroups({})).toBeUndefined();
  });
});

describe('routes and ACL rules', () => {
  it('classifies the targets whose flows stay tracked', () => {
    expect(classifyRoute({ DestinationCidrBlock: '0.0.0.0/0', TransitGatewayId: 'tgw-1' }).via).toBe(
      'transit-gateway',
    );
    expect(classifyRoute({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'vpce-1' }).via).toBe(
      'vpc-endpoint',
    );
    const routes = subnetRoutes(
      [
        {
          RouteTableId: 'rtb-1',
          VpcId: 'vpc-1',
          Associations: [{ Main: true }],
          Routes: [
            { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'vpce-gwlb', State: 'active' },
            { DestinationCidrBlock: '10.1.0.0/16', TransitGatewayId: 'tgw-1', State: 'blackhole' },
          ],
        },
      ],
      'subnet-x',
      'vpc-1',
    );
    expect(routes.trackedPaths).toEqual([
      { destination: '0.0.0.0/0', via: 'vpc-endpoint', targetId: 'vpce-gwlb' },
    ]);
    expect(routes.warnings[0]).toContain('Gateway Load Balancer or PrivateLink');
  });

  it('numbers deny entries below the first allow rule and skips those already present', () => {
    const existing = [
      { ruleNumber: 1, egress: false, action: 'allow' as const, protocol: '6', cidr: '10.0.0.0/8' },
      { ruleNumber: 2, egress: false, action: 'deny' as const, protocol: '-1', cidr: '10.0.1.10/32' },
      { ruleNumber: 100, egress: false, action: 'allow' as const, protocol: '-1', cidr: '0.0.0.0/0' },
      { ruleNumber: 5, egress: true, action: 'allow' as const, protocol: '-1', cidr: '0.0.0.0/0' },
    ];
    const cidrs = [
      { cidr: '10.0.1.10/32', ipv6: false },
      { cidr: '2001:db8::10/128', ipv6: true },
    ];
    // Inbound: rule 1 is an allow, so the only room is below it… none; the first allow caps it.
    expect(newDenyEntries(existing, cidrs)).toEqual({
      reason: expect.stringContaining('below the first allow rule (1)'),
    });
    const roomy = existing.filter((entry) => entry.ruleNumber !== 1);
    expect(newDenyEntries(roomy, cidrs)).toEqual({
      entries: [
        { cidr: '2001:db8::10/128', ipv6: true, egress: false, ruleNumber: 1 },
        { cidr: '10.0.1.10/32', ipv6: false, egress: true, ruleNumber: 1 },
        { cidr: '2001:db8::10/128', ipv6: true, egress: true, ruleNumber: 2 },
      ],
    });
  });
});
