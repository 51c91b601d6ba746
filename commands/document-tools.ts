import type { ModalView } from '@slack/types';
import type { ReportService } from '../src/document/reports.js';
import { FirebreakError } from '../src/errors.js';
import type { RecordEvent } from '../src/incident/audit.js';
import { findIncidentForCommand } from '../src/incident/find.js';
import type { Incident, Resolution } from '../src/incident/incident.js';
import type { RemediationService } from '../src/remediate/service.js';
import type { FileUpload } from '../src/slack/gateway.js';
import type { CommandContext } from './command.js';

/**
 * What the remediate and document subcommands use beyond the shared context. Optional on the context so the
 * older subcommands (and their tests) need not know of it; the listener always provides it.
 */
export interface DocumentCommandTools {
  record: RecordEvent;
  reports: ReportService;
  remediation: RemediationService;
  uploadFile(upload: FileUpload): Promise<{ fileId: string }>;
  refreshCard(incidentId: string): void;
  /** Closes the incident, then writes and shares the report. */
  closeAndReport(request: {
    incidentId: string;
    resolution: Resolution;
    actor: string;
    summary?: string;
    impact?: string;
  }): Promise<{ incident: Incident; report?: string; problem?: string }>;
  /** Replies with the ephemeral picker; choosing an incident re-runs `name` with these args and `inc=`. */
  offerPicker(request: {
    name: string;
    args: CommandContext['args'];
    prompt: string;
    open: Incident[];
    userId: string;
    channelId: string;
    reply: CommandContext['reply'];
  }): Promise<void>;
  modals: {
    close(incident: Incident, resolution?: Resolution): ModalView;
    remediation(incidentId: string): Promise<ModalView>;
  };
}

export function toolsOf(context: CommandContext): DocumentCommandTools {
  if (!context.document)
    throw new FirebreakError('NOT_WIRED', 'This subcommand is not available in this build.');
  return context.document;
}

/**
 * `inc=<id>`, else the channel's single open incident, else the picker (and undefined: the command resumes when
 * someone picks). With no open incident at all there is nothing to pick, so the error stands.
 */
export async function incidentOrPicker(context: CommandContext, name: string): Promise<Incident | undefined> {
  try {
    return await findIncidentForCommand(context.store, {
      inc: context.args.options.inc,
      channelId: context.channelId,
    });
  } catch (error) {
    const pickable =
      error instanceof FirebreakError &&
      (error.code === 'NO_INCIDENT_HERE' || error.code === 'AMBIGUOUS_INCIDENT');
    if (!pickable || !context.document) throw error;
    const open = await context.store.listOpen();
    if (open.length === 0) throw error;
    const prompt =
      error.code === 'AMBIGUOUS_INCIDENT'
        ? `This channel has ${open.filter((i) => i.channel === context.channelId).length} open incidents. Which one is \`${name}\` for?`
        : `Which incident is \`${name}\` for?`;
    await context.document.offerPicker({
      name,
      args: context.args,
      prompt,
      open,
      userId: context.userId,
      channelId: context.channelId,
      reply: context.reply,
    });
    return undefined;
  }
}

/** Closing freezes the timeline: notes, follow-ups and status changes after it are refused, and say why. */
export function assertTimelineOpen(incident: Incident): void {
  if (incident.status === 'closed')
    throw new FirebreakError(
      'TIMELINE_FROZEN',
      `${incident.id} is closed; its timeline is frozen. Edit the report file, or declare a new incident.`,
    );
}
