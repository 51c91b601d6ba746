import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { ParsedAlarm } from '../detect/alarm.js';
import type { Incident } from '../incident/incident.js';
import type { Logger } from '../log.js';
import type { SlackGateway } from '../slack/gateway.js';
import { escapeAndTruncate } from '../slack/mrkdwn.js';
import { renderAlarmGraph } from './cloudwatch.js';
import { alarmGraphWidget } from './metric-graph.js';

/**
 * The alarm's graph in the incident's thread: once the card of a new incident is posted (its thread exists),
 * the metric is rendered around the alarm time with GetMetricWidgetImage and the PNG is shared in the thread.
 * It runs after the SNS reply and beside the card, never before it: a failure (no permission, CloudWatch down,
 * a math or composite alarm that has no single graph) is logged and the card is not touched.
 */

export interface AlarmGraphPoster {
  /** Call after intake opened `incidentId` for `alarm`; resolves once posted or given up, never rejects. */
  afterOpened(alarm: ParsedAlarm, incidentId: string): Promise<void>;
}

export function createAlarmGraphPoster(deps: {
  incident(id: string): Promise<Incident | undefined>;
  slack: Pick<SlackGateway, 'uploadFile'>;
  cloudWatchFor(account: string | undefined, region: string): Promise<CloudWatchClient>;
  now: () => Date;
  logger: Logger;
  /** How long to wait for the card to be posted (its ts is the thread); default 60 s. */
  waitForCardMs?: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
  render?: typeof renderAlarmGraph;
}): AlarmGraphPoster {
  const sleep =
    deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()));
  const render = deps.render ?? renderAlarmGraph;
  const waitMs = deps.waitForCardMs ?? 60_000;
  const pollMs = deps.pollMs ?? 500;

  async function cardOf(incidentId: string): Promise<Incident | undefined> {
    for (let waited = 0; waited <= waitMs; waited += pollMs) {
      const incident = await deps.incident(incidentId);
      if (incident?.cardTs) return incident;
      await sleep(pollMs);
    }
    return undefined;
  }

  return {
    async afterOpened(alarm, incidentId) {
      if (alarm.kind !== 'metric') return;
      const widget = alarmGraphWidget(alarm, { now: deps.now() });
      if (!widget) return;
      try {
        // Render first: when it fails (no permission, no CloudWatch in a drill) nothing waits for the card.
        const png = await render(await deps.cloudWatchFor(alarm.account, widget.region), widget);
        const incident = await cardOf(incidentId);
        if (!incident?.cardTs) {
          deps.logger.warn(
            { incident: incidentId },
            'the card was not posted in time; the alarm graph is not shared',
          );
          return;
        }
        await deps.slack.uploadFile({
          channel: incident.channel,
          threadTs: incident.cardTs,
          filename: `${incidentId}-alarm-graph.png`,
          title: `${alarm.name.slice(0, 100)} around ${widget.end}`,
          content: png,
          initialComment: `:chart_with_upwards_trend: *${escapeAndTruncate(alarm.name, 150)}* from ${widget.start} to ${widget.end} (UTC), threshold marked.`,
        });
      } catch (error) {
        deps.logger.warn({ err: error, incident: incidentId }, 'could not render or share the alarm graph');
      }
    },
  };
}
