import type { ActionRecord } from '../contain/action.js';
import { ACTION_RECORD_KIND } from '../contain/action.js';
import type { RecordEvent } from '../incident/audit.js';
import type { Incident } from '../incident/incident.js';
import type { IncidentStore } from '../incident/store.js';
import type { Logger } from '../log.js';
import type { FileUpload } from '../slack/gateway.js';
import { escapeMrkdwn } from '../slack/mrkdwn.js';
import { renderReport } from './report.js';
import { commitReport } from './report-git.js';
import { reportInputFrom } from './report-input.js';
import { reportRelativePath } from './report-path.js';
import { writeReport } from './report-writer.js';
import type { Runbook } from './runbook.js';

/**
 * The document phase's service: gathers what the store holds, renders (pure), writes the file (atomic, inside
 * runbooks/incidents, keeping people's sections), optionally commits it, records it on the timeline and shares
 * it in the incident's thread. Used at close and by `/ir report`.
 */
export interface ReportService {
  generate(incidentId: string, actor: string): Promise<GeneratedReport>;
}

export interface GeneratedReport {
  relativePath: string;
  draft: boolean;
  commit?: string;
  /** Set when git was asked for and failed: the file is written, the commit is not. */
  gitProblem?: string;
  shared: boolean;
}

export function createReportService(deps: {
  store: IncidentStore;
  record: RecordEvent;
  uploadFile(upload: FileUpload): Promise<{ fileId: string }>;
  permalink(channel: string, ts: string): Promise<string | undefined>;
  loadRunbooks(): Promise<Runbook[]>;
  runbooksDir: string;
  git: boolean;
  drillMode: boolean;
  now: () => Date;
  logger: Logger;
}): ReportService {
  async function runbooks(): Promise<Runbook[]> {
    try {
      return await deps.loadRunbooks();
    } catch (error) {
      deps.logger.warn({ err: error }, 'could not load the runbooks; the report lists none');
      return [];
    }
  }

  async function threadUrl(incident: Incident): Promise<string | undefined> {
    if (!incident.cardTs) return undefined;
    return deps.permalink(incident.channel, incident.cardTs).catch((error: unknown) => {
      deps.logger.warn({ err: error, incident: incident.id }, 'could not get the thread permalink');
      return undefined;
    });
  }

  async function render(
    incidentId: string,
    actor: string,
  ): Promise<Omit<GeneratedReport, 'shared'> & { markdown: string; incident: Incident }> {
    const stored = await deps.store.get(incidentId);
    if (!stored) throw new Error(`incident ${incidentId} vanished`);
    const drill = deps.drillMode || stored.drill === true;
    const incident: Incident = drill ? { ...stored, drill: true } : stored;
    const [timeline, actions, books, slackThreadUrl] = await Promise.all([
      deps.store.timeline(incidentId),
      deps.store.listRecords<ActionRecord>(ACTION_RECORD_KIND),
      runbooks(),
      threadUrl(incident),
    ]);
    const markdown = renderReport(
      reportInputFrom({
        incident,
        timeline,
        actions,
        runbooks: books,
        now: deps.now(),
        ...(slackThreadUrl !== undefined && { slackThreadUrl }),
      }),
    );
    const written = await writeReport({
      runbooksDir: deps.runbooksDir,
      relativePath: reportRelativePath(incident, drill),
      incidentId,
      markdown,
    });
    const draft = incident.status !== 'closed';
    let commit: string | undefined;
    let gitProblem: string | undefined;
    if (deps.git) {
      try {
        commit = await commitReport({
          runbooksDir: deps.runbooksDir,
          file: written.relativePath,
          incidentId,
          draft,
        });
      } catch (error) {
        gitProblem = error instanceof Error ? error.message : String(error);
        deps.logger.warn({ err: error, incident: incidentId }, 'report written but not committed');
      }
    }
    await deps.record(incidentId, {
      type: 'report-written',
      at: deps.now().toISOString(),
      actor,
      file: written.relativePath,
      draft,
      ...(commit !== undefined && { commit }),
    });
    return {
      relativePath: written.relativePath,
      draft,
      markdown: written.markdown,
      incident,
      ...(commit !== undefined && { commit }),
      ...(gitProblem !== undefined && { gitProblem }),
    };
  }

  return {
    async generate(incidentId, actor) {
      // One writer per report: a close and a `/ir report` at the same moment would otherwise race on the merge.
      const result = await deps.store.withLock(
        `report:${incidentId}`,
        { leaseMs: 60_000, waitMs: 30_000 },
        () => render(incidentId, actor),
      );
      const { incident, markdown, ...rest } = result;
      let shared = false;
      try {
        await deps.uploadFile({
          channel: incident.channel,
          ...(incident.cardTs && { threadTs: incident.cardTs }),
          filename: result.relativePath.split('/').at(-1)!,
          title: `${incident.id} ${result.draft ? 'draft report' : 'post-incident report'}`,
          content: markdown,
          initialComment: shareComment(incident, result),
        });
        shared = true;
      } catch (error) {
        deps.logger.warn({ err: error, incident: incidentId }, 'report written but not shared in Slack');
      }
      return { ...rest, shared };
    },
  };
}

/** The short summary posted with the file. Titles are escaped; the path is ours. */
export function shareComment(
  incident: Pick<Incident, 'id' | 'title' | 'status' | 'resolution'>,
  report: Pick<GeneratedReport, 'relativePath' | 'draft' | 'commit' | 'gitProblem'>,
): string {
  const what = report.draft
    ? `:memo: Draft report for *${escapeMrkdwn(incident.id)}* (${escapeMrkdwn(incident.status)}); run \`/ir report\` again to refresh it.`
    : `:closed_book: Post-incident report for *${escapeMrkdwn(incident.id)}*, closed as ${escapeMrkdwn(incident.resolution ?? 'closed')}.`;
  const lines = [
    what,
    `*${escapeMrkdwn(incident.title)}*`,
    `Written to \`${escapeMrkdwn(report.relativePath)}\` in the runbooks folder. Edit the lessons learned in the file; regenerating keeps them.`,
  ];
  if (report.commit) lines.push(`Committed as \`${report.commit.slice(0, 12)}\` (not pushed).`);
  if (report.gitProblem) lines.push(`:warning: ${escapeMrkdwn(report.gitProblem)}`);
  return lines.join('\n');
}
