import type { ParsedAlarm } from '../detect/alarm.js';

/**
 * The alarm's graph as a CloudWatch `MetricWidget` (the JSON GetMetricWidgetImage renders): the alarm's metric
 * with its dimensions, statistic and period, a window around the alarm time, the threshold as a horizontal
 * annotation shaded on the breaching side, the alarm time as a vertical one, in UTC. Pure: times are passed in.
 *
 * Only plain metric alarms get a graph:
 * - a metric-math alarm's series is an expression over several queries, and an anomaly-detection alarm's
 *   threshold is a band, not a value; drawing only an input metric against the alarm's threshold would mislead;
 * - a composite alarm has no metric at all, only a rule over other alarms.
 * For those, and for a metric alarm missing its namespace, name or region, the answer is undefined (no graph).
 */

type MetricStatProperties = { stat: string; period: number; label?: string };
export type MetricLine = (string | MetricStatProperties)[];

export interface HorizontalAnnotation {
  label: string;
  value: number;
  fill?: 'above' | 'below';
  color?: string;
}

export interface VerticalAnnotation {
  label: string;
  /** ISO-8601 */
  value: string;
  color?: string;
}

export interface MetricWidget {
  metrics: MetricLine[];
  view: 'timeSeries';
  stacked: false;
  region: string;
  title: string;
  /** ISO-8601 UTC */
  start: string;
  /** ISO-8601 UTC */
  end: string;
  period: number;
  stat: string;
  timezone: '+0000';
  width: number;
  height: number;
  legend: { position: 'bottom' };
  annotations: { horizontal: HorizontalAnnotation[]; vertical: VerticalAnnotation[] };
  yAxis?: { left: { label: string; showUnits: false } };
}

export interface GraphWindowOptions {
  /** Now, for the end of the window; the graph never reaches into the future. */
  now: Date;
  /** The alarm time; defaults to the alarm's own state-change time. */
  at?: Date;
}

const HOUR_MS = 3_600_000;
const MAX_BEFORE_MS = 14 * 24 * HOUR_MS;
const TITLE_MAX = 100;
const DEFAULT_PERIOD = 300;
const RED = '#d62728';

/** Control characters out, whitespace collapsed, length bounded: the title is drawn as plain text. */
export function plainTitle(value: string): string {
  const clean = value
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > TITLE_MAX ? `${clean.slice(0, TITLE_MAX - 1)}…` : clean;
}

const SYMBOLS: Record<string, { symbol: string; fill: 'above' | 'below' }> = {
  GreaterThanThreshold: { symbol: '>', fill: 'above' },
  GreaterThanOrEqualToThreshold: { symbol: '>=', fill: 'above' },
  LessThanThreshold: { symbol: '<', fill: 'below' },
  LessThanOrEqualToThreshold: { symbol: '<=', fill: 'below' },
};

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function alarmGraphWidget(alarm: ParsedAlarm, options: GraphWindowOptions): MetricWidget | undefined {
  if (alarm.kind !== 'metric') return undefined;
  const { trigger } = alarm;
  if (!trigger.namespace || !trigger.metricName || !alarm.region) return undefined;
  const at = options.at?.getTime() ?? (alarm.stateChangedAt ? Date.parse(alarm.stateChangedAt) : Number.NaN);
  if (Number.isNaN(at)) return undefined;

  const period = trigger.period && trigger.period > 0 ? trigger.period : DEFAULT_PERIOD;
  const periodMs = period * 1000;
  const stat = trigger.extendedStatistic ?? trigger.statistic ?? 'Average';
  // Enough history to see what normal looked like (20 periods, at least an hour), and a little after.
  const start = at - Math.min(MAX_BEFORE_MS, Math.max(HOUR_MS, 20 * periodMs));
  const end = Math.max(
    Math.min(options.now.getTime(), at + Math.max(HOUR_MS / 2, 5 * periodMs)),
    at + periodMs,
  );

  const line: MetricLine = [
    trigger.namespace,
    trigger.metricName,
    ...trigger.dimensions.flatMap((d) => [d.name, d.value]),
    { stat, period },
  ];
  const horizontal: HorizontalAnnotation[] = [];
  if (trigger.threshold !== undefined && Number.isFinite(trigger.threshold)) {
    const comparison = SYMBOLS[trigger.comparison ?? ''];
    horizontal.push({
      label: `Threshold ${comparison?.symbol ?? ''} ${trigger.threshold}`.replace(/\s+/g, ' '),
      value: trigger.threshold,
      ...(comparison && { fill: comparison.fill }),
      color: RED,
    });
  }
  const unit = trigger.unit && trigger.unit !== 'None' ? trigger.unit : undefined;
  return {
    metrics: [line],
    view: 'timeSeries',
    stacked: false,
    region: alarm.region,
    title: plainTitle(alarm.name),
    start: iso(start),
    end: iso(end),
    period,
    stat,
    timezone: '+0000',
    width: 800,
    height: 400,
    legend: { position: 'bottom' },
    annotations: {
      horizontal,
      vertical: [
        {
          label: `${alarm.state} ${iso(at).replace('T', ' ').replace('Z', ' UTC')}`,
          value: iso(at),
          color: RED,
        },
      ],
    },
    ...(unit && { yAxis: { left: { label: unit, showUnits: false } } }),
  };
}
