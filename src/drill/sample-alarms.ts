import { DRILL_ACCOUNT_ID, DRILL_IDS, DRILL_REGION } from './seed-ids.js';

/**
 * The drill page's sample alarms: CloudWatch alarm notifications (the SNS `Message`) for the seeded drill
 * environment, in the exact shape CloudWatch publishes. Pure: the time is passed in.
 */

export const SAMPLE_ALARM_KINDS = [
  'high-cpu',
  'root-usage',
  'unauthorized-api',
  'security-group-open',
  'console-no-mfa',
] as const;
export type SampleAlarmKind = (typeof SAMPLE_ALARM_KINDS)[number];

export const isSampleAlarmKind = (value: unknown): value is SampleAlarmKind =>
  typeof value === 'string' && (SAMPLE_ALARM_KINDS as readonly string[]).includes(value);

interface Sample {
  label: string;
  name: string;
  description: string;
  namespace: string;
  metricName: string;
  dimensions: { name: string; value: string }[];
  statistic: 'AVERAGE' | 'SUM';
  threshold: number;
  comparison: 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold';
  period: number;
  evaluationPeriods: number;
  /** The datapoints that crossed, newest first. */
  datapoints: number[];
  treatMissingData: string;
}

const CIS = (metricName: string, label: string, name: string, description: string): Sample => ({
  label,
  name,
  description,
  namespace: 'CISBenchmark',
  metricName,
  dimensions: [],
  statistic: 'SUM',
  threshold: 1,
  comparison: 'GreaterThanOrEqualToThreshold',
  period: 300,
  evaluationPeriods: 1,
  datapoints: [1],
  treatMissingData: '- TreatMissingData:                    notBreaching',
});

export const SAMPLE_ALARMS: Readonly<Record<SampleAlarmKind, Sample>> = {
  'high-cpu': {
    label: 'High CPU on an instance',
    name: 'drill-web-high-cpu',
    description: `CPU above 90% on the web instance ${DRILL_IDS.instances.web} for 15 minutes.`,
    namespace: 'AWS/EC2',
    metricName: 'CPUUtilization',
    dimensions: [{ name: 'InstanceId', value: DRILL_IDS.instances.web }],
    statistic: 'AVERAGE',
    threshold: 90,
    comparison: 'GreaterThanThreshold',
    period: 300,
    evaluationPeriods: 3,
    datapoints: [98.7, 97.2, 94.9],
    treatMissingData: 'missing',
  },
  'root-usage': CIS(
    'RootAccountUsage',
    'Root account usage',
    'CIS-3.3-RootAccountUsage',
    'CIS 3.3 / CloudWatch.1: a root user API call or console sign-in was recorded by CloudTrail',
  ),
  'unauthorized-api': CIS(
    'UnauthorizedAPICalls',
    'Unauthorized API calls',
    'CIS-3.1-UnauthorizedAPICalls',
    'CIS 3.1 / CloudWatch.2: API calls were refused with AccessDenied or UnauthorizedOperation',
  ),
  'security-group-open': CIS(
    'SecurityGroupChanges',
    'Security group opened to the world',
    'CIS-3.10-SecurityGroupChanges',
    'CIS 3.10 / CloudWatch.10: a security group was changed (watch for 0.0.0.0/0)',
  ),
  'console-no-mfa': CIS(
    'ConsoleSigninWithoutMFA',
    'Console sign-in without MFA',
    'CIS-3.2-ConsoleSigninWithoutMFA',
    'CIS 3.2 / CloudWatch.3: a Management Console sign-in without MFA',
  ),
};

/** CloudWatch's timestamp format in alarm messages: 2026-11-26T08:05:43.219+0000. */
const cloudWatchTime = (at: Date) => at.toISOString().replace('Z', '+0000');

/** "26/11/26 08:00:00", as NewStateReason prints datapoint times. */
function reasonTime(at: Date): string {
  const iso = at.toISOString();
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(2, 4)} ${iso.slice(11, 19)}`;
}

function reason(sample: Sample, now: Date): string {
  const n = sample.datapoints.length;
  const points = sample.datapoints
    .map((value, index) => {
      const at = new Date(Math.floor(now.getTime() / 300_000) * 300_000 - index * sample.period * 1000);
      return `${value.toFixed(1)} (${reasonTime(at)})`;
    })
    .join(', ');
  const comparison =
    sample.comparison === 'GreaterThanThreshold' ? 'greater than' : 'greater than or equal to';
  const verb = n === 1 ? 'was' : 'were';
  return `Threshold Crossed: ${n} out of the last ${n} datapoints [${points}] ${verb} ${comparison} the threshold (${sample.threshold.toFixed(1)}) (minimum ${n} datapoint${n === 1 ? '' : 's'} for OK -> ALARM transition).`;
}

/** The CloudWatch alarm message for `kind`, as of `now`, published to `topicArn`. */
export function sampleAlarmMessage(
  kind: SampleAlarmKind,
  now: Date,
  topicArn: string,
): Record<string, unknown> {
  const sample = SAMPLE_ALARMS[kind];
  return {
    AlarmName: sample.name,
    AlarmDescription: `${sample.description} (DRILL — simulated account)`,
    AWSAccountId: DRILL_ACCOUNT_ID,
    AlarmConfigurationUpdatedTimestamp: cloudWatchTime(new Date(now.getTime() - 7 * 86_400_000)),
    NewStateValue: 'ALARM',
    NewStateReason: reason(sample, now),
    StateChangeTime: cloudWatchTime(now),
    Region: 'EU (Ireland)',
    AlarmArn: `arn:aws:cloudwatch:${DRILL_REGION}:${DRILL_ACCOUNT_ID}:alarm:${sample.name}`,
    OldStateValue: 'OK',
    OKActions: [topicArn],
    AlarmActions: [topicArn],
    InsufficientDataActions: [],
    Trigger: {
      MetricName: sample.metricName,
      Namespace: sample.namespace,
      StatisticType: 'Statistic',
      Statistic: sample.statistic,
      Unit: null,
      Dimensions: sample.dimensions,
      Period: sample.period,
      EvaluationPeriods: sample.evaluationPeriods,
      DatapointsToAlarm: sample.evaluationPeriods,
      ComparisonOperator: sample.comparison,
      Threshold: sample.threshold,
      TreatMissingData: sample.treatMissingData,
      EvaluateLowSampleCountPercentile: '',
    },
  };
}
