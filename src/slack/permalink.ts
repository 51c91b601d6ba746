import type { SlackCallQueue } from './gateway.js';

/** chat.getPermalink through the scheduler: the link to a message (the card, for a report's "Slack thread"). */
export function createPermalinks(
  queue: SlackCallQueue,
): (channel: string, ts: string) => Promise<string | undefined> {
  return async (channel, ts) => {
    const result = (await queue.call(
      'chat.getPermalink',
      { channel, message_ts: ts },
      { priority: 'normal' },
    )) as { permalink?: unknown };
    return typeof result?.permalink === 'string' ? result.permalink : undefined;
  };
}
