import { z } from 'zod';
import type { AlarmState, AlarmSummary } from '../incident/incident.js';
import { alarmConsoleUrl, isRegionName } from './alarm-console.js';

/**
 * CloudWatch alarm notifications (the `Message` of an SNS notification). Parsing never throws and never drops
 * input: SNS counts any 4xx as delivered, so a message we cannot read must still reach a human, raw.
 */

export interface Dimension {
  name: string;
  value: string;
}

export interface MetricId {
  namespace?: string;
  metricName?: string;
  dimensions: Dimension[];
}

/** How the alarm evaluates; shared by plain metric and metric-math alarms. */
export interface Evaluation {
  comparison?: string;
  threshold?: number;
  period?: number;
  evaluationPeriods?: number;
  datapointsToAlarm?: number;
  /** "missing" | "breaching" | "notBreaching" | "ignore", without the "- TreatMissingData:" prefix SNS adds. */
  treatMissingData?: string;
}

export interface MetricTrigger extends MetricId, Evaluation {
  /** "Average", "Sum", … (SNS sends "AVERAGE"; normalised to the API's spelling). */
  statistic?: string;
  /** Percentiles and trimmed means such as "p99"; set instead of `statistic`. */
  extendedStatistic?: string;
  unit?: string;
}

export interface MetricQuery {
  id: string;
  expression?: string;
  label?: string;
  metricStat?: { metric: MetricId; period?: number; stat?: string };
  period?: number;
  returnData: boolean;
}

export interface MathTrigger extends Evaluation {
  metrics: MetricQuery[];
  /** Set on anomaly-detection alarms: the id of the ANOMALY_DETECTION_BAND expression compared against. */
  thresholdMetricId?: string;
}

export interface TriggeringChild {
  arn: string;
  name: string;
  state?: string;
  at?: string;
}

interface AlarmBase {
  name: string;
  description?: string;
  arn?: string;
  account?: string;
  region?: string;
  partition: string;
  /** The display name from the message ("US East (N. Virginia)"), kept for display only. */
  regionDisplayName?: string;
  state: AlarmState;
  oldState?: AlarmState;
  reason: string;
  /** ISO-8601 UTC; CloudWatch's own time of the change (its "+0000" offsets normalised). */
  stateChangedAt?: string;
  configurationUpdatedAt?: string;
  /** One human line saying what the alarm watches. */
  condition: string;
  consoleUrl?: string;
}

export type MetricAlarm = AlarmBase & { kind: 'metric'; trigger: MetricTrigger };
export type MetricMathAlarm = AlarmBase & {
  kind: 'metric-math';
  trigger: MathTrigger;
  anomalyDetection: boolean;
};
export type CompositeAlarm = AlarmBase & {
  kind: 'composite';
  rule: string;
  triggeringChildren: TriggeringChild[];
};

/** Anything we could not read as an alarm; `raw` is the message exactly as received. */
export interface UnknownMessage {
  kind: 'unknown';
  raw: string;
  /** Why it was not understood, for the log and the card. */
  problem: string;
  /** From the topic ARN, so even an unreadable message lands in the right account's channel. */
  region?: string;
  account?: string;
  partition: string;
}

export type KnownAlarm = MetricAlarm | MetricMathAlarm | CompositeAlarm;
export type ParsedAlarm = KnownAlarm | UnknownMessage;

// Lenient schemas: a malformed optional field is dropped (`catch`) rather than failing the whole message.
const str = z.string().optional().catch(undefined);
const nullableStr = z.string().nullish().catch(undefined);
const num = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^-?\d+(\.\d+)?$/)
      .transform(Number),
  ])
  .optional()
  .catch(undefined);
const dimensions = z
  .array(z.looseObject({ name: str, value: str, Name: str, Value: str }))
  .optional()
  .catch(undefined);
const metricSpec = z.looseObject({ Namespace: str, MetricName: str, Dimensions: dimensions });

const evaluationFields = {
  ComparisonOperator: str,
  Threshold: num,
  Period: num,
  EvaluationPeriods: num,
  DatapointsToAlarm: num,
  TreatMissingData: str,
};

const triggerSchema = z.looseObject({
  ...evaluationFields,
  MetricName: str,
  Namespace: str,
  StatisticType: str,
  Statistic: str,
  ExtendedStatistic: str,
  Unit: nullableStr,
  Dimensions: dimensions,
  ThresholdMetricId: str,
  Metrics: z
    .array(
      z.looseObject({
        Id: str,
        Expression: str,
        Label: str,
        Period: num,
        ReturnData: z.boolean().optional().catch(undefined),
        MetricStat: z
          .looseObject({ Metric: metricSpec.optional().catch(undefined), Period: num, Stat: str })
          .optional()
          .catch(undefined),
      }),
    )
    .optional()
    .catch(undefined),
});

const childSchema = z.union([
  z.string(),
  z.looseObject({
    Arn: str,
    State: z.looseObject({ Value: str, Timestamp: str }).optional().catch(undefined),
  }),
]);

const STATES = ['ALARM', 'OK', 'INSUFFICIENT_DATA'] as const;

const messageSchema = z.looseObject({
  AlarmName: z.string().min(1),
  NewStateValue: z.enum(STATES),
  AlarmDescription: nullableStr,
  AWSAccountId: str,
  AlarmConfigurationUpdatedTimestamp: str,
  NewStateReason: str,
  StateChangeTime: str,
  Region: str,
  AlarmArn: str,
  OldStateValue: z.enum(STATES).optional().catch(undefined),
  Trigger: triggerSchema.optional().catch(undefined),
  AlarmRule: str,
  TriggeringChildren: z.array(childSchema).optional().catch(undefined),
});

type Message = z.infer<typeof messageSchema>;
type Trigger = z.infer<typeof triggerSchema>;

interface Arn {
  partition: string;
  service: string;
  region?: string;
  account?: string;
  resource: string;
}

const ACCOUNT = /^\d{12}$/;

/** Splits an ARN; region and account are kept only when well-formed, since they end up in URLs and keys. */
export function parseArn(arn: string | undefined): Arn | undefined {
  if (arn === undefined) return undefined;
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || !/^aws(-[a-z]+)*$/.test(parts[1] ?? '')) return undefined;
  const [, partition = 'aws', service = '', region = '', account = ''] = parts;
  return {
    partition,
    service,
    region: isRegionName(region) ? region : undefined,
    account: ACCOUNT.test(account) ? account : undefined,
    // Alarm names may contain colons; everything after the account is the resource.
    resource: parts.slice(5).join(':'),
  };
}

/** The alarm name an alarm ARN names ("arn:…:alarm:<name>"), or the ARN itself when it is not one. */
export function alarmNameFromArn(arn: string): string {
  const parsed = parseArn(arn);
  if (parsed?.service === 'cloudwatch' && parsed.resource.startsWith('alarm:')) {
    return parsed.resource.slice('alarm:'.length);
  }
  return arn;
}

/** CloudWatch writes "2026-11-26T08:05:43.219+0000"; ISO-8601 needs "+00:00". Output is always UTC ISO. */
export function normaliseTimestamp(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const date = new Date(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** "AVERAGE" → "Average", "SAMPLE_COUNT" → "SampleCount": the spelling people know from the console and API. */
function statisticName(value: string): string {
  if (!/^[A-Z_]+$/.test(value)) return value;
  return value
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

const COMPARISONS: Record<string, string> = {
  GreaterThanThreshold: '>',
  GreaterThanOrEqualToThreshold: '>=',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '<=',
  GreaterThanUpperThreshold: 'above',
  LessThanLowerThreshold: 'below',
  LessThanLowerOrGreaterThanUpperThreshold: 'outside',
};

const comparisonText = (operator: string | undefined): string =>
  operator === undefined ? '?' : (COMPARISONS[operator] ?? operator);

function toDimensions(value: Trigger['Dimensions']): Dimension[] {
  return (value ?? []).flatMap((d) => {
    const name = d.name ?? d.Name;
    return name === undefined ? [] : [{ name, value: d.value ?? d.Value ?? '' }];
  });
}

function evaluation(trigger: Trigger): Evaluation {
  return {
    comparison: trigger.ComparisonOperator,
    threshold: trigger.Threshold,
    period: trigger.Period,
    evaluationPeriods: trigger.EvaluationPeriods,
    datapointsToAlarm: trigger.DatapointsToAlarm,
    treatMissingData: trigger.TreatMissingData?.replace(/^-\s*TreatMissingData:\s*/, '').trim() || undefined,
  };
}

export function describeMetric(metric: MetricId): string {
  const scope = [metric.namespace, ...metric.dimensions.map((d) => `${d.name}=${d.value}`)].filter(Boolean);
  const name = metric.metricName ?? 'metric';
  return scope.length > 0 ? `${name} (${scope.join(', ')})` : name;
}

/** "for 3 of 3 × 300 s", plus a note when missing data counts as breaching (a classic false alarm). */
function evaluationText(e: Evaluation, fallbackPeriod?: number): string {
  const parts: string[] = [];
  const periods = e.evaluationPeriods;
  const datapoints = e.datapointsToAlarm ?? periods;
  const period = e.period ?? fallbackPeriod;
  if (periods !== undefined) {
    parts.push(`for ${datapoints} of ${periods}${period !== undefined ? ` × ${period} s` : ''}`);
  } else if (period !== undefined) {
    parts.push(`over ${period} s`);
  }
  if (e.treatMissingData?.toLowerCase() === 'breaching') parts.push('(missing data breaches)');
  return parts.join(' ');
}

const join = (...parts: (string | undefined)[]): string =>
  parts.filter((p) => p !== undefined && p !== '').join(' ');

function metricCondition(t: MetricTrigger): string {
  const stat = t.extendedStatistic ?? t.statistic;
  const unit = t.unit !== undefined && t.unit !== 'None' ? t.unit : undefined;
  const threshold = t.threshold !== undefined ? join(String(t.threshold), unit) : '?';
  return join(describeMetric(t), stat, comparisonText(t.comparison), threshold, evaluationText(t));
}

function queryText(q: MetricQuery): string {
  if (q.expression !== undefined) return q.expression;
  if (q.metricStat !== undefined) return join(describeMetric(q.metricStat.metric), q.metricStat.stat);
  return q.id;
}

function mathCondition(t: MathTrigger, anomaly: boolean): string {
  const fallbackPeriod = t.metrics.find((m) => m.metricStat?.period !== undefined)?.metricStat?.period;
  const tail = evaluationText(t, fallbackPeriod);
  if (anomaly) {
    const band = t.metrics.find((m) => m.id === t.thresholdMetricId);
    const watched = t.metrics.find((m) => m.id !== t.thresholdMetricId && m.returnData) ?? t.metrics[0];
    return join(
      watched ? queryText(watched) : '?',
      comparisonText(t.comparison),
      band?.expression ?? t.thresholdMetricId,
      tail,
    );
  }
  const primary =
    t.metrics.find((m) => m.returnData && m.expression !== undefined) ??
    t.metrics.find((m) => m.returnData) ??
    t.metrics[0];
  const lead = primary
    ? `${primary.label && primary.expression ? `${primary.label}: ` : ''}${queryText(primary)}`
    : '?';
  const inputs = t.metrics
    .filter((m) => m !== primary && m.metricStat !== undefined)
    .map((m) => `${m.id} = ${queryText(m)}`);
  const where = inputs.length > 0 ? `where ${inputs.join(', ')}` : undefined;
  return join(
    lead,
    comparisonText(t.comparison),
    t.threshold !== undefined ? String(t.threshold) : '?',
    tail,
    where,
  );
}

function toMetricTrigger(t: Trigger): MetricTrigger {
  return {
    namespace: t.Namespace,
    metricName: t.MetricName,
    dimensions: toDimensions(t.Dimensions),
    statistic: t.Statistic !== undefined ? statisticName(t.Statistic) : undefined,
    extendedStatistic: t.ExtendedStatistic || undefined,
    unit: t.Unit ?? undefined,
    ...evaluation(t),
  };
}

function toMathTrigger(t: Trigger): MathTrigger {
  const metrics = (t.Metrics ?? []).map(
    (m, i): MetricQuery => ({
      id: m.Id ?? `q${i + 1}`,
      expression: m.Expression,
      label: m.Label,
      period: m.Period,
      // The API's default for ReturnData is true.
      returnData: m.ReturnData ?? true,
      metricStat:
        m.MetricStat !== undefined
          ? {
              metric: {
                namespace: m.MetricStat.Metric?.Namespace,
                metricName: m.MetricStat.Metric?.MetricName,
                dimensions: toDimensions(m.MetricStat.Metric?.Dimensions),
              },
              period: m.MetricStat.Period,
              stat: m.MetricStat.Stat,
            }
          : undefined,
    }),
  );
  return { metrics, thresholdMetricId: t.ThresholdMetricId, ...evaluation(t) };
}

function toChildren(children: Message['TriggeringChildren']): TriggeringChild[] {
  return (children ?? []).flatMap((child): TriggeringChild[] => {
    // AWS's documented schema says strings; real notifications send {Arn, State}. Accept both.
    if (typeof child === 'string') return [{ arn: child, name: alarmNameFromArn(child) }];
    if (child.Arn === undefined) return [];
    return [
      {
        arn: child.Arn,
        name: alarmNameFromArn(child.Arn),
        state: child.State?.Value,
        at: normaliseTimestamp(child.State?.Timestamp),
      },
    ];
  });
}

function partitionFromRegion(region: string | undefined): string | undefined {
  if (region === undefined) return undefined;
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

type Where = Pick<AlarmBase, 'region' | 'account' | 'partition'>;

/** Region from the AlarmArn (the message's `Region` is a display name), else from the topic ARN. */
function locate(alarmArn: string | undefined, accountId: string | undefined, topicArn: string): Where {
  const alarm = parseArn(alarmArn);
  const topic = parseArn(topicArn);
  const region = alarm?.region ?? topic?.region;
  const account =
    accountId !== undefined && ACCOUNT.test(accountId) ? accountId : (alarm?.account ?? topic?.account);
  const partition = alarm?.partition ?? topic?.partition ?? partitionFromRegion(region) ?? 'aws';
  return { region, account, partition };
}

function unknown(raw: string, problem: string, topicArn: string): UnknownMessage {
  return { kind: 'unknown', raw, problem, ...locate(undefined, undefined, topicArn) };
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'does not match the CloudWatch alarm schema';
  const path = issue.path.join('.') || 'message';
  return `${path}: ${issue.message}`;
}

export function parseAlarmMessage(message: string, topicArn: string): ParsedAlarm {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return unknown(message, 'not JSON', topicArn);
  }
  const result = messageSchema.safeParse(json);
  if (!result.success)
    return unknown(message, `not a CloudWatch alarm (${firstIssue(result.error)})`, topicArn);
  const m = result.data;
  const where = locate(m.AlarmArn, m.AWSAccountId, topicArn);
  const base: AlarmBase = {
    name: m.AlarmName,
    description: m.AlarmDescription || undefined,
    arn: m.AlarmArn,
    ...where,
    regionDisplayName: m.Region,
    state: m.NewStateValue,
    oldState: m.OldStateValue,
    reason: m.NewStateReason ?? '',
    stateChangedAt: normaliseTimestamp(m.StateChangeTime),
    configurationUpdatedAt: normaliseTimestamp(m.AlarmConfigurationUpdatedTimestamp),
    condition: '',
    consoleUrl:
      where.region !== undefined ? alarmConsoleUrl(where.region, m.AlarmName, where.partition) : undefined,
  };

  if (m.AlarmRule !== undefined || m.TriggeringChildren !== undefined) {
    const rule = m.AlarmRule ?? '';
    return {
      ...base,
      kind: 'composite',
      rule,
      triggeringChildren: toChildren(m.TriggeringChildren),
      condition: rule,
    };
  }
  const trigger = m.Trigger;
  if (trigger?.Metrics !== undefined && trigger.Metrics.length > 0) {
    const math = toMathTrigger(trigger);
    const anomalyDetection =
      math.thresholdMetricId !== undefined ||
      math.metrics.some((q) => /ANOMALY_DETECTION_BAND/i.test(q.expression ?? ''));
    return {
      ...base,
      kind: 'metric-math',
      trigger: math,
      anomalyDetection,
      condition: mathCondition(math, anomalyDetection),
    };
  }
  if (trigger?.MetricName !== undefined) {
    const metric = toMetricTrigger(trigger);
    return { ...base, kind: 'metric', trigger: metric, condition: metricCondition(metric) };
  }
  return {
    kind: 'unknown',
    raw: message,
    problem: 'alarm has neither a metric Trigger nor an AlarmRule',
    ...where,
  };
}

/** What an incident keeps of an alarm. `receivedAt` stands in when CloudWatch's own time is unreadable. */
export function toAlarmSummary(alarm: KnownAlarm, receivedAt: string): AlarmSummary {
  return {
    name: alarm.name,
    description: alarm.description,
    arn: alarm.arn,
    state: alarm.state,
    reason: alarm.reason,
    condition: alarm.condition || undefined,
    stateChangedAt: alarm.stateChangedAt ?? receivedAt,
    consoleUrl: alarm.consoleUrl,
  };
}
