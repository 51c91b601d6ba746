import type { SlashCommand } from './command.js';
import { assertTimelineOpen, incidentOrPicker, toolsOf } from './document-tools.js';

export const NOTE_MAX = 3000;

/** `/ir note [inc=<id>] <text>`: a note on the incident's timeline (and so in its report). */
export const noteCommand: SlashCommand = {
  name: 'note',
  usage: '[inc=<id>] <text>',
  summary: 'Add a note to an incident’s timeline.',
  examples: ['note inc=INC-12 rotated the deploy key by hand', 'note customer support informed'],
  options: ['inc'],
  validate(args) {
    const text = args.positional.join(' ').trim();
    if (text === '') return 'the note is empty';
    if (text.length > NOTE_MAX) return `the note is ${text.length} characters; keep it under ${NOTE_MAX}`;
    return undefined;
  },
  async run(context) {
    const tools = toolsOf(context);
    const incident = await incidentOrPicker(context, 'note');
    if (!incident) return;
    assertTimelineOpen(incident);
    await tools.record(incident.id, {
      type: 'note',
      at: context.now().toISOString(),
      actor: context.userId,
      text: context.args.positional.join(' ').trim(),
    });
    await context.reply({ text: `Noted on ${incident.id}'s timeline.` });
  },
};
