import { FirebreakError } from '../src/errors.js';
import type { CommandContext, SlashCommand } from './command.js';

async function setFrozen(context: CommandContext, frozen: boolean): Promise<void> {
  if (!context.isAdmin(context.userId)) {
    throw new FirebreakError(
      'NOT_AN_ADMIN',
      `Only admins (FIREBREAK_ADMINS) may ${frozen ? 'freeze' : 'unfreeze'} containment.`,
    );
  }
  const open = await context.store.listOpen();
  const here = open.find((incident) => incident.channel === context.channelId);
  await context.containment.setFrozen(frozen, context.userId, here?.id);
  await context.reply({
    text: frozen
      ? ':octagonal_sign: Containment is frozen: no AWS change will be made until `unfreeze`. Previews and dry runs still work.'
      : ':arrow_forward: Containment is unfrozen.',
    inChannel: true,
  });
}

export const freezeCommand: SlashCommand = {
  name: 'freeze',
  usage: '',
  summary: 'Kill switch (admins): block every AWS change Firebreak would make.',
  examples: ['freeze'],
  options: [],
  validate: (args) => (args.positional.length > 0 ? `unexpected \`${args.positional[0]}\`` : undefined),
  run: (context) => setFrozen(context, true),
};

export const unfreezeCommand: SlashCommand = {
  name: 'unfreeze',
  usage: '',
  summary: 'Lift the kill switch (admins).',
  examples: ['unfreeze'],
  options: [],
  validate: (args) => (args.positional.length > 0 ? `unexpected \`${args.positional[0]}\`` : undefined),
  run: (context) => setFrozen(context, false),
};
