import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { type ParsedAlarm, parseAlarmMessage } from '../../src/detect/alarm.js';
import type { AlarmIntake, AlarmNotification, IntakeOutcome } from '../../src/detect/intake.js';
import { FirebreakError } from '../../src/errors.js';
import type { Incident } from '../../src/incident/incident.js';
import { type AlarmGraphPoster, createAlarmGraphPoster } from '../../src/investigate/alarm-graph.js';
import { createAlarmGraphs, withAlarmGraph } from '../../src/investigate/alarm-graph-intake.js';
import type { MetricWidget } from '../../src/investigate/metric-graph.js';
import { createLogger, type Logger } from '../../src/log.js';
import type { FileUpload } from '../../src/slack/gateway.js';
import { createWorkTracker } from '../../src/slack/work-tracker.js';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:alarms';
const text = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/alarms', name), 'utf8');
const fixture = (name: string) => parseAlarmMessage(text(name), TOPIC);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
const CARD_TS = '1700000000.000100';

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'INC-3',
    title: 'cpu',
    severity: 3,
    status: 'open',
    resources: [],
    alarm: {
      name: 'cpu',
      state: 'ALARM',
      reason: 'Threshold Crossed',
      stateChangedAt: '2026-11-26T08:00:00Z',
    },
    alarmCount: 1,
    channel: 'C0ALARMS',
    cardTs: CARD_TS,
    declaredAt: '2026-11-26T08:00:00.000Z',
    declaredBy: 'system',
    ...overrides,
  };
}

function spyLogger() {
  const warnings: string[] = [];
  const logger = Object.assign(Object.create(createLogger({ level: 'silent' })) as Logger, {
    warn: (_: unknown, message: string) => {
      warnings.push(message);
    },
  });
  return { logger, warnings };
}

function posterSetup(options: { render?: (widget: MetricWidget) => Promise<Uint8Array> } = {}) {
  const uploads: FileUpload[] = [];
  const rendered: MetricWidget[] = [];
  const { logger, warnings } = spyLogger();
  const poster = createAlarmGraphPoster({
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
    logger,
  });
  return { poster, uploads, warnings, rendered };
}

describe('the alarm graph poster', () => {
  it("renders a metric alarm and shares the PNG in the card's thread", async () => {
    const { poster, uploads, rendered } = posterSetup();
    await poster.post(fixture('ec2-cpu.json'), incident());
    expect(rendered).toHaveLength(1);
    expect(rendered[0]!.annotations.horizontal.length).toBe(1);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({
      channel: 'C0ALARMS',
      threadTs: CARD_TS,
      filename: 'INC-3-alarm-graph.png',
    });
    expect(uploads[0]!.content).toEqual(PNG);
  });

  it('draws nothing for composite and metric-math alarms', async () => {
    const { poster, uploads, rendered } = posterSetup();
    await poster.post(fixture('composite.json'), incident());
    await poster.post(fixture('metric-math.json'), incident());
    expect(rendered).toEqual([]);
    expect(uploads).toEqual([]);
  });

  it('logs a failed render and never throws', async () => {
    const { poster, uploads, warnings } = posterSetup({
      render: async () => {
        throw new FirebreakError('AWS_ACCESS_DENIED', 'cloudwatch:GetMetricWidgetImage was denied.');
      },
    });
    await expect(poster.post(fixture('ec2-cpu.json'), incident())).resolves.toBeUndefined();
    expect(uploads).toEqual([]);
    expect(warnings).toEqual(['could not render or share the alarm graph']);
  });
});

/** The graphs with a recording poster, loaded on first use as in main.ts. */
function graphsSetup(options: { maxPending?: number; failPost?: boolean } = {}) {
  const posted: { alarm: ParsedAlarm; incident: Incident }[] = [];
  let loads = 0;
  const work = createWorkTracker();
  const { logger, warnings } = spyLogger();
  const poster: AlarmGraphPoster = {
    async post(alarm, target) {
      if (options.failPost) throw new Error('boom');
      posted.push({ alarm, incident: target });
    },
  };
  const graphs = createAlarmGraphs({
    poster: async () => {
      loads += 1;
      return poster;
    },
    work,
    logger,
    ...(options.maxPending !== undefined && { maxPending: options.maxPending }),
  });
  const settled = () => work.drain(1000);
  return { graphs, posted, loads: () => loads, work, settled, warnings };
}

describe('createAlarmGraphs: the alarm waits for its card', () => {
  it('starts the graph when the card is posted after intake opened the incident', async () => {
    const { graphs, posted, settled } = graphsSetup();
    graphs.opened('INC-3', fixture('ec2-cpu.json'));
    await settled();
    expect(posted).toEqual([]);
    expect(graphs.pending()).toBe(1);
    graphs.cardPosted(incident());
    await settled();
    expect(posted).toHaveLength(1);
    expect(posted[0]!.incident.cardTs).toBe(CARD_TS);
    expect(posted[0]!.alarm).toEqual(fixture('ec2-cpu.json'));
    expect(graphs.pending()).toBe(0);
  });

  it('also starts it when the card is posted before intake returned (either order)', async () => {
    const { graphs, posted, settled } = graphsSetup();
    graphs.cardPosted(incident());
    graphs.opened('INC-3', fixture('ec2-cpu.json'));
    await settled();
    expect(posted).toHaveLength(1);
    expect(graphs.pending()).toBe(0);
  });

  it('never loads the poster for composite and metric-math alarms, and forgets them once the card is out', async () => {
    const { graphs, posted, loads, settled } = graphsSetup();
    graphs.opened('INC-3', fixture('composite.json'));
    graphs.cardPosted(incident());
    graphs.opened('INC-4', fixture('metric-math.json'));
    graphs.cardPosted(incident({ id: 'INC-4' }));
    await settled();
    expect(posted).toEqual([]);
    expect(loads()).toBe(0);
    expect(graphs.pending()).toBe(0);
  });

  it('ignores a declared incident (no alarm will come for it)', () => {
    const { graphs } = graphsSetup();
    const { alarm: _alarm, ...declared } = incident({ id: 'INC-9' });
    graphs.cardPosted(declared);
    expect(graphs.pending()).toBe(0);
  });

  it('keeps at most maxPending incidents waiting, dropping the oldest', async () => {
    const { graphs, posted, settled } = graphsSetup({ maxPending: 2 });
    for (const id of ['INC-1', 'INC-2', 'INC-3']) graphs.opened(id, fixture('ec2-cpu.json'));
    expect(graphs.pending()).toBe(2);
    graphs.cardPosted(incident({ id: 'INC-1' }));
    graphs.cardPosted(incident({ id: 'INC-3' }));
    await settled();
    // INC-1 was dropped: its card now waits alone (bounded too) and gets no graph; INC-3 gets its graph.
    expect(posted.map((p) => p.incident.id)).toEqual(['INC-3']);
  });

  it('logs a poster failure as tracked work and never throws into the card publisher', async () => {
    const { graphs, settled, warnings } = graphsSetup({ failPost: true });
    graphs.opened('INC-3', fixture('ec2-cpu.json'));
    expect(() => graphs.cardPosted(incident())).not.toThrow();
    await settled();
    expect(warnings).toEqual(['alarm graph failed']);
  });
});

describe('withAlarmGraph', () => {
  const notification = (message: string): AlarmNotification => ({
    message,
    topicArn: TOPIC,
    messageId: 'm-1',
    receivedAt: new Date('2026-11-26T08:00:01Z'),
  });
  const intakeAnswering = (outcome: IntakeOutcome): AlarmIntake => ({ receive: async () => outcome });

  it('tells the graphs about an incident intake opened, with the parsed alarm, and returns the outcome', async () => {
    const opened: { id: string; alarm: ParsedAlarm }[] = [];
    const { logger } = spyLogger();
    const wrapped = withAlarmGraph(
      intakeAnswering({ state: 'ALARM', result: 'opened', incidentId: 'INC-7' }),
      { opened: (id, alarm) => opened.push({ id, alarm }) },
      logger,
    );
    const outcome = await wrapped.receive(notification(text('ec2-cpu.json')));
    expect(outcome).toEqual({ state: 'ALARM', result: 'opened', incidentId: 'INC-7' });
    expect(opened).toHaveLength(1);
    expect(opened[0]!.id).toBe('INC-7');
    expect(opened[0]!.alarm.kind).toBe('metric');
  });

  it('says nothing for an update, and a failure to remember never fails intake', async () => {
    const opened: string[] = [];
    const { logger, warnings } = spyLogger();
    const updated = withAlarmGraph(
      intakeAnswering({ state: 'ALARM', result: 'updated', incidentId: 'INC-7' }),
      { opened: (id) => opened.push(id) },
      logger,
    );
    await updated.receive(notification(text('ec2-cpu.json')));
    expect(opened).toEqual([]);

    const failing = withAlarmGraph(
      intakeAnswering({ state: 'ALARM', result: 'opened', incidentId: 'INC-8' }),
      {
        opened: () => {
          throw new Error('boom');
        },
      },
      logger,
    );
    await expect(failing.receive(notification(text('ec2-cpu.json')))).resolves.toMatchObject({
      result: 'opened',
    });
    expect(warnings).toEqual(['alarm graph failed']);
  });
});
