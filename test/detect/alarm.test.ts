import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type KnownAlarm,
  type ParsedAlarm,
  parseAlarmMessage,
  toAlarmSummary,
} from '../../src/detect/alarm.js';
import { alarmConsoleUrl, resourceConsoleUrl } from '../../src/detect/alarm-console.js';
import { alarmResources } from '../../src/detect/alarm-resources.js';
import { classifySeverity, severityForAlarm } from '../../src/detect/severity.js';

const FIXTURES = new URL('../fixtures/alarms/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:firebreak-alarms';

function known(parsed: ParsedAlarm): KnownAlarm {
  if (parsed.kind === 'unknown') throw new Error(`expected an alarm, got unknown: ${parsed.problem}`);
  return parsed;
}

const parseFixture = (name: string, topic = TOPIC): KnownAlarm =>
  known(parseAlarmMessage(fixture(name), topic));

/** A minimal real-shaped metric alarm message, for rules that only need a name or a metric. */
function metricMessage(
  overrides: Record<string, unknown> = {},
  trigger: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    AlarmName: 'test-alarm',
    AlarmDescription: null,
    AWSAccountId: '123456789012',
    NewStateValue: 'ALARM',
    NewStateReason: 'Threshold Crossed',
    StateChangeTime: '2026-11-26T08:05:43.219+0000',
    Region: 'EU (Ireland)',
    AlarmArn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:test-alarm',
    OldStateValue: 'OK',
    Trigger: {
      MetricName: 'CPUUtilization',
      Namespace: 'AWS/EC2',
      StatisticType: 'Statistic',
      Statistic: 'AVERAGE',
      Dimensions: [],
      Period: 60,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 1,
      ...trigger,
    },
    ...overrides,
  });
}

describe('parseAlarmMessage: every fixture', () => {
  const expected: Record<string, { kind: string; region: string; state: string; severity: number }> = {
    'ec2-cpu.json': { kind: 'metric', region: 'us-east-1', state: 'ALARM', severity: 2 },
    'asg-cpu.json': { kind: 'metric', region: 'eu-west-1', state: 'ALARM', severity: 1 },
    'metric-math.json': { kind: 'metric-math', region: 'us-east-1', state: 'ALARM', severity: 3 },
    'anomaly-detection.json': { kind: 'metric-math', region: 'us-west-2', state: 'ALARM', severity: 3 },
    'composite.json': { kind: 'composite', region: 'us-east-1', state: 'ALARM', severity: 3 },
    'cis-root-usage.json': { kind: 'metric', region: 'us-east-1', state: 'ALARM', severity: 2 },
    'ok-transition.json': { kind: 'metric', region: 'us-east-1', state: 'OK', severity: 2 },
    'insufficient-data.json': {
      kind: 'metric',
      region: 'ap-southeast-2',
      state: 'INSUFFICIENT_DATA',
      severity: 3,
    },
    'hostile.json': { kind: 'metric', region: 'us-east-1', state: 'ALARM', severity: 3 },
  };

  it('has an expectation for every fixture file', () => {
    expect(readdirSync(FIXTURES).sort()).toEqual(Object.keys(expected).sort());
  });

  for (const [name, want] of Object.entries(expected)) {
    it(`parses ${name}`, () => {
      // The topic is in another region on purpose: the alarm ARN must win.
      const parsed = parseFixture(name, 'arn:aws:sns:sa-east-1:123456789012:elsewhere');
      expect(parsed.kind).toBe(want.kind);
      expect(parsed.region).toBe(want.region);
      expect(parsed.account).toBe('123456789012');
      expect(parsed.partition).toBe('aws');
      expect(parsed.state).toBe(want.state);
      expect(severityForAlarm(parsed)).toBe(want.severity);
      expect(parsed.condition.length).toBeGreaterThan(0);
      expect(parsed.stateChangedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(parsed.consoleUrl).toBe(alarmConsoleUrl(want.region, parsed.name));
    });
  }
});

describe('parseAlarmMessage: metric alarms', () => {
  it('reads an EC2 CPU alarm, with region from AlarmArn rather than the Region display name', () => {
    const alarm = parseFixture('ec2-cpu.json');
    expect(alarm).toMatchObject({
      kind: 'metric',
      name: 'prod-web-high-cpu',
      arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:prod-web-high-cpu',
      region: 'us-east-1',
      regionDisplayName: 'US East (N. Virginia)',
      oldState: 'OK',
      stateChangedAt: '2026-11-26T08:05:43.219Z',
      configurationUpdatedAt: '2026-11-20T14:02:11.871Z',
      consoleUrl:
        'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/prod-web-high-cpu',
    });
    expect(alarm.condition).toBe(
      'CPUUtilization (AWS/EC2, InstanceId=i-0abc123def4567890) Average > 90 for 3 of 3 × 300 s',
    );
    expect(alarm.reason).toMatch(/^Threshold Crossed: 3 out of the last 3 datapoints/);
    expect(alarmResources(alarm)).toEqual([{ kind: 'InstanceId', id: 'i-0abc123def4567890' }]);
  });

  it('reads an ASG alarm, with a unit, DatapointsToAlarm and the SNS "- TreatMissingData:" prefix', () => {
    const alarm = parseFixture('asg-cpu.json');
    if (alarm.kind !== 'metric') throw new Error(alarm.kind);
    expect(alarm.trigger.treatMissingData).toBe('missing');
    expect(alarm.condition).toBe(
      'CPUUtilization (AWS/EC2, AutoScalingGroupName=prod-api-asg) Average >= 85 Percent for 2 of 3 × 60 s',
    );
    expect(alarmResources(alarm)).toEqual([{ kind: 'AutoScalingGroupName', id: 'prod-api-asg' }]);
  });

  it('reads an extended statistic, a null description and missing-data-breaches', () => {
    const alarm = parseFixture('insufficient-data.json');
    if (alarm.kind !== 'metric') throw new Error(alarm.kind);
    expect(alarm.description).toBeUndefined();
    expect(alarm.trigger.extendedStatistic).toBe('p99');
    expect(alarm.condition).toBe(
      'ReadLatency (AWS/RDS, DBInstanceIdentifier=prod-orders-db-1) p99 > 0.05 Seconds for 5 of 5 × 60 s (missing data breaches)',
    );
    expect(alarm.regionDisplayName).toBe('Asia Pacific (Sydney)');
  });

  it('reads the OK transition', () => {
    const alarm = parseFixture('ok-transition.json');
    expect(alarm.state).toBe('OK');
    expect(alarm.oldState).toBe('ALARM');
  });

  it('reads a CIS CloudTrail metric-filter alarm: no dimensions, security severity', () => {
    const alarm = parseFixture('cis-root-usage.json');
    expect(alarm.condition).toBe('RootAccountUsage (CISBenchmark) Sum >= 1 for 1 of 1 × 300 s');
    expect(alarmResources(alarm)).toEqual([]);
    expect(classifySeverity(alarm)).toEqual({ severity: 2, why: 'CIS root account usage' });
  });

  it('is lenient: numeric strings, capitalised dimension keys and a malformed field are tolerated', () => {
    const parsed = known(
      parseAlarmMessage(
        metricMessage(
          {},
          {
            Threshold: '90',
            Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }],
            EvaluationPeriods: { x: 1 },
          },
        ),
        TOPIC,
      ),
    );
    if (parsed.kind !== 'metric') throw new Error(parsed.kind);
    expect(parsed.trigger.threshold).toBe(90);
    expect(parsed.trigger.evaluationPeriods).toBeUndefined();
    expect(parsed.condition).toBe('CPUUtilization (AWS/EC2, InstanceId=i-1) Average > 90 over 60 s');
    const bad = known(parseAlarmMessage(metricMessage({}, { Dimensions: 'nope' }), TOPIC));
    expect(alarmResources(bad)).toEqual([]);
  });
});

describe('parseAlarmMessage: metric math and anomaly detection', () => {
  it('reads a metric-math alarm: expression, inputs, deduplicated resources', () => {
    const alarm = parseFixture('metric-math.json');
    if (alarm.kind !== 'metric-math') throw new Error(alarm.kind);
    expect(alarm.anomalyDetection).toBe(false);
    expect(alarm.trigger.metrics.map((m) => m.id)).toEqual(['e1', 'm1', 'm2']);
    expect(alarm.trigger.treatMissingData).toBe('notBreaching');
    expect(alarm.condition).toBe(
      '5xx rate (%): 100 * m1 / m2 > 5 for 1 of 1 × 60 s where ' +
        'm1 = HTTPCode_Target_5XX_Count (AWS/ApplicationELB, LoadBalancer=app/prod-web-alb/50dc6c495c0c9188, ' +
        'TargetGroup=targetgroup/prod-web-tg/73e2d6bc24d8a067) Sum, ' +
        'm2 = RequestCount (AWS/ApplicationELB, LoadBalancer=app/prod-web-alb/50dc6c495c0c9188, ' +
        'TargetGroup=targetgroup/prod-web-tg/73e2d6bc24d8a067) Sum',
    );
    expect(alarmResources(alarm)).toEqual([
      { kind: 'LoadBalancer', id: 'app/prod-web-alb/50dc6c495c0c9188' },
      { kind: 'TargetGroup', id: 'targetgroup/prod-web-tg/73e2d6bc24d8a067' },
    ]);
  });

  it('reads an anomaly-detection alarm against its band', () => {
    const alarm = parseFixture('anomaly-detection.json');
    if (alarm.kind !== 'metric-math') throw new Error(alarm.kind);
    expect(alarm.anomalyDetection).toBe(true);
    expect(alarm.trigger.thresholdMetricId).toBe('ad1');
    expect(alarm.condition).toBe(
      'Invocations (AWS/Lambda, FunctionName=orders-processor) Sum above ANOMALY_DETECTION_BAND(m1, 2) for 2 of 2 × 300 s',
    );
    expect(alarmResources(alarm)).toEqual([{ kind: 'FunctionName', id: 'orders-processor' }]);
  });
});

describe('parseAlarmMessage: composite alarms', () => {
  it('reads the rule and the triggering children', () => {
    const alarm = parseFixture('composite.json');
    if (alarm.kind !== 'composite') throw new Error(alarm.kind);
    expect(alarm.rule).toBe('ALARM("prod-web-high-cpu") AND ALARM("prod-web-5xx-error-rate")');
    expect(alarm.condition).toBe(alarm.rule);
    expect(alarm.triggeringChildren).toEqual([
      {
        arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:prod-web-5xx-error-rate',
        name: 'prod-web-5xx-error-rate',
        state: 'ALARM',
        at: '2026-11-26T08:05:10.377Z',
      },
      {
        arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:prod-web-high-cpu',
        name: 'prod-web-high-cpu',
        state: 'ALARM',
        at: '2026-11-26T08:05:43.219Z',
      },
    ]);
    expect(alarmResources(alarm)).toEqual([
      { kind: 'AlarmName', id: 'prod-web-5xx-error-rate' },
      { kind: 'AlarmName', id: 'prod-web-high-cpu' },
    ]);
  });

  it('accepts TriggeringChildren as plain ARNs (the documented schema) and names with colons', () => {
    const message = JSON.parse(fixture('composite.json'));
    message.TriggeringChildren = [
      'arn:aws:cloudwatch:us-east-1:123456789012:alarm:svc:errors',
      'arn:aws:cloudwatch:us-east-1:123456789012:alarm:svc:errors',
    ];
    const alarm = known(parseAlarmMessage(JSON.stringify(message), TOPIC));
    if (alarm.kind !== 'composite') throw new Error(alarm.kind);
    expect(alarm.triggeringChildren.map((c) => c.name)).toEqual(['svc:errors', 'svc:errors']);
    expect(alarmResources(alarm)).toEqual([{ kind: 'AlarmName', id: 'svc:errors' }]);
  });
});

describe('parseAlarmMessage: region, account and partition', () => {
  it('falls back to the topic ARN when the alarm ARN is missing or malformed', () => {
    const topic = 'arn:aws:sns:ap-northeast-1:210987654321:alarms';
    const noArn = known(parseAlarmMessage(metricMessage({ AlarmArn: undefined }), topic));
    expect(noArn.region).toBe('ap-northeast-1');
    expect(noArn.account).toBe('123456789012');
    const badRegion = known(
      parseAlarmMessage(
        metricMessage({ AlarmArn: 'arn:aws:cloudwatch:US East:123456789012:alarm:x' }),
        topic,
      ),
    );
    expect(badRegion.region).toBe('ap-northeast-1');
  });

  it('takes the account from the alarm ARN when AWSAccountId is missing or not an account id', () => {
    const missing = known(parseAlarmMessage(metricMessage({ AWSAccountId: undefined }), TOPIC));
    expect(missing.account).toBe('123456789012');
    const arn = 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:test-alarm';
    const bogus = known(
      parseAlarmMessage(metricMessage({ AWSAccountId: '<!channel>', AlarmArn: arn }), TOPIC),
    );
    expect(bogus.account).toBe('111122223333');
  });

  it('never takes the region from the Region display name', () => {
    const parsed = known(
      parseAlarmMessage(metricMessage({ AlarmArn: undefined, Region: 'us-west-1' }), 'not-an-arn'),
    );
    expect(parsed.region).toBeUndefined();
    expect(parsed.consoleUrl).toBeUndefined();
  });

  it('knows the China and GovCloud partitions', () => {
    const cn = known(
      parseAlarmMessage(
        metricMessage({ AlarmArn: 'arn:aws-cn:cloudwatch:cn-north-1:123456789012:alarm:a' }),
        TOPIC,
      ),
    );
    expect(cn.partition).toBe('aws-cn');
    expect(cn.consoleUrl).toBe(
      'https://console.amazonaws.cn/cloudwatch/home?region=cn-north-1#alarmsV2:alarm/test-alarm',
    );
    const gov = known(
      parseAlarmMessage(
        metricMessage({ AlarmArn: undefined }),
        'arn:aws-us-gov:sns:us-gov-west-1:123456789012:t',
      ),
    );
    expect(gov.partition).toBe('aws-us-gov');
    expect(gov.region).toBe('us-gov-west-1');
  });
});

describe('parseAlarmMessage: what it does not understand is kept raw', () => {
  const cases: Record<string, string> = {
    'not JSON': 'Hello from SNS <!channel>',
    'empty string': '',
    'JSON null': 'null',
    'JSON array': '[1,2]',
    'a number': '42',
    'missing AlarmName': metricMessage({ AlarmName: undefined }),
    'empty AlarmName': metricMessage({ AlarmName: '' }),
    'missing NewStateValue': metricMessage({ NewStateValue: undefined }),
    'unknown NewStateValue': metricMessage({ NewStateValue: 'ON_FIRE' }),
    'no Trigger and no AlarmRule': metricMessage({ Trigger: undefined }),
    'a Trigger without a metric': metricMessage({ Trigger: { Period: 60 } }),
    'an S3 event': JSON.stringify({ Records: [{ eventSource: 'aws:s3' }] }),
  };

  for (const [label, message] of Object.entries(cases)) {
    it(`${label} → unknown, raw text intact`, () => {
      const parsed = parseAlarmMessage(message, 'arn:aws:sns:eu-central-1:123456789012:alarms');
      expect(parsed.kind).toBe('unknown');
      if (parsed.kind !== 'unknown') return;
      expect(parsed.raw).toBe(message);
      expect(parsed.problem.length).toBeGreaterThan(0);
      // Once the alarm itself was readable, its ARN still names the region; otherwise the topic does.
      const fromAlarm = label === 'no Trigger and no AlarmRule' || label === 'a Trigger without a metric';
      expect(parsed.region).toBe(fromAlarm ? 'eu-west-1' : 'eu-central-1');
      expect(severityForAlarm(parsed)).toBe(3);
      expect(alarmResources(parsed)).toEqual([]);
    });
  }

  it('says which field was wrong', () => {
    const parsed = parseAlarmMessage(metricMessage({ NewStateValue: 'ON_FIRE' }), TOPIC);
    expect(parsed.kind === 'unknown' && parsed.problem).toContain('NewStateValue');
  });

  it('never throws, whatever prefix of a real message arrives', () => {
    const message = fixture('metric-math.json');
    for (let end = 0; end <= message.length; end += 7) {
      const parsed = parseAlarmMessage(message.slice(0, end), TOPIC);
      if (parsed.kind === 'unknown') expect(parsed.raw).toBe(message.slice(0, end));
    }
    expect(parseAlarmMessage(message, TOPIC).kind).toBe('metric-math');
  });
});

describe('hostile alarm', () => {
  it('is parsed without losing or altering anything (escaping is the renderer’s job)', () => {
    const raw = JSON.parse(fixture('hostile.json'));
    const alarm = parseFixture('hostile.json');
    expect(alarm.name).toBe(raw.AlarmName);
    expect(alarm.name.length).toBeGreaterThan(5000);
    expect(alarm.description).toBe(raw.AlarmDescription);
    expect(alarm.reason).toBe(raw.NewStateReason);
    expect(alarm.region).toBe('us-east-1');
    expect(alarm.consoleUrl).not.toMatch(/[<>|]/);
  });

  it('yields every named resource once, known kinds first, qualifiers kept generically', () => {
    const resources = alarmResources(parseFixture('hostile.json'));
    expect(resources).toHaveLength(33);
    expect(resources[0]?.kind).toBe('InstanceId');
    expect(resources[1]).toEqual({ kind: 'AutoScalingGroupName', id: '<https://evil.example|prod-api-asg>' });
    expect(resources[2]?.kind).toBe('<!subteam^S123|oncall>');
  });
});

describe('toAlarmSummary', () => {
  it('keeps what the incident needs, with the received time standing in for an unreadable alarm time', () => {
    const summary = toAlarmSummary(parseFixture('ec2-cpu.json'), '2026-11-26T08:06:00.000Z');
    expect(summary).toEqual({
      name: 'prod-web-high-cpu',
      description: 'CPU above 90% on a prod web instance for 15 minutes. Runbook: runbooks/ec2-high-cpu.md',
      arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:prod-web-high-cpu',
      state: 'ALARM',
      reason: expect.stringMatching(/^Threshold Crossed/),
      condition: 'CPUUtilization (AWS/EC2, InstanceId=i-0abc123def4567890) Average > 90 for 3 of 3 × 300 s',
      stateChangedAt: '2026-11-26T08:05:43.219Z',
      consoleUrl:
        'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/prod-web-high-cpu',
    });
    const late = known(parseAlarmMessage(metricMessage({ StateChangeTime: 'yesterday' }), TOPIC));
    expect(toAlarmSummary(late, '2026-11-26T08:06:00.000Z').stateChangedAt).toBe('2026-11-26T08:06:00.000Z');
  });
});

describe('alarmResources', () => {
  const resourcesOf = (namespace: string, dimensions: { name: string; value: string }[]) =>
    alarmResources(
      known(parseAlarmMessage(metricMessage({}, { Namespace: namespace, Dimensions: dimensions }), TOPIC)),
    );

  it('joins ECS ClusterName and ServiceName into one service', () => {
    expect(
      resourcesOf('AWS/ECS', [
        { name: 'ClusterName', value: 'prod' },
        { name: 'ServiceName', value: 'api' },
      ]),
    ).toEqual([{ kind: 'ECSService', id: 'prod/api' }]);
    expect(resourcesOf('AWS/ECS', [{ name: 'ClusterName', value: 'prod' }])).toEqual([
      { kind: 'ECSCluster', id: 'prod' },
    ]);
    expect(resourcesOf('ContainerInsights', [{ name: 'ClusterName', value: 'eks-prod' }])).toEqual([
      { kind: 'ClusterName', id: 'eks-prod' },
    ]);
  });

  it('drops qualifiers and empty values, keeps unknown dimensions, orders known kinds first', () => {
    expect(
      resourcesOf('AWS/S3', [
        { name: 'StorageType', value: 'StandardStorage' },
        { name: 'Widget', value: 'w-1' },
        { name: 'BucketName', value: 'prod-logs' },
        { name: 'VolumeId', value: '' },
        { name: 'QueueName', value: 'jobs' },
      ]),
    ).toEqual([
      { kind: 'BucketName', id: 'prod-logs' },
      { kind: 'QueueName', id: 'jobs' },
      { kind: 'Widget', id: 'w-1' },
    ]);
  });
});

describe('console links', () => {
  it('builds the alarm link with an encoded name', () => {
    expect(alarmConsoleUrl('eu-west-1', 'a b/c#d', 'aws')).toBe(
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/a%20b%2Fc%23d',
    );
    expect(alarmConsoleUrl('us-gov-west-1', 'x', 'aws-us-gov')).toBe(
      'https://console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-west-1#alarmsV2:alarm/x',
    );
    expect(alarmConsoleUrl('evil.example/', 'x', 'aws')).toBeUndefined();
    expect(alarmConsoleUrl('us-east-1', 'x', 'aws-iso')).toBeUndefined();
  });

  it('links the resources it knows and nothing else', () => {
    expect(resourceConsoleUrl('us-east-1', { kind: 'InstanceId', id: 'i-0abc' })).toBe(
      'https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#InstanceDetails:instanceId=i-0abc',
    );
    expect(resourceConsoleUrl('us-east-1', { kind: 'AutoScalingGroupName', id: 'prod api' })).toBe(
      'https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#AutoScalingGroupDetails:id=prod%20api;view=details',
    );
    expect(
      resourceConsoleUrl('us-east-1', { kind: 'LoadBalancer', id: 'app/prod-web-alb/50dc6c495c0c9188' }),
    ).toBe(
      'https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#LoadBalancers:search=prod-web-alb',
    );
    expect(resourceConsoleUrl('eu-west-1', { kind: 'ECSService', id: 'prod/api' })).toBe(
      'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/api?region=eu-west-1',
    );
    expect(resourceConsoleUrl('eu-west-1', { kind: 'AlarmName', id: 'child' })).toBe(
      alarmConsoleUrl('eu-west-1', 'child'),
    );
    expect(resourceConsoleUrl('us-east-1', { kind: 'Widget', id: 'w-1' })).toBeUndefined();
    expect(resourceConsoleUrl('us-east-1', { kind: 'toString', id: 'x' })).toBeUndefined();
  });

  it('encodes hostile ids so they cannot break the URL or a Slack link token', () => {
    const url = resourceConsoleUrl('us-east-1', {
      kind: 'FunctionName',
      id: '<https://evil.example|console>',
    });
    expect(url).toBeDefined();
    expect(url).not.toMatch(/[<>| ]/);
  });
});

describe('severityForAlarm', () => {
  const severityOf = (name: string, trigger: Record<string, unknown> = {}) =>
    severityForAlarm(known(parseAlarmMessage(metricMessage({ AlarmName: name }, trigger), TOPIC)));

  const table: [string, number][] = [
    ['api-Sev1-latency', 1],
    ['P1 checkout down', 1],
    ['orders-db-critical', 1],
    ['SEV-2 payments', 2],
    ['web-p2', 2],
    ['CpuHigh', 2],
    ['sev3-batch', 3],
    ['disk-low', 4],
    ['sev4_reports', 4],
    ['UnauthorizedAPICalls', 2],
    ['ConsoleSigninWithoutMFA', 2],
    ['NoMFAConsoleSignin', 2],
    ['IAMPolicyChanges', 2],
    ['CloudTrailCfgChanges', 2],
    ['CIS-4.10-SecurityGroupChanges', 2],
    ['NACLChanges', 2],
    ['DisableOrDeleteCMK', 2],
    ['S3BucketPolicyChanges', 2],
    ['p99-latency', 3],
    ['api-p10-errors', 3],
    ['highway-sync', 3],
    ['prod-web-cpu', 3],
    // The owner's explicit token beats the CIS heuristic.
    ['SecurityGroupChanges-low', 4],
  ];

  for (const [name, severity] of table) {
    it(`${name} → SEV${severity}`, () => expect(severityOf(name)).toBe(severity));
  }

  it('recognises a CIS alarm by its metric name or namespace when the alarm name says nothing', () => {
    expect(severityOf('alarm-7', { MetricName: 'RootAccountUsageCount', Namespace: 'LogMetrics' })).toBe(2);
    expect(severityOf('alarm-8', { MetricName: 'Events', Namespace: 'CISBenchmark' })).toBe(2);
  });
});
