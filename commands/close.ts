import { findIncidentForCommand } from '../src/incident/find.js';
import { RESOLUTIONS, type Resolution } from '../src/incident/incident.js';
import type { SlashCommand } from './command.js';
import { incidentOrPicker } from './document-tools.js';

const isResolution = (value: string | undefined): value is Resolution =>
  (RESOLUTIONS as readonly string[]).includes(value ?? '');

/**
 * `/ir close <resolution> [inc=<id>] [summary]` closes at once and writes the report. Without a resolution it opens
 * the close modal (resolution, summary, impact), as the card's "Close as…" menu does.
 */
export const closeCommand: SlashCommand = {
  name: 'close',
  usage: `[<${RESOLUTIONS.join('|')}>] [inc=<id>] [summary]`,
  summary:
    'Close an incident (any status may be closed) and write its report; without a resolution, a form asks.',
  examples: ['close resolved inc=INC-12 rolled back the deploy', 'close false-positive', 'close'],
  options: ['inc'],
  validate(args) {
    const [resolution] = args.positional;
    if (resolution !== undefined && !isResolution(resolution))
      return `\`${resolution}\` is not a resolution (one of ${RESOLUTIONS.join(', ')})`;
    return undefined;
  },
  async run(context) {
    const [resolution, ...summaryWords] = context.args.positional;
    if (resolution !== undefined && !isResolution(resolution)) return;
    const incident = context.document
      ? await incidentOrPicker(context, 'close')
      : await findIncidentForCommand(context.store, {
          inc: context.args.options.inc,
          channelId: context.channelId,
        });
    if (!incident) return;
    const summary = summaryWords.join(' ') || undefined;
    if (!context.document) {
      // Without the document phase wired, closing still works; no report is written.
      if (!resolution) return;
      const closed = await context.incidents.close(incident.id, resolution, context.userId, summary);
      await context.reply({ text: `${closed.id} is closed as ${resolution}.` });
      return;
    }
    if (!resolution) {
      await context.slack.openView(context.triggerId, context.document.modals.close(incident));
      return;
    }
    const result = await context.document.closeAndReport({
      incidentId: incident.id,
      resolution,
      actor: context.userId,
      ...(summary !== undefined && { summary }),
    });
    const report = result.report
      ? ` Report: \`${result.report}\` in the runbooks folder, shared in the thread.`
      : ` ${result.problem ?? ''}`;
    await context.reply({ text: `${result.incident.id} is closed as ${resolution}.${report}` });
  },
};
