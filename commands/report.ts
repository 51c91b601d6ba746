import type { SlashCommand } from './command.js';
import { incidentOrPicker, toolsOf } from './document-tools.js';

/** `/ir report [inc=<id>]`: writes (or regenerates) the report now; on an open incident it is a draft. */
export const reportCommand: SlashCommand = {
  name: 'report',
  usage: '[inc=<id>]',
  summary:
    'Write or refresh the post-incident report in the runbooks folder (a draft while open); keeps people’s edits.',
  examples: ['report', 'report inc=INC-12'],
  options: ['inc'],
  validate: (args) => (args.positional.length > 0 ? `unexpected \`${args.positional[0]}\`` : undefined),
  async run(context) {
    const tools = toolsOf(context);
    const incident = await incidentOrPicker(context, 'report');
    if (!incident) return;
    const report = await tools.reports.generate(incident.id, context.userId);
    const parts = [
      `${report.draft ? 'Draft report' : 'Report'} for ${incident.id} written to \`${report.relativePath}\` in the runbooks folder.`,
      report.shared
        ? 'It is shared in the incident thread.'
        : 'It could not be shared in Slack; the file is written.',
    ];
    if (report.commit) parts.push(`Committed as \`${report.commit.slice(0, 12)}\`.`);
    if (report.gitProblem) parts.push(report.gitProblem);
    await context.reply({ text: parts.join(' ') });
  },
};
