import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { parseAlarmMessage } from '../../src/detect/alarm.js';
import { FirebreakError } from '../../src/errors.js';
import type { Incident } from '../../src/incident/incident.js';
import { createAlarmGraphPoster } from '../../src/investigate/alarm-graph.js';
import type { MetricWidget } from '../../src/investigate/metric-graph.js';
import { createLogger, type Logger } from '../../src/log.js';
import type { FileUpload } from '../../src/slack/gateway.js';

const fixture = (name: string) =>
  parseAlarmMessage(
    readFileSync(join(import.meta.dirname, '../fixtures/alarms', name), 'utf8'),
    'arn:aws:sns:eu-west-1:123456789012:alarms',
  );
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

function incident(cardTs?: string): Incident {
  return {
    id: 'INC-3',
    title: 'cpu',
    severity: 3,
    status: 'open',
    resources: [],
    alarmCount: 1,
    channel: 'C0ALARMS',
    declaredAt: '2026-11-26T08:00:00.000Z',
    declaredBy: 'system',
    ...(cardTs ? { cardTs } : {}),
  };
}

function setup(
  options: { render?: (widget: MetricWidget) => Promise<Uint8Array>; cardAfterPolls?: number } = {},
) {
  const uploads: FileUpload[] = [];
  const warnings: string[] = [];
  const rendered: MetricWidget[] = [];
  let polls = 0;
  const logger = createLogger({ level: 'silent' });
  const spy = Object.assign(Object.create(logger) as Logger, {
    warn: (_: unknown, message: string) => {
      warnings.push(message);
    },
  });
  const poster = createAlarmGraphPoster({
    incident: async () => {
      polls += 1;
      return incident(polls > (options.cardAfterPolls ?? 0) ? '1700000000.000100' : undefined);
    },
    slack: {
      uploadFile: async (upload) => {
        uploads.push(upload);
        return { fileId: 'F1' };
      },
    },
    cloudWatchFor: async () => ({}) as CloudWatchClient,
    render: async (_client, widget) => {
      rendered.push(widget);
      return options.render ? options.render(widget) : PNG;
    },
    now: () => new Date('2026-11-26T12:00:00Z'),
    logger: spy,
    waitForCardMs: 50,
    pollMs: 10,
    sleep: async () => {},
  });
  return { poster, uploads, warnings, rendered };
}

describe('the alarm graph in the thread', () => {
  it("renders a metric alarm and shares the PNG in the card's thread once the card is posted", async () => {
    const { poster, uploads, rendered } = setup({ cardAfterPolls: 2 });
    await poster.afterOpened(fixture('ec2-cpu.json'), 'INC-3');
    expect(rendered).toHaveLength(1);
    expect(rendered[0]!.annotations.horizontal.length).toBe(1);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({
      channel: 'C0ALARMS',
      threadTs: '1700000000.000100',
      filename: 'INC-3-alarm-graph.png',
    });
    expect(uploads[0]!.content).toEqual(PNG);
  });

  it('draws nothing for composite and metric-math alarms', async () => {
    const { poster, uploads, rendered } = setup();
    await poster.afterOpened(fixture('composite.json'), 'INC-3');
    await poster.afterOpened(fixture('metric-math.json'), 'INC-3');
    expect(rendered).toEqual([]);
    expect(uploads).toEqual([]);
  });

  it('logs a failed render and never throws, so the card is never held up', async () => {
    const { poster, uploads, warnings } = setup({
      render: async () => {
        throw new FirebreakError('AWS_ACCESS_DENIED', 'cloudwatch:GetMetricWidgetImage was denied.');
      },
    });
    await expect(poster.afterOpened(fixture('ec2-cpu.json'), 'INC-3')).resolves.toBeUndefined();
    expect(uploads).toEqual([]);
    expect(warnings).toEqual(['could not render or share the alarm graph']);
  });

  it('gives up when the card never gets posted', async () => {
    const { poster, uploads, warnings } = setup({ cardAfterPolls: 1000 });
    await poster.afterOpened(fixture('ec2-cpu.json'), 'INC-3');
    expect(uploads).toEqual([]);
    expect(warnings).toEqual(['the card was not posted in time; the alarm graph is not shared']);
  });
});
