import { FirebreakError } from '../src/errors.js';
import { FOLLOW_UP_MAX_CHARS, followUpsFrom, parseFollowUpText } from '../src/remediate/follow-ups.js';
import { escapeMrkdwn } from '../src/slack/mrkdwn.js';
import type { SlashCommand } from './command.js';
import { assertTimelineOpen, incidentOrPicker, toolsOf } from './document-tools.js';

const who = (owner: string | undefined) =>
  owner === undefined
    ? '_no owner_'
    : /^[UW][A-Z0-9]{2,20}$/.test(owner)
      ? `<@${owner}>`
      : escapeMrkdwn(owner);

/**
 * `/ir followup add <text> [@owner]`, `done <n>`, `list`: remediation and hardening work with an owner and a state.
 * They live on the timeline as events and are derived from it, so the card, the list and the report agree.
 */
export const followupCommand: SlashCommand = {
  name: 'followup',
  usage: 'add <text> [@owner] | done <n> | list  [inc=<id>]',
  summary: 'Track follow-ups with an owner: add, mark done, list. They show on the card and in the report.',
  examples: ['followup add rotate the CI deploy key @alice', 'followup done 2', 'followup list inc=INC-12'],
  options: ['inc'],
  validate(args) {
    const [verb, ...rest] = args.positional;
    switch (verb) {
      case 'add': {
        const text = rest.join(' ').trim();
        if (text === '') return '`followup add` needs the follow-up text';
        if (text.length > FOLLOW_UP_MAX_CHARS)
          return `the follow-up is ${text.length} characters; keep it under ${FOLLOW_UP_MAX_CHARS}`;
        return undefined;
      }
      case 'done':
        if (rest.length !== 1 || !/^[1-9]\d{0,3}$/.test(rest[0]!))
          return '`followup done` takes the follow-up number, e.g. `followup done 2`';
        return undefined;
      case 'list':
        return rest.length > 0 ? `unexpected \`${rest[0]}\`` : undefined;
      default:
        return verb === undefined ? 'say `add`, `done` or `list`' : `\`${verb}\` is not add, done or list`;
    }
  },
  async run(context) {
    const tools = toolsOf(context);
    const incident = await incidentOrPicker(context, 'followup');
    if (!incident) return;
    const [verb, ...rest] = context.args.positional;
    const at = context.now().toISOString();
    if (verb === 'list') {
      const items = followUpsFrom(await context.store.timeline(incident.id));
      const lines = items.map(
        (item) =>
          `${item.done ? ':white_check_mark:' : ':white_large_square:'} *${item.number}.* ${escapeMrkdwn(item.text)} — ${who(item.owner)}`,
      );
      await context.reply({
        text:
          items.length === 0
            ? `${incident.id} has no follow-up yet.`
            : `Follow-ups of ${incident.id}:\n${lines.join('\n')}`,
      });
      return;
    }
    assertTimelineOpen(incident);
    if (verb === 'add') {
      const { text, owner } = parseFollowUpText(rest.join(' '));
      await tools.record(incident.id, {
        type: 'followup-added',
        at,
        actor: context.userId,
        text,
        ...(owner !== undefined && { owner }),
      });
      const number = followUpsFrom(await context.store.timeline(incident.id)).length;
      tools.refreshCard(incident.id);
      await context.reply({ text: `Follow-up ${number} added to ${incident.id} (owner: ${who(owner)}).` });
      return;
    }
    const number = Number(rest[0]);
    const item = followUpsFrom(await context.store.timeline(incident.id)).find(
      (candidate) => candidate.number === number,
    );
    if (!item)
      throw new FirebreakError(
        'NO_SUCH_FOLLOWUP',
        `${incident.id} has no follow-up ${number}; \`/ir followup list\` shows them.`,
      );
    if (item.done)
      throw new FirebreakError(
        'FOLLOWUP_ALREADY_DONE',
        `Follow-up ${number} was already marked done by <@${item.doneBy}>.`,
      );
    await tools.record(incident.id, { type: 'followup-done', at, actor: context.userId, number });
    tools.refreshCard(incident.id);
    await context.reply({ text: `Follow-up ${number} of ${incident.id} is done.` });
  },
};
