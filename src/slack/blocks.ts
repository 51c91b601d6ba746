import type { KnownBlock, ModalView, PlainTextElement } from '@slack/types';
import { truncate } from './mrkdwn.js';

/**
 * The Block Kit pieces every phase's builders use, with Slack's limits applied once here. Pure. Callers escape
 * what they put in mrkdwn (src/slack/mrkdwn.ts); plain text is never parsed by Slack, so it needs no escaping.
 */

/** Button labels and option texts allow 75 characters; titles 24; most other plain texts 150. */
export const plainText = (text: string, max = 150): PlainTextElement => ({
  type: 'plain_text',
  text: truncate(text, max),
  emoji: true,
});

export const mrkdwnSection = (text: string): KnownBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncate(text, 3000) },
});

export const contextLine = (text: string): KnownBlock => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: truncate(text, 3000) }],
});

/** A modal without a submit button: a preview, a result, a loading view. */
export function infoModal(title: string, blocks: KnownBlock[], privateMetadata = ''): ModalView {
  return {
    type: 'modal',
    title: plainText(title, 24),
    close: plainText('Close'),
    blocks,
    private_metadata: privateMetadata,
  };
}
