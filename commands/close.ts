import { findIncidentForCommand } from '../src/incident/find.js';
import { RESOLUTIONS, type Resolution } from '../src/incident/incident.js';
import type { SlashCommand } from './command.js';

const isResolution = (value: string | undefined): value is Resolution =>
  (RESOLUTIONS as readonly string[]).includes(value ?? '');

export const closeCommand: SlashCommand = {
  name: 'close',
  usage: `<${RESOLUTIONS.join('|')}> [inc=<id>] [summary]`,
  summary: 'Close an incident with a resolution (any status may be closed).',
  examples: ['close resolved inc=INC-12 rolled back the deploy', 'close false-positive'],
  options: ['inc'],
  validate(args) {
    const [resolution] = args.positional;
    if (!resolution) return 'a resolution is required';
    if (!isResolution(resolution))
      return `\`${resolution}\` is not a resolution (one of ${RESOLUTIONS.join(', ')})`;
    return undefined;
  },
  async run(context) {
    const [resolution, ...summaryWords] = context.args.positional;
    if (!isResolution(resolution)) return;
    const incident = await findIncidentForCommand(context.store, {
      inc: context.args.options.inc,
      channelId: context.channelId,
    });
    const summary = summaryWords.join(' ') || undefined;
    const closed = await context.incidents.close(incident.id, resolution, context.userId, summary);
    await context.reply({ text: `${closed.id} is closed as ${resolution}.` });
  },
};
