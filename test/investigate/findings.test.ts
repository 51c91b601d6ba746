import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flagSuspicious, RULES, toFlaggedTrailEvent } from '../../src/investigate/findings.js';
import type { CloudTrailRecord } from '../../src/investigate/record.js';
import { load } from './rules/load.js';

const FIXTURE_FILES = readdirSync(new URL('../fixtures/cloudtrail/', import.meta.url)).filter((f) =>
  f.endsWith('.json'),
);
const SEVERITIES = ['critical', 'high', 'medium', 'low'];

describe('RULES', () => {
  it('have unique kebab-case ids, a title, a description and their usual severity among their severities', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.title.length).toBeGreaterThan(5);
      expect(rule.description.length).toBeGreaterThan(20);
      expect(rule.severities).toContain(rule.severity);
    }
  });

  it('each fire somewhere in the fixtures, with only the severities they declare', () => {
    const fired = new Map<string, Set<string>>();
    for (const file of FIXTURE_FILES) {
      for (const finding of flagSuspicious(load(file))) {
        const severities = fired.get(finding.ruleId) ?? new Set<string>();
        severities.add(finding.severity);
        fired.set(finding.ruleId, severities);
      }
    }
    for (const rule of RULES) {
      expect(fired.has(rule.id), rule.id).toBe(true);
      for (const severity of fired.get(rule.id) ?? []) expect(rule.severities, rule.id).toContain(severity);
    }
  });
});

describe('flagSuspicious', () => {
  it('sorts by severity, then newest first', () => {
    const records = [
      ...load('s3.json'),
      ...load('security-group-ingress.json'),
      ...load('new-source-ip.json'),
    ];
    const findings = flagSuspicious(records);
    expect(findings.length).toBeGreaterThan(5);
    for (let i = 1; i < findings.length; i++) {
      const [before, after] = [findings[i - 1]!, findings[i]!];
      const rank = SEVERITIES.indexOf(before.severity) - SEVERITIES.indexOf(after.severity);
      expect(rank).toBeLessThanOrEqual(0);
      if (rank === 0)
        expect(Date.parse(records[before.index]!.eventTime)).toBeGreaterThanOrEqual(
          Date.parse(records[after.index]!.eventTime),
        );
    }
    expect(findings[0]).toMatchObject({ ruleId: 's3-acl-public', severity: 'critical' });
    expect(findings.at(-1)).toMatchObject({ ruleId: 'new-source-ip', severity: 'low' });
  });

  it('gives one record several findings when several rules match', () => {
    // mallory's ConsoleLogin-free S3 file: a policy that is public and cross-account at once.
    const [policy] = load('s3.json');
    const both = {
      ...policy!,
      requestParameters: {
        bucketName: 'customer-exports',
        bucketPolicy: {
          Statement: [
            { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' },
            { Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 's3:*', Resource: '*' },
          ],
        },
      },
    };
    expect(flagSuspicious([both]).map((f) => [f.ruleId, f.index])).toEqual([
      ['s3-bucket-policy-public', 0],
      ['s3-bucket-policy-cross-account', 0],
    ]);
  });

  it("carries each rule's title with the finding", () => {
    const [stopLogging] = load('cloudtrail-tampering.json');
    expect(flagSuspicious([stopLogging!])).toEqual([
      {
        ruleId: 'cloudtrail-tampering',
        title: 'CloudTrail logging stopped or changed',
        severity: 'critical',
        reason:
          'StopLogging on trail arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events by arn:aws:iam::123456789012:user/mallory from 203.0.113.7',
        index: 0,
      },
    ]);
  });

  it('finds nothing in ordinary read-only activity', () => {
    const [listBuckets] = load('recon.json');
    expect(flagSuspicious([listBuckets!])).toEqual([]);
    expect(flagSuspicious([])).toEqual([]);
  });

  it('is the same whatever order the records come in, up to indices', () => {
    const records = FIXTURE_FILES.flatMap(load);
    const forward = flagSuspicious(records).map((f) => `${f.ruleId} ${records[f.index]!.eventID}`);
    const reversed = [...records].reverse();
    const backward = flagSuspicious(reversed).map((f) => `${f.ruleId} ${reversed[f.index]!.eventID}`);
    expect(new Set(backward)).toEqual(new Set(forward));
  });
});

describe('toFlaggedTrailEvent', () => {
  it("keeps the rule and the record's who, what, where and id", () => {
    const records = load('security-group-ingress.json');
    const [finding] = flagSuspicious([records[0]!]);
    expect(toFlaggedTrailEvent(records[0]!, finding!)).toEqual({
      rule: 'ec2-ingress-open-to-world',
      severity: finding!.severity,
      reason: finding!.reason,
      eventTime: '2026-11-26T08:50:00Z',
      principal: 'arn:aws:iam::123456789012:user/mallory',
      eventName: 'AuthorizeSecurityGroupIngress',
      eventSource: 'ec2.amazonaws.com',
      sourceIp: '203.0.113.7',
      region: 'eu-west-1',
      eventId: records[0]!.eventID,
    });
  });

  it('leaves out what the record lacks and keeps a service as the source', () => {
    const record = {
      eventTime: '2026-11-26T08:00:00Z',
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser',
      sourceIPAddress: 'cloudformation.amazonaws.com',
    } as CloudTrailRecord;
    expect(
      toFlaggedTrailEvent(record, {
        ruleId: 'iam-user-created',
        title: 'x',
        severity: 'medium',
        reason: 'r',
        index: 0,
      }),
    ).toEqual({
      rule: 'iam-user-created',
      severity: 'medium',
      reason: 'r',
      eventTime: '2026-11-26T08:00:00Z',
      principal: 'unknown',
      eventName: 'CreateUser',
      eventSource: 'iam.amazonaws.com',
      sourceIp: 'cloudformation.amazonaws.com',
    });
  });
});
