import type { App, BlockAction, BlockButtonAction } from '@slack/bolt';
import type { ContainmentService } from '../../contain/actions.js';
import { loadingModal, messageModal, previewModal } from '../../contain/blocks.js';
import { CARD_ACTION_IDS } from '../../detect/card.js';
import { FirebreakError, userMessage } from '../../errors.js';
import type { IncidentService } from '../../incident/service.js';
import { planLookups } from '../../investigate/plan.js';
import { describeTrailQuery } from '../../investigate/query.js';
import {
  parseContainValue,
  parseMoreValue,
  searchingMessage,
  TRAIL_ACTION_IDS,
} from '../../investigate/result-blocks.js';
import type { IncidentInvestigator } from '../../investigate/trail-service.js';
import type { Logger } from '../../log.js';
import type { SlackGateway } from '../gateway.js';
import type { WorkTracker } from '../work-tracker.js';

const escapeForRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Investigate buttons: the card's "Investigate" (the obvious CloudTrail query for the incident, answered in its
 * thread), "Show more" under results (the next page, to the clicker only), and the revoke/isolate buttons under
 * results, which open contain's own preview modal: the confirmation, authorization and kill switch are
 * contain's, at confirm time, exactly as for the card's buttons.
 */
export function registerInvestigateActions(
  app: App,
  deps: {
    investigator: IncidentInvestigator;
    containment: ContainmentService;
    incidents: IncidentService;
    slack: SlackGateway;
    work: WorkTracker;
    logger: Logger;
    defaultRegion?: string;
  },
): void {
  const tell = (body: BlockAction, text: string) =>
    deps.slack
      .respond(body.response_url, { text, replaceOriginal: false })
      .catch((error: unknown) => deps.logger.error({ err: error }, 'could not answer an investigate click'));

  app.action<BlockButtonAction>(CARD_ACTION_IDS.investigate, async ({ ack, body, action }) => {
    await ack();
    await deps.work.run(async () => {
      try {
        const incident = await deps.incidents.get(action.value ?? '');
        await deps.investigator.investigateIncident(incident, {
          userId: body.user.id,
          announce: (chosen) =>
            deps.slack.respond(body.response_url, {
              ...searchingMessage(
                `${describeTrailQuery(chosen.query)} (${chosen.why})`,
                planLookups(chosen.query).regions,
                `in ${incident.id}'s thread`,
              ),
              replaceOriginal: false,
            }),
          respond: (message) => deps.slack.respond(body.response_url, { ...message, replaceOriginal: false }),
        });
      } catch (error) {
        deps.logger.warn({ err: error, user: body.user.id }, 'investigate click failed');
        await tell(body, userMessage(error));
      }
    });
  });

  app.action<BlockButtonAction>(TRAIL_ACTION_IDS.more, async ({ ack, body, action }) => {
    await ack();
    await deps.work.run(async () => {
      try {
        const more = parseMoreValue(action.value ?? '');
        if (!more) throw new FirebreakError('BAD_RESULT_ID', 'That button does not name a search result.');
        const investigator = deps.investigator;
        const message = await investigator.more(more.resultId, more.offset);
        await deps.slack.respond(body.response_url, { ...message, replaceOriginal: false });
      } catch (error) {
        deps.logger.warn({ err: error, user: body.user.id }, 'show more failed');
        await tell(body, userMessage(error));
      }
    });
  });

  for (const kind of ['revoke', 'isolate'] as const) {
    const pattern = new RegExp(`^${escapeForRegExp(TRAIL_ACTION_IDS[kind])}:`);
    app.action<BlockButtonAction>(pattern, async ({ ack, body, action }) => {
      await ack();
      await deps.work.run(async () => {
        const target = parseContainValue(action.value ?? '');
        let viewId: string | undefined;
        try {
          // The trigger id lives three seconds: the modal opens before anything slow.
          viewId = (
            await deps.slack.openView(body.trigger_id, loadingModal(target?.resourceId ?? 'the target'))
          ).viewId;
          if (!target) throw new FirebreakError('BAD_BUTTON', 'That button does not name a target.');
          const incident = await deps.incidents.get(target.incidentId);
          const region = target.region ?? incident.region ?? deps.defaultRegion;
          if (!region)
            throw new FirebreakError(
              'NO_REGION',
              `No region is known for ${target.resourceId}; use /ir ${kind} … region=…`,
            );
          const record = await deps.containment.preview(kind, {
            incidentId: incident.id,
            target: { account: target.account ?? incident.account, region, resourceId: target.resourceId },
            requestedBy: body.user.id,
          });
          await deps.slack.updateView(viewId, previewModal(record));
        } catch (error) {
          deps.logger.warn({ err: error, user: body.user.id, kind }, 'containment from results failed');
          const title = kind === 'revoke' ? 'Cannot revoke' : 'Cannot isolate';
          if (viewId)
            await deps.slack.updateView(viewId, messageModal(title, userMessage(error))).catch(() => {});
          else await tell(body, userMessage(error));
        }
      });
    });
  }
}
