import { describe, expect, it } from 'vitest';
import { globalRegionFor, planLookups, userNamesOf } from '../../src/investigate/plan.js';
import type { TrailQuery } from '../../src/investigate/query.js';
import { assumedRoleCall, consoleLogin, iamUserCall, rootCall } from './trail-records.js';

const base: TrailQuery = {
  since: new Date('2026-11-26T00:00:00Z'),
  until: new Date('2026-11-26T12:00:00Z'),
  regions: ['eu-west-1'],
  limit: 100,
};
const q = (extra: Partial<TrailQuery>): TrailQuery => ({ ...base, ...extra });
const attributesOf = (query: TrailQuery) => planLookups(query).lookups.map((l) => l.attribute);

describe('planLookups: the server-side attribute', () => {
  it('prefers AccessKeyId > ResourceName > Username > EventName > ResourceType > EventSource > ReadOnly', () => {
    const all = q({
      key: 'AKIAIOSFODNN7EXAMPLE',
      resource: 'i-0123456789abcdef0',
      user: 'alice',
      events: ['RunInstances'],
      resourceType: 'AWS::EC2::Instance',
      source: 'ec2.amazonaws.com',
      readOnly: false,
      regions: ['us-east-1'],
    });
    const order: [keyof TrailQuery, string, string][] = [
      ['key', 'AccessKeyId', 'AKIAIOSFODNN7EXAMPLE'],
      ['resource', 'ResourceName', 'i-0123456789abcdef0'],
      ['user', 'Username', 'alice'],
      ['events', 'EventName', 'RunInstances'],
      ['resourceType', 'ResourceType', 'AWS::EC2::Instance'],
      ['source', 'EventSource', 'ec2.amazonaws.com'],
      ['readOnly', 'ReadOnly', 'false'],
    ];
    const remaining: TrailQuery = { ...all };
    for (const [field, key, value] of order) {
      expect(attributesOf(remaining), field).toEqual([{ key, value }]);
      delete remaining[field];
    }
    expect(attributesOf(remaining)).toEqual([undefined]);
  });

  it('makes one lookup per event name per region', () => {
    const plan = planLookups(
      q({ events: ['StopLogging', 'DeleteTrail'], regions: ['eu-west-1', 'eu-central-1'] }),
    );
    expect(plan.lookups).toEqual([
      { region: 'eu-west-1', attribute: { key: 'EventName', value: 'StopLogging' } },
      { region: 'eu-west-1', attribute: { key: 'EventName', value: 'DeleteTrail' } },
      { region: 'eu-central-1', attribute: { key: 'EventName', value: 'StopLogging' } },
      { region: 'eu-central-1', attribute: { key: 'EventName', value: 'DeleteTrail' } },
    ]);
    expect(plan.regions).toEqual(['eu-west-1', 'eu-central-1']);
  });
});

describe('planLookups: us-east-1 for IAM, STS and sign-in events', () => {
  it.each<[string, Partial<TrailQuery>]>([
    ['a user', { user: 'alice' }],
    ['a key', { key: 'ASIAY34FZKBOKMUTVV7A' }],
    ['source=iam', { source: 'iam.amazonaws.com' }],
    ['source=sts', { source: 'sts.amazonaws.com' }],
    ['source=signin', { source: 'signin.amazonaws.com' }],
    ['ConsoleLogin', { events: ['ConsoleLogin'] }],
    ['an IAM write among others', { events: ['RunInstances', 'AttachUserPolicy'] }],
    ['AssumeRole', { events: ['AssumeRole'] }],
  ])('adds us-east-1 for %s', (_, extra) => {
    const plan = planLookups(q(extra));
    expect(plan.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(plan.globalOnlyRegion).toBe('us-east-1');
    expect(new Set(plan.lookups.map((l) => l.region))).toEqual(new Set(['eu-west-1', 'us-east-1']));
  });

  it.each<[string, Partial<TrailQuery>]>([
    ['an EC2 source', { source: 'ec2.amazonaws.com', events: ['ConsoleLogin'] }],
    ['EC2 event names', { events: ['RunInstances'] }],
    ['a resource', { resource: 'i-0123456789abcdef0' }],
    ['only an ip', { ip: '10.0.0.0/8' }],
  ])('does not add it for %s', (_, extra) => {
    expect(planLookups(q(extra)).regions).toEqual(['eu-west-1']);
  });

  it('does not search us-east-1 twice when it was asked for', () => {
    const plan = planLookups(q({ user: 'alice', regions: ['us-east-1', 'eu-west-1', 'us-east-1'] }));
    expect(plan.regions).toEqual(['us-east-1', 'eu-west-1']);
    expect(plan.lookups).toHaveLength(2);
    expect(plan.globalOnlyRegion).toBeUndefined();
  });

  it("uses the partition's global region, or the one given", () => {
    expect(globalRegionFor('cn-northwest-1')).toBe('cn-north-1');
    expect(globalRegionFor('us-gov-east-1')).toBe('us-gov-west-1');
    expect(planLookups(q({ user: 'a', regions: ['cn-northwest-1'] })).regions).toEqual([
      'cn-northwest-1',
      'cn-north-1',
    ]);
    expect(planLookups(q({ user: 'a' }), { globalRegion: 'us-west-2' }).regions).toEqual([
      'eu-west-1',
      'us-west-2',
    ]);
  });

  it('keeps only global-service events from a region added for them', () => {
    const plan = planLookups(q({ user: 'alice' }));
    const ec2InUsEast1 = iamUserCall({ awsRegion: 'us-east-1' });
    expect(plan.matches(ec2InUsEast1, { region: 'us-east-1' })).toBe(false);
    expect(plan.matches(consoleLogin(), { region: 'us-east-1' })).toBe(true);
    expect(plan.matches(iamUserCall(), { region: 'eu-west-1' })).toBe(true);
    // Asked for by region: everything there counts.
    const asked = planLookups(q({ user: 'alice', regions: ['eu-west-1', 'us-east-1'] }));
    expect(asked.matches(ec2InUsEast1, { region: 'us-east-1' })).toBe(true);
  });
});

describe('planLookups: client-side filters', () => {
  const matches = (extra: Partial<TrailQuery>, record = iamUserCall(), where = {}) =>
    planLookups(q(extra)).matches(record, where);

  it('applies the time range, bounds included', () => {
    expect(matches({}, iamUserCall({ eventTime: '2026-11-26T00:00:00Z' }))).toBe(true);
    expect(matches({}, iamUserCall({ eventTime: '2026-11-26T12:00:00Z' }))).toBe(true);
    expect(matches({}, iamUserCall({ eventTime: '2026-11-25T23:59:59Z' }))).toBe(false);
    expect(matches({}, iamUserCall({ eventTime: 'not a time' }))).toBe(false);
  });

  it('matches user= on the user name, the session name, the role behind a session and root', () => {
    expect(userNamesOf(assumedRoleCall()).sort()).toEqual(['deploy-role', 'deploy-session']);
    expect(userNamesOf(rootCall())).toEqual(['root']);
    expect(matches({ user: 'alice' })).toBe(true);
    expect(matches({ user: 'Alice' })).toBe(false);
    expect(matches({ user: 'deploy-session' }, assumedRoleCall())).toBe(true);
    expect(matches({ user: 'deploy-role' }, assumedRoleCall())).toBe(true);
    expect(matches({ user: 'root', regions: ['us-east-1'] }, rootCall())).toBe(true);
    expect(matches({ user: 'alice' }, iamUserCall({ userIdentity: undefined }))).toBe(false);
  });

  it('matches key=, event= and source= exactly', () => {
    expect(matches({ key: 'AKIAIOSFODNN7EXAMPLE' })).toBe(true);
    expect(matches({ key: 'AKIAI44QH8DHBEXAMPLE' })).toBe(false);
    expect(matches({ events: ['RunInstances', 'DescribeInstances'] })).toBe(true);
    expect(matches({ events: ['RunInstances'] })).toBe(false);
    expect(matches({ source: 'ec2.amazonaws.com' })).toBe(true);
    expect(matches({ source: 's3.amazonaws.com' })).toBe(false);
  });

  it('matches readonly=, and a record without readOnly matches neither', () => {
    expect(matches({ readOnly: true })).toBe(true);
    expect(matches({ readOnly: false })).toBe(false);
    expect(matches({ readOnly: true }, iamUserCall({ readOnly: 'true' as unknown as boolean }))).toBe(true);
    expect(matches({ readOnly: true, regions: ['us-east-1'] }, consoleLogin())).toBe(false);
    expect(matches({ readOnly: false, regions: ['us-east-1'] }, consoleLogin())).toBe(false);
    // LookupEvents says what the record does not.
    expect(matches({ readOnly: false, regions: ['us-east-1'] }, consoleLogin(), { readOnly: false })).toBe(
      true,
    );
    expect(matches({ readOnly: true }, iamUserCall(), { readOnly: false })).toBe(true);
  });

  it('matches ip= against IPv4 and IPv6 addresses and CIDR blocks', () => {
    const v4 = iamUserCall({ sourceIPAddress: '203.0.113.7' });
    const v6 = assumedRoleCall();
    expect(matches({ ip: '203.0.113.7' }, v4)).toBe(true);
    expect(matches({ ip: '203.0.113.8' }, v4)).toBe(false);
    expect(matches({ ip: '203.0.113.0/24' }, v4)).toBe(true);
    expect(matches({ ip: '203.0.112.0/24' }, v4)).toBe(false);
    expect(matches({ ip: '0.0.0.0/0' }, v4)).toBe(true);
    expect(matches({ ip: '203.0.113.0/24' }, v6)).toBe(false);
    expect(matches({ ip: '2001:db8::/32' }, v6)).toBe(true);
    expect(matches({ ip: '2001:db8:85a3::/48' }, v6)).toBe(true);
    expect(matches({ ip: '2001:db9::/32' }, v6)).toBe(false);
    expect(matches({ ip: '2001:db8:85a3::8a2e:370:7334' }, v6)).toBe(true);
    expect(matches({ ip: '2001:db8::/32' }, v4)).toBe(false);
    // Calls made by AWS services on someone's behalf carry a service name, never an address.
    expect(matches({ ip: '0.0.0.0/0' }, iamUserCall({ sourceIPAddress: 'ec2.amazonaws.com' }))).toBe(false);
    expect(matches({ ip: '0.0.0.0/0' }, iamUserCall({ sourceIPAddress: undefined }))).toBe(false);
  });

  it('matches error=true on any error code, and a code with or without its Client. prefix', () => {
    expect(matches({ error: true })).toBe(false);
    expect(matches({ error: true }, assumedRoleCall())).toBe(true);
    expect(matches({ error: 'UnauthorizedOperation' }, assumedRoleCall())).toBe(true);
    expect(matches({ error: 'Client.UnauthorizedOperation' }, assumedRoleCall())).toBe(true);
    expect(matches({ error: 'AccessDenied' }, assumedRoleCall())).toBe(false);
    expect(matches({ error: true }, iamUserCall({ errorCode: '' }))).toBe(false);
  });

  it('matches resource= on Event.Resources, ARNs, and ids in the request or response', () => {
    const terminate = assumedRoleCall({ errorCode: undefined });
    expect(matches({ resource: 'i-0123456789abcdef0' }, terminate)).toBe(true);
    expect(matches({ resource: 'i-0fffffffffffffff0' }, terminate)).toBe(false);
    expect(
      matches({ resource: 'i-0fffffffffffffff0' }, terminate, {
        resources: [{ name: 'i-0fffffffffffffff0' }],
      }),
    ).toBe(true);
    const withArn = iamUserCall({
      resources: [{ ARN: 'arn:aws:s3:::evidence-bucket', type: 'AWS::S3::Bucket' }],
    });
    expect(matches({ resource: 'arn:aws:s3:::evidence-bucket' }, withArn)).toBe(true);
    expect(matches({ resource: 'evidence-bucket' }, withArn)).toBe(true);
    expect(matches({ resource: 'mallory', regions: ['us-east-1'] }, rootCall())).toBe(true);
    expect(matches({ resourceType: 'AWS::S3::Bucket' }, withArn)).toBe(true);
    expect(matches({ resourceType: 'AWS::EC2::Instance' }, withArn)).toBe(false);
    expect(
      matches({ resourceType: 'AWS::EC2::Instance' }, terminate, {
        resources: [{ type: 'AWS::EC2::Instance' }],
      }),
    ).toBe(true);
  });

  it('keeps records of the account asked for', () => {
    expect(matches({ account: '123456789012' })).toBe(true);
    expect(matches({ account: '210987654321' })).toBe(false);
    expect(matches({ account: '210987654321' }, iamUserCall({ recipientAccountId: undefined }))).toBe(true);
  });

  it('applies every criterion together', () => {
    const extra = { user: 'alice', events: ['DescribeInstances'], ip: '203.0.113.0/24', readOnly: true };
    expect(matches(extra)).toBe(true);
    expect(matches({ ...extra, error: true })).toBe(false);
  });
});
