import { isAccountId, isRegionName } from '../src/aws/target.js';
import { FirebreakError } from '../src/errors.js';
import { findIncidentForCommand } from '../src/incident/find.js';
import type { Incident } from '../src/incident/incident.js';
import type { CommandContext } from './command.js';

/** Checks `region=` and `account=` without IO, so a typo is answered in the ack. */
export function targetOptionProblem(options: Record<string, string>): string | undefined {
  if (options.region !== undefined && !isRegionName(options.region))
    return '`region=` must be a region such as eu-west-1';
  if (options.account !== undefined && !isAccountId(options.account))
    return '`account=` must be a 12-digit account id';
  return undefined;
}

/**
 * Every action belongs to an incident: `inc=<id>`, else the channel's single open incident, else a new incident
 * for the target, so the action is on a timeline and in a report.
 */
export async function incidentForAction(
  context: CommandContext,
  title: string,
  resource: { kind: string; id: string },
): Promise<Incident> {
  try {
    return await findIncidentForCommand(context.store, {
      inc: context.args.options.inc,
      channelId: context.channelId,
    });
  } catch (error) {
    if (
      !(error instanceof FirebreakError) ||
      (error.code !== 'NO_INCIDENT_HERE' && error.code !== 'AMBIGUOUS_INCIDENT')
    )
      throw error;
    if (error.code === 'AMBIGUOUS_INCIDENT') throw error;
    return context.incidents.declare({
      title,
      severity: 2,
      channel: context.channelId,
      actor: context.userId,
      account: context.args.options.account,
      region: context.args.options.region ?? context.defaultRegion,
      resources: [resource],
    });
  }
}

export function regionFor(context: CommandContext, incident: Incident): string {
  const region = context.args.options.region ?? incident.region ?? context.defaultRegion;
  if (!region) {
    throw new FirebreakError(
      'NO_REGION',
      'Which region? Add `region=` (e.g. `region=eu-west-1`), or set AWS_REGION.',
    );
  }
  return region;
}
