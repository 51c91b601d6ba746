import type { App } from '@slack/bolt';
import type { CommandContext, SlashCommand } from '../../../commands/command.js';
import { dispatch } from '../../../commands/registry.js';
import { userMessage } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { SlackGateway } from '../gateway.js';
import type { WorkTracker } from '../work-tracker.js';

export type CommandCollaborators = Pick<
  CommandContext,
  | 'store'
  | 'incidents'
  | 'now'
  | 'containment'
  | 'slack'
  | 'isAdmin'
  | 'defaultRegion'
  | 'investigator'
  | 'document'
>;

/**
 * The `/ir` listener is thin: it dispatches on the text (pure), answers a bad argument in the ack itself, and for
 * everything else acks at once and does the work afterwards, replying through response_url.
 */
export function registerCommandListener(
  app: App,
  deps: {
    command: string;
    slack: SlackGateway;
    work: WorkTracker;
    logger: Logger;
    collaborators: CommandCollaborators;
  },
): void {
  app.command(deps.command, async ({ command, ack }) => {
    const decision = dispatch(deps.command, command.text ?? '');
    if (decision.kind === 'reply') {
      await ack({ response_type: 'ephemeral', text: decision.text });
      return;
    }
    await ack();
    const reply: CommandContext['reply'] = (message) => deps.slack.respond(command.response_url, message);
    await deps.work.run(() =>
      runSubcommand(
        decision.spec,
        {
          ...deps.collaborators,
          command: deps.command,
          userId: command.user_id,
          channelId: command.channel_id,
          triggerId: command.trigger_id,
          args: decision.args,
          reply,
        },
        deps.logger,
      ),
    );
  });
}

/**
 * Runs a subcommand after its ack (typed, or chosen in the incident picker): a failure is logged and answered
 * to the person with an actionable message, never a stack trace, never silence.
 */
export async function runSubcommand(
  spec: SlashCommand,
  context: CommandContext,
  logger: Logger,
): Promise<void> {
  try {
    await spec.run?.(context);
  } catch (error) {
    logger.warn({ err: error, subcommand: spec.name, user: context.userId }, 'command failed');
    await context
      .reply({ text: userMessage(error) })
      .catch((replyError: unknown) =>
        logger.error({ err: replyError }, 'could not tell the user that their command failed'),
      );
  }
}
