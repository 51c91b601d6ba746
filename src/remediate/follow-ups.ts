import type { TimelineEvent } from '../incident/timeline.js';

/**
 * Follow-ups are not separate state: they are derived from the timeline's `followup-added` and `followup-done`
 * events, so the timeline stays the one record (and the audit log) and a follow-up can never disagree with it.
 * Numbers are the order of addition, from 1: what people type in `/ir followup done <n>`.
 */
export interface FollowUpItem {
  number: number;
  text: string;
  /** A Slack user id (from a `<@U…>` mention), or the plain `@name` someone typed. */
  owner?: string;
  addedBy: string;
  addedAt: string;
  done: boolean;
  doneBy?: string;
  doneAt?: string;
}

export function followUpsFrom(timeline: readonly TimelineEvent[]): FollowUpItem[] {
  const items: FollowUpItem[] = [];
  for (const event of timeline) {
    if (event.type === 'followup-added') {
      items.push({
        number: items.length + 1,
        text: event.text,
        ...(event.owner !== undefined && { owner: event.owner }),
        addedBy: event.actor,
        addedAt: event.at,
        done: false,
      });
    } else if (event.type === 'followup-done') {
      const item = items[event.number - 1];
      // The first completion counts; a repeat (two people at once) changes nothing.
      if (item && !item.done) Object.assign(item, { done: true, doneBy: event.actor, doneAt: event.at });
    }
  }
  return items;
}

/** `<@U123>` or `<@U123|alice>` as Slack escapes a mention; `@alice` as typed when it does not. */
const MENTION = /<@([UW][A-Z0-9]{2,20})(?:\|[^>]*)?>|(?<![\w<])@([a-z0-9][a-z0-9._-]{0,79})/gi;

/**
 * Splits `/ir followup add` text into the follow-up and its owner: the last mention names the owner. A mention at
 * the end is taken out of the text ("rotate the key @bob" → "rotate the key", owner bob); one inside stays.
 */
export function parseFollowUpText(raw: string): { text: string; owner?: string } {
  const text = raw.trim();
  const mentions = [...text.matchAll(MENTION)];
  const last = mentions.at(-1);
  if (!last) return { text };
  const owner = last[1] ?? `@${last[2]}`;
  const end = last.index + last[0].length;
  const rest = end === text.length ? text.slice(0, last.index).trim() : text;
  return { text: rest === '' ? text : rest, owner };
}

export const FOLLOW_UP_MAX_CHARS = 500;
