import type { App, BlockAction, BlockButtonAction, BlockStaticSelectAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { userMessage } from '../../errors.js';
import { type Incident, RESOLUTIONS, type Resolution } from '../../incident/incident.js';
import type { IncidentService } from '../../incident/service.js';
import type { Logger } from '../../log.js';
import type { SlackGateway } from '../gateway.js';
import type { WorkTracker } from '../work-tracker.js';

/**
 * Buttons on the incident card. Each carries only the incident id; the state is re-read at click time, for the
 * person clicking, so a stale card can never act on stale data.
 */
export function registerCardActions(
  app: App,
  deps: {
    incidents: IncidentService;
    slack: SlackGateway;
    work: WorkTracker;
    logger: Logger;
    /** The close form (resolution, summary, impact); without it, the menu closes at once, as it first did. */
    closeModal?: (incident: Incident, resolution: Resolution) => ModalView;
  },
): void {
  async function guarded(body: BlockAction, attempt: () => Promise<void>): Promise<void> {
    await deps.work.run(async () => {
      try {
        await attempt();
      } catch (error) {
        deps.logger.warn({ err: error, user: body.user.id }, 'card action refused or failed');
        await deps.slack
          .respond(body.response_url, { text: userMessage(error), replaceOriginal: false })
          .catch((replyError: unknown) =>
            deps.logger.error({ err: replyError }, 'could not report a card action failure'),
          );
      }
    });
  }

  app.action<BlockButtonAction>('incident.acknowledge', async ({ ack, body, action }) => {
    await ack();
    await guarded(body, async () => {
      await deps.incidents.acknowledge(action.value ?? '', body.user.id);
    });
  });

  app.action<BlockStaticSelectAction>('incident.close', async ({ ack, body, action }) => {
    await ack();
    await guarded(body, async () => {
      const [incidentId = '', resolution = ''] = action.selected_option.value.split('|');
      if (!(RESOLUTIONS as readonly string[]).includes(resolution)) {
        throw new Error(`unexpected resolution in card action: ${resolution}`);
      }
      if (deps.closeModal) {
        // The trigger id lives three seconds: the incident is read first (one store read), then the form opens.
        const incident = await deps.incidents.get(incidentId);
        await deps.slack.openView(body.trigger_id, deps.closeModal(incident, resolution as Resolution));
        return;
      }
      await deps.incidents.close(incidentId, resolution as Resolution, body.user.id);
    });
  });
}
