import { parseAlarmMessage } from '../detect/alarm.js';
import type { AlarmIntake } from '../detect/intake.js';
import type { Logger } from '../log.js';
import type { WorkTracker } from '../slack/work-tracker.js';
import type { AlarmGraphPoster } from './alarm-graph.js';

/**
 * Intake, plus the alarm's graph for every incident it opens. The graph is tracked work started after intake has
 * answered, so SNS never waits on CloudWatch; the poster is loaded on first use, which keeps the CloudWatch SDK out
 * of a process that has not opened an incident yet.
 */
export function withAlarmGraph(
  intake: AlarmIntake,
  deps: { poster: () => Promise<AlarmGraphPoster>; work: WorkTracker; logger: Logger },
): AlarmIntake {
  return {
    async receive(notification) {
      const outcome = await intake.receive(notification);
      const incidentId = outcome.result === 'opened' ? outcome.incidentId : undefined;
      if (incidentId) {
        void deps.work
          .run(async () => {
            const alarm = parseAlarmMessage(notification.message, notification.topicArn);
            await (await deps.poster()).afterOpened(alarm, incidentId);
          })
          .catch((error: unknown) => deps.logger.warn({ err: error }, 'alarm graph failed'));
      }
      return outcome;
    },
  };
}
