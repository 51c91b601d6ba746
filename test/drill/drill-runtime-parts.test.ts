import { inflateSync } from 'node:zlib';
import { CloudWatchClient, GetMetricWidgetImageCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAwsClientFactory } from '../../src/aws/clients.js';
import { parseAlarmMessage } from '../../src/detect/alarm.js';
import { attachSimulatedAccount } from '../../src/drill/attach.js';
import { PNG_SIGNATURE } from '../../src/drill/cloudwatch/png.js';
import { DRILL_ALARM_TOPIC_ARN } from '../../src/drill/drill-settings.js';
import { drillAws } from '../../src/drill/mode.js';
import { createResettableMemoryStore } from '../../src/drill/resettable-store.js';
import { SAMPLE_ALARM_KINDS, sampleAlarmMessage } from '../../src/drill/sample-alarms.js';
import { seedDrillEnvironment } from '../../src/drill/seed.js';
import { createLogger } from '../../src/log.js';
import { CLIENT_CONFIG, IDS, seededAccount } from './support.js';

const silent = createLogger({ level: 'silent' });

function readPng(bytes: Uint8Array) {
  const buffer = Buffer.from(bytes);
  expect(buffer.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  const width = buffer.readUInt32BE(16);
  const height = buffer.readUInt32BE(20);
  const chunks: Buffer[] = [];
  for (let at = 8; at < buffer.length; ) {
    const length = buffer.readUInt32BE(at);
    const type = buffer.toString('ascii', at + 4, at + 8);
    if (type === 'IDAT') chunks.push(buffer.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const pixel = (x: number, y: number) => {
    const at = y * (width * 3 + 1) + 1 + x * 3;
    return [raw[at], raw[at + 1], raw[at + 2]];
  };
  return { width, height, raw, pixel };
}

describe('CloudWatch GetMetricWidgetImage in the drill', () => {
  const widget = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      metrics: [
        ['AWS/EC2', 'CPUUtilization', 'InstanceId', IDS.instances.web, { stat: 'Average', period: 300 }],
      ],
      view: 'timeSeries',
      region: 'eu-west-1',
      title: 'drill-web-high-cpu',
      start: '2026-11-26T08:00:00Z',
      end: '2026-11-26T11:00:00Z',
      period: 300,
      width: 320,
      height: 200,
      annotations: { horizontal: [{ label: 'CPUUtilization > 90', value: 90, fill: 'above' }], vertical: [] },
      ...extra,
    });

  it('answers a real PNG of the requested size, with the series and the threshold drawn', async () => {
    const cloudWatch = new CloudWatchClient(CLIENT_CONFIG);
    attachSimulatedAccount(cloudWatch, seededAccount());
    const { MetricWidgetImage } = await cloudWatch.send(
      new GetMetricWidgetImageCommand({ MetricWidget: widget(), OutputFormat: 'png' }),
    );
    const png = readPng(MetricWidgetImage!);
    expect([png.width, png.height]).toEqual([320, 200]);
    expect(png.raw.length).toBe((320 * 3 + 1) * 200);
    const colours = new Set<string>();
    for (let y = 0; y < 200; y += 1) for (let x = 0; x < 320; x += 1) colours.add(png.pixel(x, y).join(','));
    expect(colours).toContain('31,119,180'); // the series
    expect(colours).toContain('214,39,40'); // the threshold
    // Stable for a given widget: the same alarm draws the same graph.
    const again = await cloudWatch.send(new GetMetricWidgetImageCommand({ MetricWidget: widget() }));
    expect(Buffer.from(again.MetricWidgetImage!).equals(Buffer.from(MetricWidgetImage!))).toBe(true);
  });

  it('refuses a widget that is not JSON or names no metric, with the SDK exception', async () => {
    const cloudWatch = new CloudWatchClient(CLIENT_CONFIG);
    attachSimulatedAccount(cloudWatch, seededAccount());
    await expect(
      cloudWatch.send(new GetMetricWidgetImageCommand({ MetricWidget: '{oops' })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
    });
    await expect(
      cloudWatch.send(new GetMetricWidgetImageCommand({ MetricWidget: widget({ metrics: [] }) })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
  });
});

describe('drill mode and AWS credentials', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('never uses the default credential chain, even with AWS credentials in the environment', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAREALLOOKINGKEY01');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'real-looking-secret');
    vi.stubEnv('AWS_PROFILE', 'production');
    const drill = drillAws({ drillLatencyMs: 0 }, silent);
    const factory = createAwsClientFactory({ ...drill, maxAttempts: 1 });
    const clients = factory.forTarget({ region: 'eu-west-1' });
    for (const client of [clients.ec2, clients.iam, clients.sts, clients.cloudTrail, clients.cloudWatch]) {
      const credentials = await (client.config.credentials as () => Promise<{ accessKeyId: string }>)();
      expect(credentials.accessKeyId).toBe('DRILLDRILLDRILLDRILL');
    }
    // Answered by the simulated account: the seeded instances, no request sent anywhere.
    const described = await clients.ec2.send(
      new DescribeInstancesCommand({ InstanceIds: [IDS.instances.web] }),
    );
    expect(described.Reservations?.[0]?.Instances?.[0]?.InstanceId).toBe(IDS.instances.web);
    factory.destroy();
  });

  it('with an emulator named explicitly, uses it with the drill credentials only', async () => {
    const drill = drillAws({ drillLatencyMs: 0, drillAwsEndpoint: 'http://127.0.0.1:4566' }, silent);
    expect(drill.endpoint).toBe('http://127.0.0.1:4566');
    expect(drill.credentials).toMatchObject({
      accessKeyId: 'DRILLDRILLDRILLDRILL',
      secretAccessKey: 'drill-mode-has-no-secret',
    });
  });
});

describe('the drill page’s sample alarms', () => {
  it('are CloudWatch alarm messages Firebreak reads as ALARM in the drill account and region', () => {
    const now = new Date('2026-11-26T11:00:00Z');
    for (const kind of SAMPLE_ALARM_KINDS) {
      const parsed = parseAlarmMessage(
        JSON.stringify(sampleAlarmMessage(kind, now, DRILL_ALARM_TOPIC_ARN)),
        DRILL_ALARM_TOPIC_ARN,
      );
      expect(parsed, kind).toMatchObject({
        kind: 'metric',
        state: 'ALARM',
        region: 'eu-west-1',
        account: '123456789012',
      });
    }
    const cpu = parseAlarmMessage(
      JSON.stringify(sampleAlarmMessage('high-cpu', now, DRILL_ALARM_TOPIC_ARN)),
      DRILL_ALARM_TOPIC_ARN,
    ) as { trigger: { dimensions: { name: string; value: string }[]; threshold: number } };
    expect(cpu.trigger.dimensions).toEqual([{ name: 'InstanceId', value: IDS.instances.web }]);
    expect(cpu.trigger.threshold).toBe(90);
  });
});

describe('Reset drill', () => {
  it('reseeds the simulated account: changes and the call log go, the seeded history comes back', async () => {
    const account = seededAccount();
    const ec2 = new EC2Client(CLIENT_CONFIG);
    attachSimulatedAccount(ec2, account);
    account.mutate('eu-west-1', (ctx) => {
      ctx.state.regions['eu-west-1']!.ec2.instances = {};
    });
    await ec2.send(new DescribeInstancesCommand({}));
    expect(account.calls.length).toBeGreaterThan(0);
    account.reseed(seedDrillEnvironment);
    expect(account.calls).toEqual([]);
    const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [IDS.instances.web] }));
    expect(described.Reservations).toHaveLength(1);
  });

  it('forgets every incident of the in-memory store, but never hands out an incident id twice', async () => {
    const { store, reset } = createResettableMemoryStore();
    expect(await store.nextSequence('incident')).toBe(1);
    expect(await store.nextSequence('incident')).toBe(2);
    expect(await store.claimOnce('sns:1', 60)).toBe(true);
    await store.putRecord('action', 'ACT-1', { id: 'ACT-1' });
    reset();
    expect(store.kind).toBe('memory');
    expect(await store.listRecords('action')).toEqual([]);
    expect(await store.listOpen()).toEqual([]);
    expect(await store.claimOnce('sns:1', 60)).toBe(true);
    expect(await store.nextSequence('incident')).toBe(3);
    expect(await store.nextSequence('action')).toBe(1);
  });
});
