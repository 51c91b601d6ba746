import { CloudWatchClient, GetMetricWidgetImageCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { renderAlarmGraph } from '../../src/investigate/cloudwatch.js';
import type { MetricWidget } from '../../src/investigate/metric-graph.js';

const cloudWatch = mockClient(CloudWatchClient);
afterEach(() => cloudWatch.reset());

const client = new CloudWatchClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'x' },
});
const widget: MetricWidget = {
  metrics: [
    ['AWS/EC2', 'CPUUtilization', 'InstanceId', 'i-0abc123def4567890', { stat: 'Average', period: 300 }],
  ],
  view: 'timeSeries',
  stacked: false,
  region: 'us-east-1',
  title: 'prod-web-high-cpu',
  start: '2026-11-26T06:25:43Z',
  end: '2026-11-26T08:35:43Z',
  period: 300,
  stat: 'Average',
  timezone: '+0000',
  width: 800,
  height: 400,
  legend: { position: 'bottom' },
  annotations: { horizontal: [{ label: 'Threshold > 90', value: 90, fill: 'above' }], vertical: [] },
};
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('renderAlarmGraph', () => {
  it('asks GetMetricWidgetImage for a PNG of the widget and returns its bytes', async () => {
    cloudWatch.on(GetMetricWidgetImageCommand).resolves({ MetricWidgetImage: PNG });
    await expect(renderAlarmGraph(client, widget)).resolves.toEqual(PNG);
    const calls = cloudWatch.commandCalls(GetMetricWidgetImageCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input.OutputFormat).toBe('png');
    expect(JSON.parse(calls[0]!.args[0].input.MetricWidget!)).toEqual(widget);
  });

  it('translates AccessDenied into a FirebreakError naming the permission', async () => {
    cloudWatch.on(GetMetricWidgetImageCommand).rejects(
      Object.assign(new Error('User is not authorized to perform: cloudwatch:GetMetricWidgetImage'), {
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403, requestId: 'req-cw' },
      }),
    );
    const error = await renderAlarmGraph(client, widget).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'AWS_ACCESS_DENIED', requestId: 'req-cw' });
    expect((error as Error).message).toMatch(/add the permission cloudwatch:GetMetricWidgetImage/);
  });

  it('refuses an empty image', async () => {
    cloudWatch.on(GetMetricWidgetImageCommand).resolves({});
    await expect(renderAlarmGraph(client, widget)).rejects.toMatchObject({ code: 'GRAPH_EMPTY' });
  });
});
