import type { App } from '@slack/bolt';
import { messageModal } from '../../contain/blocks.js';
import { CLOSE_MODAL_CALLBACK, parseCloseSubmission } from '../../document/close-modal.js';
import { userMessage } from '../../errors.js';
import type { Resolution } from '../../incident/incident.js';
import type { Logger } from '../../log.js';
import type { SlackGateway } from '../gateway.js';
import { escapeMrkdwn } from '../mrkdwn.js';
import type { WorkTracker } from '../work-tracker.js';

/**
 * The close form's submission: closes the incident, writes the report, and shows the outcome in the same modal.
 * The submission is acknowledged at once (Slack waits three seconds); writing the report happens after.
 */
export function registerDocumentActions(
  app: App,
  deps: {
    closeAndReport(request: {
      incidentId: string;
      resolution: Resolution;
      actor: string;
      summary?: string;
      impact?: string;
    }): Promise<{ incident: { id: string }; report?: string; problem?: string }>;
    slack: SlackGateway;
    work: WorkTracker;
    logger: Logger;
  },
): void {
  app.view(CLOSE_MODAL_CALLBACK, async ({ ack, body, view }) => {
    const submission = parseCloseSubmission(view.state.values as never);
    if (!submission.ok) {
      await ack({ response_action: 'errors', errors: submission.errors });
      return;
    }
    const incidentId = view.private_metadata;
    await ack({
      response_action: 'update',
      view: messageModal(
        'Closing',
        `:hourglass_flowing_sand: Closing ${escapeMrkdwn(incidentId)} and writing its report…`,
      ),
    });
    await deps.work.run(async () => {
      let text: string;
      try {
        const result = await deps.closeAndReport({
          incidentId,
          resolution: submission.resolution,
          actor: body.user.id,
          ...(submission.summary !== undefined && { summary: submission.summary }),
          ...(submission.impact !== undefined && { impact: submission.impact }),
        });
        text = result.report
          ? `:white_check_mark: ${escapeMrkdwn(result.incident.id)} is closed. The report is \`${escapeMrkdwn(result.report)}\` in the runbooks folder, and is shared in the incident thread.`
          : `:white_check_mark: ${escapeMrkdwn(result.incident.id)} is closed. ${result.problem ?? ''}`;
      } catch (error) {
        deps.logger.warn({ err: error, user: body.user.id }, 'close from the form failed');
        text = userMessage(error);
      }
      await deps.slack
        .updateView(view.id, messageModal('Close', text))
        .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not show the close outcome'));
    });
  });
}
