import type { App, MessageShortcut } from '@slack/bolt';
import { userMessage } from '../../errors.js';
import type { IncidentStore } from '../../incident/store.js';
import type { Logger } from '../../log.js';
import type { SlackGateway } from '../gateway.js';
import { incidentPicker } from '../incident-picker.js';
import type { PendingPick, PendingPicks } from '../pending-picks.js';
import type { WorkTracker } from '../work-tracker.js';

export const ADD_TO_TIMELINE_CALLBACK = 'add_to_timeline';
const TEXT_MAX = 3000;

type Note = Extract<PendingPick, { kind: 'note' }>['note'];

/** Slack's message ts ("1795680345.000200") as an ISO time; an odd one is kept as it came. */
export function tsToIso(ts: string): string {
  const seconds = Number(ts);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(Math.floor(seconds * 1000)).toISOString() : ts;
}

/**
 * The "Add to timeline" message shortcut: copies a message (text, author, time, permalink) into the timeline of
 * the incident whose thread it is in (the card's ts is the thread's ts), else asks which incident with a picker.
 */
export function registerShortcuts(
  app: App,
  deps: {
    store: IncidentStore;
    slack: SlackGateway;
    permalink(channel: string, ts: string): Promise<string | undefined>;
    picks: PendingPicks;
    addNote(incidentId: string, note: Note, actor: string): Promise<void>;
    work: WorkTracker;
    logger: Logger;
  },
): void {
  app.shortcut<MessageShortcut>(
    { callback_id: ADD_TO_TIMELINE_CALLBACK, type: 'message_action' },
    async ({ ack, shortcut }) => {
      await ack();
      const reply = (text: string) => deps.slack.respond(shortcut.response_url, { text });
      await deps.work.run(async () => {
        try {
          const { message, channel } = shortcut;
          const threadTs = typeof message.thread_ts === 'string' ? message.thread_ts : message.ts;
          const open = await deps.store.listOpen();
          const here = open.find(
            (incident) => incident.channel === channel.id && incident.cardTs === threadTs,
          );
          const permalink = await deps.permalink(channel.id, message.ts).catch(() => undefined);
          const text = (message.text ?? '').slice(0, TEXT_MAX);
          const author =
            message.user ?? (typeof message.bot_id === 'string' ? `bot ${message.bot_id}` : 'unknown');
          const note: Note = {
            text: text === '' ? '(a message without text)' : text,
            author,
            postedAt: tsToIso(message.ts),
            ...(permalink !== undefined && { permalink }),
          };
          if (here) {
            await deps.addNote(here.id, note, shortcut.user.id);
            await reply(`Added to ${here.id}'s timeline.`);
            return;
          }
          if (open.length === 0) {
            await reply('There is no open incident to add this message to. `/ir declare <title>` opens one.');
            return;
          }
          const token = await deps.picks.save({
            kind: 'note',
            note,
            userId: shortcut.user.id,
            channelId: channel.id,
          });
          await deps.slack.respond(
            shortcut.response_url,
            incidentPicker(
              'This message is not in an incident thread. Add it to which incident?',
              open,
              token,
            ),
          );
        } catch (error) {
          deps.logger.warn({ err: error, user: shortcut.user.id }, 'add to timeline failed');
          await reply(userMessage(error)).catch(() => {});
        }
      });
    },
  );
}
