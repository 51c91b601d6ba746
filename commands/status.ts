import { buildIncidentCard } from '../src/detect/card.js';
import { cardButtonsFor } from '../src/detect/card-buttons.js';
import { findIncidentForCommand } from '../src/incident/find.js';
import type { Incident } from '../src/incident/incident.js';
import { escapeMrkdwn } from '../src/slack/mrkdwn.js';
import type { SlashCommand } from './command.js';

export const statusCommand: SlashCommand = {
  name: 'status',
  usage: '[inc=<id>]',
  summary: 'Show the open incidents, or one incident’s card.',
  examples: ['status', 'status inc=INC-12'],
  options: ['inc'],
  validate: (args) => (args.positional.length > 0 ? `unexpected \`${args.positional[0]}\`` : undefined),
  async run(context) {
    if (context.args.options.inc) {
      const incident = await findIncidentForCommand(context.store, {
        inc: context.args.options.inc,
        channelId: context.channelId,
      });
      await context.reply(
        buildIncidentCard(incident, { now: context.now(), buttons: cardButtonsFor(incident) }),
      );
      return;
    }
    const open = await context.store.listOpen();
    await context.reply({ text: openIncidentsText(open) });
  },
};

export function openIncidentsText(open: readonly Incident[]): string {
  if (open.length === 0) return 'No open incidents.';
  const lines = open.map((incident) => {
    const acknowledged = incident.acknowledgedBy ? `, acknowledged by <@${incident.acknowledgedBy}>` : '';
    return `• *${incident.id}* SEV${incident.severity} ${escapeMrkdwn(incident.title)} — ${incident.status}${acknowledged} in <#${incident.channel}>`;
  });
  return `${open.length} open incident${open.length === 1 ? '' : 's'}:\n${lines.join('\n')}`;
}
