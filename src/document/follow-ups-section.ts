import { actorLabel, formatUtc } from './format.js';
import type { FollowUp } from './inputs.js';
import { escapeMarkdownInline } from './markdown.js';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A checklist people can tick in the file itself; an unowned item says so, because those are the ones dropped. */
export function followUpsSection(followUps: readonly FollowUp[]): string {
  if (followUps.length === 0) return '_No follow-up was recorded._';
  return followUps
    .map((item) => {
      const owner = item.owner ? `owner ${actorLabel(item.owner)}` : '**no owner**';
      const due = item.due ? `, due ${DATE_ONLY.test(item.due) ? item.due : formatUtc(item.due)}` : '';
      const ticket = item.ticket ? `, ${escapeMarkdownInline(item.ticket)}` : '';
      return `- [${item.done ? 'x' : ' '}] ${escapeMarkdownInline(item.title)} (${owner}${due}${ticket})`;
    })
    .join('\n');
}
