import { escapeMrkdwn } from '../src/slack/mrkdwn.js';
import type { SlashCommand } from './command.js';
import { usageLine } from './command.js';

/** Built from the registry it is given, so help can never list a subcommand that does not exist. */
export function helpCommand(registry: () => readonly SlashCommand[]): SlashCommand {
  return {
    name: 'help',
    usage: '',
    summary: 'List the subcommands with examples.',
    examples: ['help'],
    options: [],
    answer: (command) => helpText(command, registry()),
  };
}

export function helpText(command: string, commands: readonly SlashCommand[]): string {
  const lines = commands.map((spec) => {
    const examples = spec.examples
      .map((example) => `\`${escapeMrkdwn(`${command} ${example}`)}\``)
      .join('  ');
    return `• \`${escapeMrkdwn(usageLine(command, spec))}\` — ${escapeMrkdwn(spec.summary)}\n   e.g. ${examples}`;
  });
  return `*Firebreak* — incident response for AWS. Subcommands:\n${lines.join('\n')}`;
}
