import type { ActionsBlockElement, KnownBlock, ModalView } from '@slack/types';
import { CARD_ACTION_IDS, containButtonValue } from '../detect/card.js';
import type { Incident } from '../incident/incident.js';
import type { TimelineEvent } from '../incident/timeline.js';
import { infoModal, plainText } from '../slack/blocks.js';
import { escapeMrkdwn, truncate } from '../slack/mrkdwn.js';
import type { RemediationOffer, RemediationOperation } from './offers.js';

/** Block Kit for remediation: the offers after "Mark remediated", the irreversible-action confirmation. Pure. */
export const REMEDIATE_ACTION_IDS = {
  /** On the card: status → remediated, then the offers. */
  mark: 'incident.remediate',
  /** In the offers modal, followed by `:<n>` (Slack wants unique action ids): opens the confirmation. */
  offer: 'remediate.offer',
  confirm: 'remediate.confirm',
} as const;

const plain = (text: string) => plainText(text, 75);
// Verbatim: text that names resources must not be turned into links or channel references by Slack.
const section = (text: string): KnownBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncate(text, 3000), verbatim: true },
});
const modal = infoModal;

export const remediationLoadingModal = (incidentId: string): ModalView =>
  modal('Remediation', [
    section(`:hourglass_flowing_sand: Reading what containment left on ${escapeMrkdwn(incidentId)}…`),
  ]);

/** Button values carry ids only: `<incident>|<operation>|<action>`. */
export const offerValue = (incidentId: string, operation: RemediationOperation, actionId: string): string =>
  `${incidentId}|${operation}|${actionId}`;

export function parseOfferValue(
  value: string | undefined,
): { incidentId: string; operation: RemediationOperation; actionId: string } | undefined {
  const [incidentId = '', operation = '', actionId = ''] = (value ?? '').split('|');
  if (!incidentId || !actionId || (operation !== 'delete-keys' && operation !== 'remove-deny'))
    return undefined;
  return { incidentId, operation, actionId };
}

function offerLine(offer: RemediationOffer): string {
  switch (offer.kind) {
    case 'restore':
      return `• *Restore* \`${escapeMrkdwn(offer.instanceId)}\`: put its security groups, instance profile and Auto Scaling state back (${escapeMrkdwn(offer.actionId)}).`;
    case 'delete-keys':
      return `• *Delete* the deactivated access key${offer.keyIds.length === 1 ? '' : 's'} ${offer.keyIds.map((id) => `\`${escapeMrkdwn(id)}\``).join(', ')} of \`${escapeMrkdwn(offer.userName)}\`. *Irreversible.*`;
    case 'remove-deny':
      return `• *Remove the deny policy* \`${escapeMrkdwn(offer.policy)}\` from \`${escapeMrkdwn(offer.principal)}\` (keys stay as they are).`;
  }
}

function offerButton(incidentId: string, offer: RemediationOffer, index: number): ActionsBlockElement {
  if (offer.kind === 'restore') {
    // The containment restore flow already exists: its button opens its own restore preview in this modal.
    return {
      type: 'button',
      action_id: `${CARD_ACTION_IDS.restore}:${offer.instanceId}`,
      text: plain(`Restore ${offer.instanceId}`),
      value: containButtonValue(incidentId, offer.instanceId),
    };
  }
  return {
    type: 'button',
    action_id: `${REMEDIATE_ACTION_IDS.offer}:${index}`,
    text: plain(
      offer.kind === 'delete-keys'
        ? `Delete keys of ${offer.userName}…`
        : `Remove deny from ${offer.principal}…`,
    ),
    ...(offer.kind === 'delete-keys' && { style: 'danger' as const }),
    value: offerValue(incidentId, offer.kind, offer.actionId),
  };
}

export function remediationModal(
  incident: Pick<Incident, 'id' | 'status'>,
  offers: readonly RemediationOffer[],
): ModalView {
  const head = `*${escapeMrkdwn(incident.id)}* is *${escapeMrkdwn(incident.status)}*.`;
  if (offers.length === 0) {
    return modal('Remediation', [
      section(
        `${head}\nContainment left nothing to undo or finalise. Track the remaining work with \`/ir followup add\`.`,
      ),
    ]);
  }
  return modal('Remediation', [
    section(
      `${head}\nWhat containment left, and what you can do about it now:\n${offers.map(offerLine).join('\n')}`,
    ),
    {
      type: 'actions',
      block_id: 'remediation-offers',
      elements: offers.slice(0, 25).map((offer, index) => offerButton(incident.id, offer, index)),
    },
    {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: 'Only responders may act; every attempt is recorded on the timeline.' },
      ],
    },
  ]);
}

export function confirmModal(
  incidentId: string,
  offer: Exclude<RemediationOffer, { kind: 'restore' }>,
): ModalView {
  const text =
    offer.kind === 'delete-keys'
      ? `:warning: *This cannot be undone.* Firebreak will delete ${offer.keyIds.map((id) => `\`${escapeMrkdwn(id)}\``).join(', ')} of \`${escapeMrkdwn(offer.userName)}\`. A deleted key can never be reactivated; anything still using it breaks for good. Each key is re-read first and left alone if someone reactivated it.`
      : `Firebreak will remove the deny policy \`${escapeMrkdwn(offer.policy)}\` from \`${escapeMrkdwn(offer.principal)}\`, if it is still the one it wrote (a same-named policy it overwrote is put back). The principal can act again with whatever credentials it still has.`;
  return modal(offer.kind === 'delete-keys' ? 'Delete access keys' : 'Remove deny policy', [
    section(text),
    {
      type: 'actions',
      block_id: 'remediation-confirm',
      elements: [
        {
          type: 'button',
          action_id: REMEDIATE_ACTION_IDS.confirm,
          text: plain(offer.kind === 'delete-keys' ? 'Delete for good' : 'Remove the deny'),
          style: 'danger',
          value: offerValue(incidentId, offer.kind, offer.actionId),
        },
      ],
    },
  ]);
}

export function remediationResultModal(event: Extract<TimelineEvent, { type: 'remediation' }>): ModalView {
  const lines = event.steps.map((step) => {
    const mark =
      step.status === 'done' ? ':white_check_mark:' : step.status === 'skipped' ? ':fast_forward:' : ':x:';
    const extra = step.error ?? step.note;
    return `${mark} ${escapeMrkdwn(step.title)}${extra ? ` — ${escapeMrkdwn(extra)}` : ''}`;
  });
  const head = event.outcome === 'done' ? 'Done.' : '*Not fully done.* Check the steps below and IAM.';
  return modal('Remediation', [section(`${head}\n${lines.join('\n')}`)]);
}
