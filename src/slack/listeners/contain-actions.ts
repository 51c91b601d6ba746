import type { App, BlockAction, BlockButtonAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { ActionRecord } from '../../contain/action.js';
import type { ContainmentService } from '../../contain/actions.js';
import {
  CONTAIN_ACTION_IDS,
  loadingModal,
  messageModal,
  previewModal,
  REVOKE_TARGET_BLOCK,
  REVOKE_TARGET_CALLBACK,
  restoreModal,
  revokeTargetModal,
} from '../../contain/blocks.js';
import { parseRevokeTarget, TARGET_USAGE } from '../../contain/revoke/target.js';
import { CARD_ACTION_IDS } from '../../detect/card.js';
import { FirebreakError, userMessage } from '../../errors.js';
import type { IncidentService } from '../../incident/service.js';
import type { Logger } from '../../log.js';
import type { SlackGateway } from '../gateway.js';
import type { WorkTracker } from '../work-tracker.js';

const STARTED = (record: ActionRecord) =>
  messageModal(
    'Running',
    `:hourglass_flowing_sand: ${record.id} is running. Follow its checklist in ${record.incidentId}'s thread.`,
  );

/**
 * Containment buttons: on the card (isolate, restore), in the preview modal (confirm, dry run), and in the
 * thread (approve, resume, restore). Every button carries ids only; the action record is re-read at click time,
 * for the person clicking, by the containment service.
 */
export function registerContainActions(
  app: App,
  deps: {
    containment: ContainmentService;
    incidents: IncidentService;
    slack: SlackGateway;
    work: WorkTracker;
    logger: Logger;
    defaultRegion?: string;
  },
): void {
  /**
   * Every containment click answers in a modal: the one it came from, or (for buttons in the thread) one opened
   * at once with the click's trigger id, which lives only three seconds, before anything slow happens.
   */
  function handle(
    body: BlockAction,
    what: string,
    title: string,
    attempt: (show: (view: ModalView) => Promise<void>) => Promise<void>,
  ): Promise<void> {
    return deps.work.run(async () => {
      let viewId = body.view?.id;
      const show = async (view: ModalView) => {
        if (viewId) await deps.slack.updateView(viewId, view);
        else viewId = (await deps.slack.openView(body.trigger_id, view)).viewId;
      };
      try {
        await show(loadingModal(what));
        await attempt(show);
      } catch (error) {
        deps.logger.warn({ err: error, user: body.user.id }, 'containment click refused or failed');
        await show(messageModal(title, userMessage(error))).catch(async () => {
          await deps.slack
            .respond(body.response_url, { text: userMessage(error) })
            .catch((replyError: unknown) =>
              deps.logger.error({ err: replyError }, 'could not report a containment failure'),
            );
        });
      }
    });
  }

  const splitValue = (value: string | undefined) => {
    const [incidentId = '', resourceId = ''] = (value ?? '').split('|');
    return { incidentId, resourceId };
  };

  app.action<BlockButtonAction>(/^contain\.isolate:/, async ({ ack, body, action }) => {
    await ack();
    const { incidentId, resourceId } = splitValue(action.value);
    await handle(body, resourceId, 'Cannot isolate', async (show) => {
      const incident = await deps.incidents.get(incidentId);
      const region = incident.region ?? deps.defaultRegion;
      if (!region)
        throw new FirebreakError(
          'NO_REGION',
          `${incidentId} names no region; use /ir isolate ${resourceId} region=…`,
        );
      const record = await deps.containment.preview('isolate', {
        incidentId,
        target: { account: incident.account, region, resourceId },
        requestedBy: body.user.id,
      });
      await show(previewModal(record));
    });
  });

  app.action<BlockButtonAction>(CARD_ACTION_IDS.revoke, async ({ ack, body, action }) => {
    await ack();
    await deps.work.run(async () => {
      await deps.slack
        .openView(body.trigger_id, revokeTargetModal(action.value ?? ''))
        .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not open the revoke modal'));
    });
  });

  app.view(REVOKE_TARGET_CALLBACK, async ({ ack, body, view }) => {
    const principal = (view.state.values[REVOKE_TARGET_BLOCK]?.value?.value ?? '').trim();
    if (!parseRevokeTarget(principal)) {
      await ack({ response_action: 'errors', errors: { [REVOKE_TARGET_BLOCK]: `Give ${TARGET_USAGE}.` } });
      return;
    }
    await ack({ response_action: 'update', view: loadingModal(principal) });
    const incidentId = view.private_metadata;
    await deps.work.run(async () => {
      try {
        const incident = await deps.incidents.get(incidentId);
        const region = incident.region ?? deps.defaultRegion;
        if (!region)
          throw new FirebreakError(
            'NO_REGION',
            `${incidentId} names no region; use /ir revoke ${principal} region=…`,
          );
        const record = await deps.containment.preview('revoke', {
          incidentId,
          target: { account: incident.account, region, resourceId: principal },
          requestedBy: body.user.id,
        });
        await deps.slack.updateView(view.id, previewModal(record));
      } catch (error) {
        deps.logger.warn({ err: error, user: body.user.id }, 'revocation preview failed');
        await deps.slack
          .updateView(view.id, messageModal('Cannot revoke', userMessage(error)))
          .catch((replyError: unknown) =>
            deps.logger.error({ err: replyError }, 'could not report a revoke failure'),
          );
      }
    });
  });

  app.action<BlockButtonAction>(/^contain\.restore:/, async ({ ack, body, action }) => {
    await ack();
    const { resourceId } = splitValue(action.value);
    await handle(body, resourceId, 'Cannot restore', async (show) => {
      const record = await deps.containment.latestFor('isolate', resourceId);
      await show(
        record
          ? restoreModal(record)
          : messageModal('Nothing to restore', `Firebreak has not isolated \`${resourceId}\`.`),
      );
    });
  });

  const confirmWith = new RegExp(`^${CONTAIN_ACTION_IDS.confirmWith.replace('.', '\\.')}:`);
  for (const [actionId, dryRun] of [
    [CONTAIN_ACTION_IDS.confirm, false],
    [CONTAIN_ACTION_IDS.dryRun, true],
    [CONTAIN_ACTION_IDS.approve, false],
    [confirmWith, false],
  ] as const) {
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action }) => {
      await ack();
      const extra = action.action_id.startsWith(`${CONTAIN_ACTION_IDS.confirmWith}:`)
        ? [action.action_id.slice(CONTAIN_ACTION_IDS.confirmWith.length + 1)]
        : undefined;
      await handle(body, 'the target again', 'Not done', async (show) => {
        const result = await deps.containment.confirm(action.value ?? '', body.user.id, {
          dryRun,
          extras: extra,
        });
        switch (result.kind) {
          case 'started':
            await show(
              dryRun
                ? messageModal(
                    'Dry run',
                    'The dry run is running; its checklist appears in the incident thread. Nothing will change.',
                  )
                : STARTED(result.record),
            );
            return;
          case 'plan-changed':
            await show(previewModal(result.record, { changed: true }));
            return;
          case 'awaiting-approval':
            await show(
              messageModal(
                'Approval needed',
                'A second responder must approve this (two-person rule). The request is in the incident thread.',
              ),
            );
            return;
        }
      });
    });
  }

  app.action<BlockButtonAction>(CONTAIN_ACTION_IDS.resume, async ({ ack, body, action }) => {
    await ack();
    await handle(body, 'the action', 'Not resumed', async (show) => {
      const record = await deps.containment.resume(action.value ?? '', body.user.id);
      await show(STARTED(record));
    });
  });

  app.action<BlockButtonAction>(CONTAIN_ACTION_IDS.restoreConfirm, async ({ ack, body, action }) => {
    await ack();
    await handle(body, 'the action', 'Not restored', async (show) => {
      const record = await deps.containment.restore(action.value ?? '', body.user.id);
      await show(
        messageModal(
          'Restoring',
          `${record.id}: restoring. Follow the checklist in ${record.incidentId}'s thread.`,
        ),
      );
    });
  });
}
