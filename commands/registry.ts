import { escapeMrkdwn } from '../src/slack/mrkdwn.js';
import { parseArgs } from './args.js';
import { closeCommand } from './close.js';
import type { CommandContext, SlashCommand } from './command.js';
import { usageLine } from './command.js';
import { declareCommand } from './declare.js';
import { exportCommand } from './export.js';
import { followupCommand } from './followup.js';
import { freezeCommand, unfreezeCommand } from './freeze.js';
import { helpCommand } from './help.js';
import { isolateCommand } from './isolate.js';
import { noteCommand } from './note.js';
import { remediatedCommand } from './remediated.js';
import { reportCommand } from './report.js';
import { restoreCommand } from './restore.js';
import { revokeCommand } from './revoke.js';
import { statusCommand } from './status.js';
import { trailCommand } from './trail.js';

/** Every `/ir` subcommand, in the order help lists them. One file per subcommand. */
export const COMMANDS: readonly SlashCommand[] = [
  helpCommand(() => COMMANDS),
  statusCommand,
  isolateCommand,
  revokeCommand,
  trailCommand,
  restoreCommand,
  freezeCommand,
  unfreezeCommand,
  declareCommand,
  noteCommand,
  followupCommand,
  remediatedCommand,
  reportCommand,
  exportCommand,
  closeCommand,
];

export type Dispatch =
  /** Answer in the ack itself: help-free problems such as a bad argument, with the usage line. */
  { kind: 'reply'; text: string } | { kind: 'run'; spec: SlashCommand; args: CommandContext['args'] };

/** Pure: decides from the text alone what to do, so bad input is answered within Slack's three seconds. */
export function dispatch(
  command: string,
  text: string,
  commands: readonly SlashCommand[] = COMMANDS,
): Dispatch {
  const [, word = '', rest = ''] = /^(\S*)\s*([\s\S]*)$/.exec(text.trim()) ?? [];
  const name = word || 'help';
  const spec = commands.find((candidate) => candidate.name === name.toLowerCase());
  if (!spec) {
    const names = commands.map((candidate) => candidate.name).join(', ');
    return {
      kind: 'reply',
      text: escapeMrkdwn(
        `Unknown subcommand \`${name}\`. Try one of: ${names}. \`${command} help\` shows examples.`,
      ),
    };
  }
  const parsed = parseArgs(rest, spec.options);
  const problem = parsed.ok ? spec.validate?.(parsed.args) : parsed.problem;
  if (!parsed.ok || problem) {
    const usage = `Usage: \`${usageLine(command, spec)}\``;
    return {
      kind: 'reply',
      text: `${escapeMrkdwn(capitalise(problem ?? 'bad arguments'))}.\n${escapeMrkdwn(usage)}`,
    };
  }
  if (spec.answer) return { kind: 'reply', text: spec.answer(command) };
  return { kind: 'run', spec, args: parsed.args };
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
