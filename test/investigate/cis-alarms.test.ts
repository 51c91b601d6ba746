import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CIS_CONTROLS, cisControlFor, matchesCisControl } from '../../src/investigate/cis-alarms.js';
import type { CloudTrailRecord } from '../../src/investigate/record.js';
import { load } from './rules/load.js';

const control = (id: string) => CIS_CONTROLS.find((c) => c.id === id)!;

describe('CIS_CONTROLS', () => {
  it('covers CloudWatch.1 to CloudWatch.14 and Organizations changes, each with a unique id', () => {
    expect(CIS_CONTROLS.map((c) => c.id)).toEqual([
      ...Array.from({ length: 14 }, (_, i) => `CloudWatch.${i + 1}`),
      'CIS-4.15',
    ]);
  });

  it('gives every control something to look up: event names, error codes or an identity type', () => {
    for (const c of CIS_CONTROLS) {
      expect(
        c.eventNames.length > 0 || (c.errorCodes?.length ?? 0) > 0 || c.userIdentityType !== undefined,
        c.id,
      ).toBe(true);
      for (const name of c.eventNames) expect(c.filterPattern, c.id).toContain(name);
    }
  });

  it('marks the IAM, sign-in and Organizations controls as us-east-1 only', () => {
    expect(CIS_CONTROLS.filter((c) => c.global).map((c) => c.id)).toEqual([
      'CloudWatch.3',
      'CloudWatch.4',
      'CloudWatch.6',
      'CIS-4.15',
    ]);
  });
});

describe('cisControlFor', () => {
  const cases: [
    string,
    { alarmName: string; metricName?: string; namespace?: string; description?: string },
  ][] = [
    [
      'CloudWatch.1',
      { alarmName: 'CIS-3.3-RootAccountUsage', metricName: 'RootAccountUsage', namespace: 'CISBenchmark' },
    ],
    ['CloudWatch.1', { alarmName: 'root-usage', metricName: 'root_usage', namespace: 'LogMetrics' }],
    ['CloudWatch.2', { alarmName: 'CIS-3.1-UnauthorizedAPICalls', metricName: 'UnauthorizedAPICalls' }],
    [
      'CloudWatch.2',
      { alarmName: 'unauthorized_api_calls_alarm', metricName: 'unauthorized_api_calls_metric' },
    ],
    ['CloudWatch.3', { alarmName: 'CIS-3.2-ConsoleSigninWithoutMFA' }],
    ['CloudWatch.3', { alarmName: 'alarm-7', metricName: 'NoMFAConsoleSignin' }],
    ['CloudWatch.4', { alarmName: 'CIS-3.4-IAMPolicyChanges', metricName: 'IAMPolicyChanges' }],
    ['CloudWatch.5', { alarmName: 'CIS-3.5-CloudTrailChanges', metricName: 'CloudTrailCfgChanges' }],
    [
      'CloudWatch.6',
      { alarmName: 'CIS-3.6-ConsoleAuthenticationFailure', metricName: 'ConsoleSigninFailures' },
    ],
    ['CloudWatch.7', { alarmName: 'CIS-3.7-DisableOrDeleteCMK', metricName: 'DisableOrDeleteCMK' }],
    ['CloudWatch.8', { alarmName: 'CIS-3.8-S3BucketPolicyChanges', metricName: 'S3BucketPolicyChanges' }],
    ['CloudWatch.9', { alarmName: 'CIS-3.9-AWSConfigChanges', metricName: 'AWSConfigChanges' }],
    ['CloudWatch.10', { alarmName: 'CIS-3.10-SecurityGroupChanges', metricName: 'SecurityGroupChanges' }],
    ['CloudWatch.11', { alarmName: 'CIS-3.11-NetworkACLChanges', metricName: 'NACLChanges' }],
    ['CloudWatch.12', { alarmName: 'CIS-3.12-NetworkGatewayChanges', metricName: 'NetworkGatewayChanges' }],
    ['CloudWatch.13', { alarmName: 'CIS-3.13-RouteTableChanges', metricName: 'RouteTableChanges' }],
    ['CloudWatch.14', { alarmName: 'CIS-3.14-VPCChanges', metricName: 'VPCChanges' }],
    ['CIS-4.15', { alarmName: 'CIS-4.15-OrganizationsChanges', metricName: 'OrganizationsChanges' }],
    // The metric name decides over a misleading alarm name; the description is the last resort.
    ['CloudWatch.8', { alarmName: 'VPCChanges-but-really-s3', metricName: 's3-bucket-policy-changes' }],
    ['CloudWatch.10', { alarmName: 'prod-alarm-17', description: 'Fires on SecurityGroupChanges in prod' }],
    ['CloudWatch.5', { alarmName: 'CloudTrailEventCount', metricName: 'CloudTrailEventCount' }],
  ];

  it.each(cases)('maps to %s: %j', (id, alarm) => {
    expect(cisControlFor(alarm)?.id).toBe(id);
  });

  it('maps the CIS root-usage alarm fixture', () => {
    const alarm = JSON.parse(
      readFileSync(new URL('../fixtures/alarms/cis-root-usage.json', import.meta.url), 'utf8'),
    ) as { AlarmName: string; AlarmDescription: string; Trigger: { MetricName: string; Namespace: string } };
    expect(
      cisControlFor({
        alarmName: alarm.AlarmName,
        metricName: alarm.Trigger.MetricName,
        namespace: alarm.Trigger.Namespace,
        description: alarm.AlarmDescription,
      }),
    ).toMatchObject({ id: 'CloudWatch.1', userIdentityType: 'Root', global: false });
  });

  it('leaves service metrics and unrelated alarms alone', () => {
    expect(
      cisControlFor({ alarmName: 'web-cpu-high', metricName: 'CPUUtilization', namespace: 'AWS/EC2' }),
    ).toBeUndefined();
    expect(cisControlFor({ alarmName: 'api-5xx', metricName: 'HTTPCode_Target_5XX_Count' })).toBeUndefined();
    // A service namespace is never a CloudTrail metric filter, whatever the alarm is called.
    expect(
      cisControlFor({ alarmName: 'RootAccountUsage', metricName: 'Errors', namespace: 'AWS/Lambda' }),
    ).toBeUndefined();
    expect(cisControlFor({ alarmName: '' })).toBeUndefined();
  });

  it('tells the console sign-in controls apart', () => {
    expect(cisControlFor({ alarmName: 'x', metricName: 'ConsoleSigninFailures' })?.id).toBe('CloudWatch.6');
    expect(cisControlFor({ alarmName: 'x', metricName: 'ConsoleSigninWithoutMFA' })?.id).toBe('CloudWatch.3');
  });

  it('gives the event names and sources of the published filters', () => {
    expect(control('CloudWatch.5')).toMatchObject({
      eventNames: ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'],
      eventSources: ['cloudtrail.amazonaws.com'],
    });
    expect(control('CloudWatch.7')).toMatchObject({
      eventNames: ['DisableKey', 'ScheduleKeyDeletion'],
      eventSources: ['kms.amazonaws.com'],
    });
    expect(control('CloudWatch.2')).toMatchObject({
      eventNames: [],
      errorCodes: ['*UnauthorizedOperation', 'AccessDenied*'],
    });
    expect(control('CloudWatch.4').eventNames).toHaveLength(16);
    expect(control('CloudWatch.14').eventNames).toContain('CreateVpcPeeringConnection');
    expect(control('CIS-4.15').eventNames).toHaveLength(18);
  });
});

describe('matchesCisControl', () => {
  const records = [
    ...load('console-login.json'),
    ...load('console-login-failures-burst.json'),
    ...load('cloudtrail-tampering.json'),
    ...load('iam-policies.json'),
    ...load('security-group-ingress.json'),
    ...load('s3.json'),
    ...load('access-denied.json'),
    ...load('root.json'),
  ];
  const matching = (id: string) =>
    records
      .filter((r) => matchesCisControl(control(id), r))
      .map((r) => `${r.eventName}${r.errorCode ? `:${r.errorCode}` : ''}`);

  it('root usage: root calls, not calls made on its behalf, not IAM users', () => {
    expect(matching('CloudWatch.1')).toEqual([
      'ConsoleLogin',
      'ConsoleLogin',
      'ConsoleLogin',
      'ListUsers',
      'DeleteAccountPasswordPolicy',
    ]);
  });

  it('unauthorized calls: AccessDenied* and *UnauthorizedOperation, not AuthorizationError', () => {
    const denied = matching('CloudWatch.2');
    expect(denied).toContain('StopLogging:AccessDenied');
    expect(denied).toContain('DescribeInstances:Client.UnauthorizedOperation');
    expect(denied).toContain('ListSecrets:AccessDeniedException');
    expect(denied).not.toContain('ListTopics:AuthorizationError');
  });

  it('sign-in without MFA counts every ConsoleLogin whose MFAUsed is not Yes, as the published filter does', () => {
    const noMfa = records.filter((r) => matchesCisControl(control('CloudWatch.3'), r));
    expect(noMfa.every((r) => (r.additionalEventData as { MFAUsed?: string }).MFAUsed !== 'Yes')).toBe(true);
    expect(noMfa.length).toBeGreaterThan(3);
  });

  it('authentication failures: failed ConsoleLogin only', () => {
    expect(matching('CloudWatch.6')).toEqual(Array(8).fill('ConsoleLogin'));
  });

  it('CloudTrail, IAM, security group and S3 changes by event name and source', () => {
    expect(matching('CloudWatch.5')).toEqual([
      'StopLogging',
      'DeleteTrail',
      'UpdateTrail',
      'StopLogging:AccessDenied',
      'StartLogging',
    ]);
    expect(matching('CloudWatch.4')).toHaveLength(8);
    expect(matching('CloudWatch.10')).toHaveLength(7);
    expect(matching('CloudWatch.8')).toEqual([
      'PutBucketPolicy',
      'PutBucketPolicy',
      'PutBucketPolicy',
      'PutBucketPolicy',
      'PutBucketAcl',
      'PutBucketAcl',
      'PutBucketAcl',
    ]);
  });

  it('never throws on odd records', () => {
    for (const c of CIS_CONTROLS) {
      for (const odd of [
        null,
        {},
        { eventName: 7 },
        { userIdentity: 'Root' },
        { additionalEventData: 'x', eventName: 'ConsoleLogin', eventSource: 'signin.amazonaws.com' },
      ])
        expect(() => matchesCisControl(c, odd as unknown as CloudTrailRecord)).not.toThrow();
    }
  });
});
