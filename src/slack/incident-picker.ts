import type { KnownBlock } from '@slack/types';
import type { Incident } from '../incident/incident.js';
import type { SlackMessage } from './gateway.js';
import { escapeMrkdwn, truncate } from './mrkdwn.js';

/**
 * The ephemeral incident picker: slash commands cannot be typed in threads, so when a command names no incident
 * and the channel does not have exactly one open, the person picks one here; choosing runs what they asked. The
 * request itself waits in the store under `token` (block ids carry only the token). Pure.
 */
export const PICKER_ACTION_ID = 'incident.pick';
export const PICKER_BLOCK_PREFIX = 'incident-pick:';
/** Slack caps a static select at 100 options; more open incidents than that need `inc=`. */
const MAX_OPTIONS = 100;

export function incidentPicker(prompt: string, open: readonly Incident[], token: string): SlackMessage {
  const options = open.slice(0, MAX_OPTIONS).map((incident) => ({
    text: {
      type: 'plain_text' as const,
      text: truncate(`${incident.id} · SEV${incident.severity} · ${incident.title}`, 75),
      emoji: false,
    },
    value: incident.id,
  }));
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      block_id: `${PICKER_BLOCK_PREFIX}${token}`,
      text: { type: 'mrkdwn', text: truncate(escapeMrkdwn(prompt), 3000), verbatim: true },
      accessory: {
        type: 'static_select',
        action_id: PICKER_ACTION_ID,
        placeholder: { type: 'plain_text', text: 'Pick an incident' },
        options,
      },
    },
  ];
  if (open.length > MAX_OPTIONS)
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Showing ${MAX_OPTIONS} of ${open.length}; add \`inc=<id>\` for the others.`,
        },
      ],
    });
  return { text: escapeMrkdwn(prompt), blocks };
}

export const pickerToken = (blockId: string | undefined): string | undefined =>
  blockId?.startsWith(PICKER_BLOCK_PREFIX) ? blockId.slice(PICKER_BLOCK_PREFIX.length) : undefined;
