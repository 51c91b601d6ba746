import type { App, BlockAction, BlockButtonAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { messageModal } from '../../contain/blocks.js';
import { CARD_ACTION_IDS } from '../../detect/card.js';
import { FirebreakError, userMessage } from '../../errors.js';
import type { Logger } from '../../log.js';
import {
  confirmModal,
  parseOfferValue,
  REMEDIATE_ACTION_IDS,
  remediationLoadingModal,
  remediationModal,
  remediationResultModal,
} from '../../remediate/blocks.js';
import type { RemediationService } from '../../remediate/service.js';
import type { SlackGateway } from '../gateway.js';
import type { WorkTracker } from '../work-tracker.js';

/**
 * "Mark remediated" on the card, and the remediation modal's buttons. Buttons carry ids only; what is offered is
 * re-read from the action records at click time, and the service checks the clicker is a responder.
 */
export function registerRemediateActions(
  app: App,
  deps: { remediation: RemediationService; slack: SlackGateway; work: WorkTracker; logger: Logger },
): void {
  function inModal(body: BlockAction, attempt: (show: (view: ModalView) => Promise<void>) => Promise<void>) {
    return deps.work.run(async () => {
      let viewId = body.view?.id;
      const show = async (view: ModalView) => {
        if (viewId) await deps.slack.updateView(viewId, view);
        else viewId = (await deps.slack.openView(body.trigger_id, view)).viewId;
      };
      try {
        await attempt(show);
      } catch (error) {
        deps.logger.warn({ err: error, user: body.user.id }, 'remediation click refused or failed');
        await show(messageModal('Not done', userMessage(error))).catch(async () => {
          if (body.response_url)
            await deps.slack.respond(body.response_url, { text: userMessage(error) }).catch(() => {});
        });
      }
    });
  }

  app.action<BlockButtonAction>(CARD_ACTION_IDS.remediate, async ({ ack, body, action }) => {
    await ack();
    const incidentId = action.value ?? '';
    await inModal(body, async (show) => {
      await show(remediationLoadingModal(incidentId));
      await deps.remediation.markRemediated(incidentId, body.user.id);
      const { incident, offers } = await deps.remediation.offers(incidentId);
      await show(remediationModal(incident, offers));
    });
  });

  app.action<BlockButtonAction>(
    new RegExp(`^${REMEDIATE_ACTION_IDS.offer.replace('.', '\\.')}:`),
    async ({ ack, body, action }) => {
      await ack();
      await inModal(body, async (show) => {
        const request = parseOfferValue(action.value);
        if (!request) throw new FirebreakError('BAD_BUTTON', 'This button is not one Firebreak made.');
        const { offers } = await deps.remediation.offers(request.incidentId);
        const offer = offers.find((o) => o.kind === request.operation && o.actionId === request.actionId);
        if (!offer || offer.kind === 'restore')
          throw new FirebreakError(
            'NOTHING_TO_REMEDIATE',
            `${request.actionId} has nothing left to do; it was done or restored.`,
          );
        await show(confirmModal(request.incidentId, offer));
      });
    },
  );

  app.action<BlockButtonAction>(REMEDIATE_ACTION_IDS.confirm, async ({ ack, body, action }) => {
    await ack();
    await inModal(body, async (show) => {
      const request = parseOfferValue(action.value);
      if (!request) throw new FirebreakError('BAD_BUTTON', 'This button is not one Firebreak made.');
      await show(messageModal('Remediation', ':hourglass_flowing_sand: Working on IAM…'));
      const event = await deps.remediation.perform(
        request.incidentId,
        request.operation,
        request.actionId,
        body.user.id,
      );
      await show(remediationResultModal(event));
    });
  });
}
