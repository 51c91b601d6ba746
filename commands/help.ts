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
    async run(context) {
      await context.reply({ text: helpText(context.command, registry()) });
    },
  };
}

export function helpText(command: string, commands: readonly SlashCommand[]): string {
  const lines = commands.map((spec) => {
    const examples = spec.examples.map((example) => `\`${command} ${example}\``).join('  ');
    return `• \`${usageLine(command, spec)}\` — ${spec.summary}\n   e.g. ${examples}`;
  });
  return `*Firebreak* — incident response for AWS. Subcommands:\n${lines.join('\n')}`;
}
