import type { Severity } from '../src/incident/incident.js';
import type { SlashCommand } from './command.js';

const TITLE_MAX = 150;

export const parseSeverity = (value: string | undefined): Severity | undefined =>
  value === undefined ? 3 : /^[1-4]$/.test(value) ? (Number(value) as Severity) : undefined;

/** `/ir declare <title> [sev=1..4]`: an incident opened by hand, with no alarm, on the same lifecycle. */
export const declareCommand: SlashCommand = {
  name: 'declare',
  usage: '<title> [sev=1..4]',
  summary: 'Open an incident by hand (no alarm); its card is posted in this channel.',
  examples: ['declare "Access key posted in a public repo" sev=2'],
  options: ['sev'],
  validate(args) {
    const title = args.positional.join(' ').trim();
    if (title === '') return 'a title is required';
    if (title.length > TITLE_MAX)
      return `the title is ${title.length} characters; keep it under ${TITLE_MAX}`;
    if (parseSeverity(args.options.sev) === undefined)
      return '`sev=` must be 1, 2, 3 or 4 (1 is the most severe)';
    return undefined;
  },
  async run(context) {
    const severity = parseSeverity(context.args.options.sev);
    if (severity === undefined) return;
    const incident = await context.incidents.declare({
      title: context.args.positional.join(' ').trim(),
      severity,
      channel: context.channelId,
      actor: context.userId,
      ...(context.defaultRegion !== undefined && { region: context.defaultRegion }),
    });
    await context.reply({
      text: `${incident.id} is declared (SEV${severity}); its card is being posted in this channel. Use \`inc=${incident.id}\` with other subcommands.`,
    });
  },
};
