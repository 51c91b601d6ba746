import { exportFileName, timelineJsonLines } from '../src/document/export.js';
import type { SlashCommand } from './command.js';
import { incidentOrPicker, toolsOf } from './document-tools.js';

/** `/ir export [inc=<id>]`: the incident's timeline (its audit log) as a JSON Lines file in its thread. */
export const exportCommand: SlashCommand = {
  name: 'export',
  usage: '[inc=<id>]',
  summary: 'Share an incident’s timeline as a JSON Lines file in its thread.',
  examples: ['export', 'export inc=INC-12'],
  options: ['inc'],
  validate: (args) => (args.positional.length > 0 ? `unexpected \`${args.positional[0]}\`` : undefined),
  async run(context) {
    const tools = toolsOf(context);
    const incident = await incidentOrPicker(context, 'export');
    if (!incident) return;
    const timeline = await context.store.timeline(incident.id);
    await tools.uploadFile({
      channel: incident.channel,
      ...(incident.cardTs && { threadTs: incident.cardTs }),
      filename: exportFileName(incident.id),
      title: `${incident.id} timeline (${timeline.length} events)`,
      content: timelineJsonLines(incident.id, timeline),
      initialComment: `Timeline of *${incident.id}* exported by <@${context.userId}>: ${timeline.length} events, one JSON object a line.`,
    });
    await context.reply({
      text: `${incident.id}'s timeline (${timeline.length} events) is shared in its thread.`,
    });
  },
};
