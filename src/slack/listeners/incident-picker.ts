import type { App, BlockStaticSelectAction } from '@slack/bolt';
import type { CommandContext } from '../../../commands/command.js';
import { COMMANDS } from '../../../commands/registry.js';
import { userMessage } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { SlackGateway } from '../gateway.js';
import { PICKER_ACTION_ID, pickerToken } from '../incident-picker.js';
import type { PendingPick, PendingPicks } from '../pending-picks.js';
import type { WorkTracker } from '../work-tracker.js';
import { type CommandCollaborators, runSubcommand } from './commands.js';

/**
 * The incident picker's menu: choosing an incident runs what was waiting for it, as the person who asked, with
 * `inc=<chosen>`: a subcommand (through the same registry and context as `/ir`), or a message shortcut's note.
 */
export function registerIncidentPicker(
  app: App,
  deps: {
    command: string;
    slack: SlackGateway;
    work: WorkTracker;
    logger: Logger;
    collaborators: CommandCollaborators;
    picks: PendingPicks;
    addNote(
      incidentId: string,
      note: Extract<PendingPick, { kind: 'note' }>['note'],
      actor: string,
    ): Promise<void>;
  },
): void {
  app.action<BlockStaticSelectAction>(PICKER_ACTION_ID, async ({ ack, body, action }) => {
    await ack();
    const reply: CommandContext['reply'] = (message) =>
      deps.slack.respond(body.response_url, { ...message, replaceOriginal: true });
    await deps.work.run(async () => {
      try {
        const token = pickerToken(action.block_id);
        const pick = token ? await deps.picks.take(token, body.user.id) : undefined;
        if (!pick) {
          await reply({ text: 'This choice has expired or was already made. Run the command again.' });
          return;
        }
        const incidentId = action.selected_option.value;
        if (pick.kind === 'note') {
          await deps.addNote(incidentId, pick.note, body.user.id);
          await reply({ text: `Added the message to ${incidentId}'s timeline.` });
          return;
        }
        const spec = COMMANDS.find((candidate) => candidate.name === pick.name);
        if (!spec) return;
        await runSubcommand(
          spec,
          {
            ...deps.collaborators,
            command: deps.command,
            userId: body.user.id,
            channelId: pick.channelId,
            triggerId: body.trigger_id,
            args: { positional: pick.args.positional, options: { ...pick.args.options, inc: incidentId } },
            reply,
          },
          deps.logger,
        );
      } catch (error) {
        deps.logger.warn({ err: error, user: body.user.id }, 'picked command failed');
        await reply({ text: userMessage(error) }).catch((replyError: unknown) =>
          deps.logger.error({ err: replyError }, 'could not report a picker failure'),
        );
      }
    });
  });
}
