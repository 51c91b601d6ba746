import type { ContainmentService } from '../src/contain/actions.js';
import type { IncidentService } from '../src/incident/service.js';
import type { IncidentStore } from '../src/incident/store.js';
import type { Investigator } from '../src/investigate/trail-service.js';
import type { SlackGateway, SlackMessage } from '../src/slack/gateway.js';
import type { ParsedArgs } from './args.js';
import type { DocumentCommandTools } from './document-tools.js';

/** What a subcommand may use. Collaborators are passed in, as bolt-js passes them to listeners. */
export interface CommandContext {
  command: string;
  userId: string;
  channelId: string;
  args: ParsedArgs;
  store: IncidentStore;
  incidents: IncidentService;
  now: () => Date;
  containment: ContainmentService;
  /** Opens and updates modals; trigger ids live three seconds, so a command opens its modal first. */
  slack: Pick<SlackGateway, 'openView' | 'updateView'>;
  triggerId: string;
  isAdmin(userId: string): boolean;
  /** Where AWS calls go when neither the command nor the incident names a region (AWS_REGION). */
  defaultRegion?: string;
  /** CloudTrail searches (`/ir trail`); absent where the investigate phase is not wired. */
  investigator?: Investigator;
  /** Remediate and document collaborators (records, reports, the incident picker). */
  document?: DocumentCommandTools;
  /** An ephemeral reply to the person who typed the command. */
  reply(message: SlackMessage & { inChannel?: boolean }): Promise<void>;
}

export interface SlashCommand {
  name: string;
  /** The argument part of the usage line, e.g. "<resolution> [inc=<id>] [summary]". */
  usage: string;
  summary: string;
  examples: string[];
  options: readonly string[];
  /** Checks the arguments without IO, so a bad argument is answered in the ack itself. */
  validate?(args: ParsedArgs): string | undefined;
  /** A pure answer, given in the ack itself (no IO): help and the like. */
  answer?(command: string): string;
  /** The work, run after the ack; replies go through response_url. */
  run?(context: CommandContext): Promise<void>;
}

export function usageLine(command: string, spec: Pick<SlashCommand, 'name' | 'usage'>): string {
  return `${command} ${spec.name}${spec.usage ? ` ${spec.usage}` : ''}`;
}
