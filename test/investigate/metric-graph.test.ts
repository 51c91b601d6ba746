import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAlarmMessage } from '../../src/detect/alarm.js';
import { alarmGraphWidget, plainTitle } from '../../src/investigate/metric-graph.js';

const FIXTURES = new URL('../fixtures/alarms/', import.meta.url);
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:firebreak-alarms';
const alarm = (name: string, patch: (message: Record<string, unknown>) => void = () => {}) => {
  const message = JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as Record<string, unknown>;
  patch(message);
  return parseAlarmMessage(JSON.stringify(message), TOPIC);
};
const NOW = new Date('2026-11-26T12:00:00Z');

describe('alarmGraphWidget', () => {
  it('draws a metric alarm: its metric and dimensions, stat and period, the threshold and the alarm time, in UTC', () => {
    const widget = alarmGraphWidget(alarm('ec2-cpu.json'), { now: NOW });
    expect(widget).toEqual({
      metrics: [
        ['AWS/EC2', 'CPUUtilization', 'InstanceId', 'i-0abc123def4567890', { stat: 'Average', period: 300 }],
      ],
      view: 'timeSeries',
      stacked: false,
      region: 'us-east-1',
      title: 'prod-web-high-cpu',
      // 20 periods of 5 minutes before the alarm, 25 minutes (5 periods, at least half an hour) after.
      start: '2026-11-26T06:25:43Z',
      end: '2026-11-26T08:35:43Z',
      period: 300,
      stat: 'Average',
      timezone: '+0000',
      width: 800,
      height: 400,
      legend: { position: 'bottom' },
      annotations: {
        horizontal: [{ label: 'Threshold > 90', value: 90, fill: 'above', color: '#d62728' }],
        vertical: [
          { label: 'ALARM 2026-11-26 08:05:43 UTC', value: '2026-11-26T08:05:43Z', color: '#d62728' },
        ],
      },
    });
    // What GetMetricWidgetImage receives is plain JSON.
    expect(JSON.parse(JSON.stringify(widget))).toEqual(widget);
  });

  it('shows at least an hour before, never reaches past now, and labels the unit', () => {
    const widget = alarmGraphWidget(alarm('asg-cpu.json'), {
      now: NOW,
      at: new Date('2026-11-26T11:50:00Z'),
    });
    expect(widget).toMatchObject({
      start: '2026-11-26T10:50:00Z',
      end: '2026-11-26T12:00:00Z',
      period: 60,
      yAxis: { left: { label: 'Percent', showUnits: false } },
    });
  });

  it('uses an extended statistic, and shades below for a less-than alarm', () => {
    const widget = alarmGraphWidget(
      alarm('ec2-cpu.json', (m) => {
        const trigger = m.Trigger as Record<string, unknown>;
        trigger.Statistic = undefined;
        trigger.ExtendedStatistic = 'p99';
        trigger.ComparisonOperator = 'LessThanOrEqualToThreshold';
        trigger.Threshold = 5;
      }),
      { now: NOW },
    );
    expect(widget?.stat).toBe('p99');
    expect(widget?.metrics[0]?.at(-1)).toEqual({ stat: 'p99', period: 300 });
    expect(widget?.annotations.horizontal).toEqual([
      { label: 'Threshold <= 5', value: 5, fill: 'below', color: '#d62728' },
    ]);
  });

  it('draws no graph for metric-math, anomaly-detection or composite alarms, or unreadable messages', () => {
    for (const name of ['metric-math.json', 'anomaly-detection.json', 'composite.json']) {
      const parsed = alarm(name);
      expect(parsed.kind, name).not.toBe('metric');
      expect(alarmGraphWidget(parsed, { now: NOW }), name).toBeUndefined();
    }
    expect(alarmGraphWidget(parseAlarmMessage('not json', TOPIC), { now: NOW })).toBeUndefined();
  });

  it('draws no graph without a namespace or a time', () => {
    const noNamespace = alarm('ec2-cpu.json', (m) => {
      (m.Trigger as Record<string, unknown>).Namespace = undefined;
    });
    expect(alarmGraphWidget(noNamespace, { now: NOW })).toBeUndefined();
    const noTime = alarm('ec2-cpu.json', (m) => {
      m.StateChangeTime = undefined;
    });
    expect(alarmGraphWidget(noTime, { now: NOW })).toBeUndefined();
    expect(alarmGraphWidget(noTime, { now: NOW, at: new Date('2026-11-26T11:00:00Z') })).toBeDefined();
  });

  it('keeps a hostile alarm name plain and short in the title', () => {
    const widget = alarmGraphWidget(alarm('hostile.json'), { now: NOW });
    expect(widget).toBeDefined();
    expect(widget!.title).toHaveLength(100);
    expect(widget!.title).toMatch(/^<!channel> <!here>.*…$/);
    expect(widget!.title).not.toMatch(/[\p{Cc}]/u);
    expect(plainTitle('line\nbreak\u202Eflip\ttab')).toBe('line break flip tab');
    expect(plainTitle('x'.repeat(300))).toHaveLength(100);
  });
});
