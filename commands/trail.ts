import { FirebreakError } from '../src/errors.js';
import { findIncidentForCommand } from '../src/incident/find.js';
import type { Incident } from '../src/incident/incident.js';
import { planLookups } from '../src/investigate/plan.js';
import {
  describeTrailQuery,
  parseTime,
  parseTrailQuery,
  TRAIL_EXAMPLES,
  TRAIL_OPTIONS,
  TRAIL_USAGE,
} from '../src/investigate/query.js';
import { searchingMessage } from '../src/investigate/result-blocks.js';
import { escapeMrkdwn } from '../src/slack/mrkdwn.js';
import type { ParsedArgs } from './args.js';
import type { CommandContext, SlashCommand } from './command.js';

/**
 * `/ir trail …`: search CloudTrail. Thin: the grammar is src/investigate/query.ts, the work the investigator's.
 *
 * `validate` runs in the ack, without a clock: it checks the syntax of every option with a fixed "now" and
 * leaves the checks that depend on the real time (90 days back, an empty range) and on settings (the limit cap,
 * the region) to `run`, which parses again with the real now and answers a problem with the usage line.
 */

const USAGE = TRAIL_USAGE.replace(/^\/ir trail\s*/, '');
const SYNTAX_NOW = new Date(Date.UTC(2000, 0, 1));
const NO_CAP = Number.MAX_SAFE_INTEGER;

function withoutTimes(args: ParsedArgs): ParsedArgs {
  const options = { ...args.options };
  // A well-formed time passes here, replaced by one that is in range for SYNTAX_NOW; whether the real one is in
  // range is for `run`, which knows what time it is.
  const stand = { since: '2h', until: '1h' } as const;
  for (const key of ['since', 'until'] as const) {
    const value = options[key];
    if (value !== undefined && parseTime(value.trim(), SYNTAX_NOW) !== undefined) options[key] = stand[key];
  }
  return { positional: args.positional, options };
}

function examplesText(): string {
  return `search CloudTrail from Slack; for example ${TRAIL_EXAMPLES.slice(0, 4)
    .map((example) => `\`${example}\``)
    .join(', ')}`;
}

/** `inc=`, else the channel's single open incident, else none: a query without an incident answers ephemerally. */
async function incidentFor(context: CommandContext): Promise<Incident | undefined> {
  try {
    return await findIncidentForCommand(context.store, {
      inc: context.args.options.inc,
      channelId: context.channelId,
    });
  } catch (error) {
    if (
      context.args.options.inc === undefined &&
      error instanceof FirebreakError &&
      (error.code === 'NO_INCIDENT_HERE' || error.code === 'AMBIGUOUS_INCIDENT')
    )
      return undefined;
    throw error;
  }
}

export const trailCommand: SlashCommand = {
  name: 'trail',
  usage: USAGE,
  summary: 'Search CloudTrail (who did what, from where, with which key); suspicious events are flagged.',
  examples: TRAIL_EXAMPLES.slice(0, 3).map((example) => example.replace(/^\/ir /, '')),
  options: TRAIL_OPTIONS,
  validate(args) {
    if (args.positional.length === 0 && Object.keys(args.options).length === 0) return examplesText();
    const parsed = parseTrailQuery(withoutTimes(args), SYNTAX_NOW, {
      region: 'us-east-1',
      defaultLimit: 1,
      limitCap: NO_CAP,
      defaultSince: '1h',
    });
    return parsed.ok ? undefined : parsed.problem;
  },
  async run(context) {
    const investigator = context.investigator;
    if (!investigator) {
      throw new FirebreakError('TRAIL_UNAVAILABLE', 'CloudTrail search is not set up on this Firebreak.');
    }
    const incident = await incidentFor(context);
    const parsed = parseTrailQuery(context.args, context.now(), {
      region: incident?.region ?? investigator.settings.defaultRegion ?? context.defaultRegion,
      defaultLimit: investigator.settings.defaultLimit,
      limitCap: investigator.settings.limitCap,
    });
    if (!parsed.ok) {
      const problem = parsed.problem.charAt(0).toUpperCase() + parsed.problem.slice(1);
      await context.reply({
        text: `${escapeMrkdwn(problem)}.\n${escapeMrkdwn(`Usage: \`${context.command} trail ${USAGE}\``)}`,
      });
      return;
    }
    const { query } = parsed;
    const where = incident
      ? `in ${incident.id}'s thread`
      : 'here, visible only to you (no open incident in this channel)';
    await context.reply(searchingMessage(describeTrailQuery(query), planLookups(query).regions, where));
    await investigator.search({ query, incident, userId: context.userId, respond: context.reply });
  },
};
