import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { ParsedAlarm } from '../detect/alarm.js';
import type { Incident } from '../incident/incident.js';
import type { Logger } from '../log.js';
import type { SlackGateway } from '../slack/gateway.js';
import { escapeAndTruncate } from '../slack/mrkdwn.js';
import { renderAlarmGraph } from './cloudwatch.js';
import { alarmGraphWidget } from './metric-graph.js';

/**
 * The alarm's graph in the incident's thread: the metric is rendered around the alarm time with
 * GetMetricWidgetImage and the PNG is shared in the thread. It is called from the card-posted hook (see
 * alarm-graph-intake.ts), so the thread exists and the card is already out: a failure (no permission, CloudWatch
 * down) is logged and touches nothing else, and a math or composite alarm, which has no single graph, gets none.
 */

export interface AlarmGraphPoster {
  /** Renders `alarm` and shares it in `incident`'s thread; resolves once posted or given up, never rejects. */
  post(alarm: ParsedAlarm, incident: Incident): Promise<void>;
}

export function createAlarmGraphPoster(deps: {
  slack: Pick<SlackGateway, 'uploadFile'>;
  cloudWatchFor(account: string | undefined, region: string): Promise<CloudWatchClient>;
  now: () => Date;
  logger: Logger;
  render?: typeof renderAlarmGraph;
}): AlarmGraphPoster {
  const render = deps.render ?? renderAlarmGraph;
  return {
    async post(alarm, incident) {
      if (alarm.kind !== 'metric' || !incident.cardTs) return;
      const widget = alarmGraphWidget(alarm, { now: deps.now() });
      if (!widget) return;
      try {
        const png = await render(await deps.cloudWatchFor(alarm.account, widget.region), widget);
        await deps.slack.uploadFile({
          channel: incident.channel,
          threadTs: incident.cardTs,
          filename: `${incident.id}-alarm-graph.png`,
          title: `${alarm.name.slice(0, 100)} around ${widget.end}`,
          content: png,
          initialComment: `:chart_with_upwards_trend: *${escapeAndTruncate(alarm.name, 150)}* from ${widget.start} to ${widget.end} (UTC), threshold marked.`,
        });
      } catch (error) {
        deps.logger.warn({ err: error, incident: incident.id }, 'could not render or share the alarm graph');
      }
    },
  };
}
