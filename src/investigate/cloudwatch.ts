import { type CloudWatchClient, GetMetricWidgetImageCommand } from '@aws-sdk/client-cloudwatch';
import { callAws } from '../aws/call.js';
import { FirebreakError } from '../errors.js';
import type { MetricWidget } from './metric-graph.js';

/**
 * Renders the alarm's graph (a MetricWidget from metric-graph.ts) to PNG bytes with GetMetricWidgetImage. The
 * client must be in the widget's region. Errors are FirebreakErrors (AccessDenied names the missing
 * cloudwatch:GetMetricWidgetImage); the caller posts the card whatever happens here.
 */
export async function renderAlarmGraph(client: CloudWatchClient, widget: MetricWidget): Promise<Uint8Array> {
  const { value } = await callAws(`cloudwatch:GetMetricWidgetImage in ${widget.region}`, () =>
    client.send(
      new GetMetricWidgetImageCommand({ MetricWidget: JSON.stringify(widget), OutputFormat: 'png' }),
    ),
  );
  const image = value.MetricWidgetImage;
  if (image === undefined || image.length === 0) {
    throw new FirebreakError(
      'GRAPH_EMPTY',
      `CloudWatch returned no image for the graph of ${widget.title || 'the alarm'} in ${widget.region}.`,
    );
  }
  return image;
}
