import type { ModalView, PlainTextOption } from '@slack/types';
import { RESOLUTION_LABELS } from '../detect/card.js';
import { type Incident, RESOLUTIONS, type Resolution } from '../incident/incident.js';
import { plainText } from '../slack/blocks.js';
import { truncate } from '../slack/mrkdwn.js';

/**
 * The close modal (card's "Close as…" menu, or `/ir close` without a resolution): the resolution, a summary and the
 * impact, which become the report's Summary and Impact. Pure.
 */
export const CLOSE_MODAL_CALLBACK = 'incident.close.submit';
export const CLOSE_BLOCKS = { resolution: 'resolution', summary: 'summary', impact: 'impact' } as const;
export const TEXT_MAX = 3000;

const plain = (text: string) => plainText(text);
const option = (resolution: Resolution): PlainTextOption => ({
  text: plain(RESOLUTION_LABELS[resolution]),
  value: resolution,
});

export function closeModal(incident: Pick<Incident, 'id' | 'title'>, resolution?: Resolution): ModalView {
  return {
    type: 'modal',
    callback_id: CLOSE_MODAL_CALLBACK,
    private_metadata: incident.id,
    title: plain(truncate(`Close ${incident.id}`, 24)),
    submit: plain('Close and report'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'section',
        text: { type: 'plain_text', text: truncate(`${incident.id}: ${incident.title}`, 300), emoji: false },
      },
      {
        type: 'input',
        block_id: CLOSE_BLOCKS.resolution,
        label: plain('Resolution'),
        element: {
          type: 'static_select',
          action_id: CLOSE_BLOCKS.resolution,
          options: RESOLUTIONS.map(option),
          ...(resolution !== undefined && { initial_option: option(resolution) }),
        },
      },
      {
        type: 'input',
        block_id: CLOSE_BLOCKS.summary,
        optional: true,
        label: plain('Summary'),
        element: {
          type: 'plain_text_input',
          action_id: CLOSE_BLOCKS.summary,
          multiline: true,
          max_length: TEXT_MAX,
        },
        hint: plain('What happened and how it ended. Left empty, the report writes one from the timeline.'),
      },
      {
        type: 'input',
        block_id: CLOSE_BLOCKS.impact,
        optional: true,
        label: plain('Impact'),
        element: {
          type: 'plain_text_input',
          action_id: CLOSE_BLOCKS.impact,
          multiline: true,
          max_length: TEXT_MAX,
        },
        hint: plain('Who and what was affected, for how long, and whether data left the account.'),
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'Closing freezes the timeline and writes the post-incident report into the runbooks folder.',
          },
        ],
      },
    ],
  };
}

type Values = Record<
  string,
  Record<string, { value?: string | null; selected_option?: { value?: string } | null }>
>;

export type CloseSubmission =
  | { ok: true; resolution: Resolution; summary?: string; impact?: string }
  | { ok: false; errors: Record<string, string> };

/** Reads the submitted modal; a missing or forged resolution is answered on the field itself. */
export function parseCloseSubmission(values: Values): CloseSubmission {
  // Block and element share a name (Slack wants action ids unique within the view).
  const chosen = values[CLOSE_BLOCKS.resolution]?.[CLOSE_BLOCKS.resolution]?.selected_option?.value ?? '';
  const resolution = RESOLUTIONS.find((candidate) => candidate === chosen);
  if (!resolution) return { ok: false, errors: { [CLOSE_BLOCKS.resolution]: 'Pick a resolution.' } };
  const text = (block: string) => {
    const value = (values[block]?.[block]?.value ?? '').trim();
    return value === '' ? undefined : value.slice(0, TEXT_MAX);
  };
  const summary = text(CLOSE_BLOCKS.summary);
  const impact = text(CLOSE_BLOCKS.impact);
  return {
    ok: true,
    resolution,
    ...(summary !== undefined && { summary }),
    ...(impact !== undefined && { impact }),
  };
}
