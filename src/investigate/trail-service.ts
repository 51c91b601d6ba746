import { randomBytes } from 'node:crypto';
import { FirebreakError, userMessage } from '../errors.js';
import type { RecordEvent } from '../incident/audit.js';
import type { Incident } from '../incident/incident.js';
import type { TimelineEvent } from '../incident/timeline.js';
import type { Logger } from '../log.js';
import type { SlackGateway, SlackMessage } from '../slack/gateway.js';
import { escapeMrkdwn, mrkdwnCode } from '../slack/mrkdwn.js';
import { type CisControl, matchesCisControl } from './cis-alarms.js';
import type { TrailLookupResult } from './cloudtrail.js';
import { buildEvidenceFiles, type EvidenceFile, evidenceStamp, parseJsonLines } from './evidence.js';
import type { EvidenceStore } from './evidence-store.js';
import { type Finding, flagSuspicious, toFlaggedTrailEvent } from './findings.js';
import { type IncidentQuery, incidentTrailQuery } from './incident-query.js';
import { planLookups } from './plan.js';
import { describeTrailQuery, type TrailQuery } from './query.js';
import { type CloudTrailRecord, principalOf } from './record.js';
import {
  type SlackBlocksMessage,
  type TrailResultView,
  trailMoreMessage,
  trailResultMessage,
  triggeredByLine,
} from './result-blocks.js';
import type { TrailSearch } from './trail-lookup.js';

/**
 * A CloudTrail search from request to record: plan → lookup (rate-limited, regions in parallel) → findings →
 * answer in Slack → evidence on disk → files in the thread → `investigation` on the timeline.
 *
 * Time to first results: the caller answers "Searching…" at once. When the first page with matches is in and
 * the search is still running `partialDelayMs` later (a big query: at 2 requests per second, 100 pages take
 * 50 s), the results so far are posted in the incident's thread, marked "still searching", and that message is
 * updated in place with the full answer when the search ends. A small query that ends within the delay posts
 * one message only. Ephemeral answers (no incident) cannot be updated in place, so they come once, at the end.
 *
 * "Show more": buttons carry a short result id, `<incident id or no-incident>/<stamp>`. The full result is kept
 * in memory for the last `cacheSize` searches and on disk as the JSON Lines evidence; after a restart (or on
 * another replica sharing EVIDENCE_DIR) it is read back from disk and the findings are computed again (the rules
 * are pure, so they give the same answer). Nothing of the result goes to Redis.
 */

export interface TrailSettings {
  defaultLimit: number;
  limitCap: number;
  defaultRegion?: string;
}

export interface TrailRequest {
  query: TrailQuery;
  /** The incident whose thread gets the answer; without one the answer is ephemeral. */
  incident?: Incident;
  userId: string;
  /** An ephemeral answer to the person who asked (the command's or the click's response_url). */
  respond(message: SlackMessage): Promise<void>;
  /** For an alarm on a CIS CloudTrail metric filter: say who set it off. */
  cis?: CisControl;
}

export interface TrailOutcome {
  resultId: string;
  view: TrailResultView;
  /** The thread message holding the answer, when there is an incident. */
  messageTs?: string;
  evidence: { name: string; sha256: string; bytes: number }[];
  uploaded: boolean;
  triggeredBy?: CloudTrailRecord;
}

export interface Investigator {
  readonly settings: TrailSettings;
  search(request: TrailRequest): Promise<TrailOutcome>;
  /** The next page of a result, for a "Show more" click. */
  more(resultId: string, offset: number): Promise<SlackBlocksMessage>;
}

/** An incident's own question: the query its card's Investigate button asks (incident-query.ts). */
export interface IncidentRequest {
  userId: string;
  respond(message: SlackMessage): Promise<void>;
  /** Hears the chosen query before the search starts (the button's "Searching…" answer). */
  announce?(chosen: IncidentQuery): Promise<void>;
}

export interface IncidentInvestigator extends Investigator {
  /**
   * The obvious query for `incident`, searched and answered in its thread, for a CIS alarm with who triggered it.
   * The card's Investigate button and the automatic trigger query after the card is posted both come here, so
   * both share the rate limit, evidence, timeline and thread answer. Throws NO_REGION when no region is known.
   */
  investigateIncident(incident: Incident, request: IncidentRequest): Promise<TrailOutcome>;
}

export interface TrailServiceDeps {
  search: TrailSearch;
  slack: Pick<SlackGateway, 'post' | 'update' | 'uploadFile'>;
  evidence: EvidenceStore;
  record: RecordEvent;
  /** Reads an incident's timeline, to name the regions of a result read back from disk. */
  timeline?: (incidentId: string) => Promise<TimelineEvent[]>;
  now: () => Date;
  logger: Logger;
  settings: TrailSettings;
  partialDelayMs?: number;
  cacheSize?: number;
}

/** Where results without an incident are kept on disk. */
export const NO_INCIDENT_FOLDER = 'no-incident';
/** A timeline entry stays small: the flagged events beyond this are in the evidence files. */
const MAX_FLAGGED_ON_TIMELINE = 50;
const RESULT_ID = /^([A-Za-z0-9][A-Za-z0-9_-]{0,63})\/(\d{8}T\d{9}Z-[0-9a-f]{6})$/;

interface CachedResult {
  view: TrailResultView;
}

/** The trigger as the timeline keeps it: who, what, when and from where, all as CloudTrail gave them. */
function triggerOf(control: CisControl, record: CloudTrailRecord) {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const sourceIp = text(record.sourceIPAddress);
  return {
    control: control.id,
    principal: principalOf(record),
    eventName: text(record.eventName) ?? 'unknown event',
    eventTime: text(record.eventTime) ?? '',
    ...(sourceIp !== undefined && { sourceIp }),
  };
}

export function createInvestigator(deps: TrailServiceDeps): IncidentInvestigator {
  const cache = new Map<string, CachedResult>();
  const cacheSize = deps.cacheSize ?? 50;
  const partialDelayMs = deps.partialDelayMs ?? 500;

  function remember(resultId: string, view: TrailResultView): void {
    cache.delete(resultId);
    cache.set(resultId, { view });
    while (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
  }

  function viewOf(
    resultId: string,
    query: string,
    found: Pick<TrailLookupResult, 'records' | 'matched' | 'truncated' | 'regions'>,
    findings: Finding[],
    extra: Partial<TrailResultView>,
  ): TrailResultView {
    return {
      resultId,
      query,
      regions: found.regions,
      records: found.records,
      findings,
      matched: found.matched,
      truncated: found.truncated,
      ...extra,
    };
  }

  async function writeEvidence(folder: string, files: EvidenceFile[]): Promise<boolean> {
    try {
      await deps.evidence.write(folder, files);
      return true;
    } catch (error) {
      deps.logger.error({ err: error, folder }, 'could not keep the CloudTrail evidence on disk');
      return false;
    }
  }

  async function upload(incident: Incident, files: EvidenceFile[], query: string): Promise<boolean> {
    try {
      for (const file of files) {
        await deps.slack.uploadFile({
          channel: incident.channel,
          ...(incident.cardTs ? { threadTs: incident.cardTs } : {}),
          filename: file.name,
          title: `CloudTrail ${file.name.endsWith('.csv') ? 'CSV' : 'JSON Lines'} · sha256 ${file.sha256.slice(0, 16)}…`,
          content: file.content,
        });
      }
      return true;
    } catch (error) {
      deps.logger.warn(
        { err: error, incident: incident.id, query },
        'could not attach the CloudTrail evidence to the thread',
      );
      return false;
    }
  }

  const investigator: IncidentInvestigator = {
    settings: deps.settings,

    async search(request) {
      const { query, incident } = request;
      const startedAt = deps.now();
      const folder = incident?.id ?? NO_INCIDENT_FOLDER;
      const stamp = `${evidenceStamp(startedAt)}-${randomBytes(3).toString('hex')}`;
      const resultId = `${folder}/${stamp}`;
      const description = describeTrailQuery(query);
      const plan = planLookups(query);
      const base = { limit: query.limit, ...(incident ? { incidentId: incident.id } : {}) };

      // The partial answer (big queries only), posted in the thread while the search goes on.
      let finished = false;
      let partialPost: Promise<string | undefined> | undefined;
      let partialTimer: NodeJS.Timeout | undefined;
      const onFirstResults = incident
        ? (partial: TrailLookupResult) => {
            partialTimer = setTimeout(() => {
              if (finished) return;
              const view = viewOf(resultId, description, partial, flagSuspicious(partial.records), {
                ...base,
                partial: true,
              });
              partialPost = deps.slack
                .post(incident.channel, trailResultMessage(view), incident.cardTs)
                .then((posted) => posted.ts)
                .catch((error: unknown) => {
                  deps.logger.warn({ err: error, incident: incident.id }, 'could not post the first results');
                  return undefined;
                });
            }, partialDelayMs);
          }
        : undefined;

      let found: TrailLookupResult;
      try {
        found = await deps.search(plan, query, query.account ?? incident?.account, onFirstResults);
      } catch (error) {
        finished = true;
        clearTimeout(partialTimer);
        const failed = `:warning: The CloudTrail search for ${mrkdwnCode(description, 600)} failed. ${userMessage(error)}`;
        const ts = await partialPost;
        if (incident) {
          if (ts) await deps.slack.update(incident.channel, ts, { text: failed }).catch(() => {});
          await deps
            .record(incident.id, {
              type: 'note',
              at: deps.now().toISOString(),
              actor: request.userId,
              text: `CloudTrail search failed (${error instanceof FirebreakError ? error.code : 'INTERNAL'}): ${description}`,
            })
            .catch((recordError: unknown) =>
              deps.logger.warn({ err: recordError }, 'could not record the failed search'),
            );
        }
        throw error;
      } finally {
        finished = true;
        clearTimeout(partialTimer);
      }

      const findings = flagSuspicious(found.records);
      const flaggedBy = found.records.map(() => [] as string[]);
      for (const finding of findings) flaggedBy[finding.index]?.push(finding.ruleId);
      const files = buildEvidenceFiles(stamp, found.records, flaggedBy);
      const kept = await writeEvidence(folder, files);
      const evidence = kept ? files.map(({ name, sha256, bytes }) => ({ name, sha256, bytes })) : [];
      const view = viewOf(resultId, description, found, findings, {
        ...base,
        evidence,
        ...(kept ? {} : { evidenceFailed: true }),
      });
      remember(resultId, view);
      const message = trailResultMessage(view);

      let messageTs: string | undefined;
      let uploaded = false;
      const triggeredBy = request.cis
        ? found.records.find((record) => matchesCisControl(request.cis!, record))
        : undefined;
      if (incident) {
        // The search happened and its evidence is on disk: it goes on the timeline even if Slack fails now.
        let answerError: unknown;
        try {
          const partialTs = await partialPost;
          if (partialTs) {
            await deps.slack.update(incident.channel, partialTs, message);
            messageTs = partialTs;
          } else {
            messageTs = (await deps.slack.post(incident.channel, message, incident.cardTs)).ts;
          }
        } catch (error) {
          answerError = error;
        }
        if (request.cis && !answerError) {
          const line = triggeredBy
            ? triggeredByLine(triggeredBy, request.cis.title)
            : `:grey_question: No event matching *${escapeMrkdwn(request.cis.title)}* was found in the window searched, so who triggered the alarm is unknown.`;
          await deps.slack
            .post(incident.channel, { text: line }, incident.cardTs)
            .catch((error: unknown) =>
              deps.logger.warn(
                { err: error, incident: incident.id },
                'could not say who triggered the alarm',
              ),
            );
        }
        if (kept && found.records.length > 0 && !answerError)
          uploaded = await upload(incident, files, description);
        await deps.record(incident.id, {
          type: 'investigation',
          at: deps.now().toISOString(),
          actor: request.userId,
          query: description,
          regions: [...found.regions],
          eventCount: found.matched,
          truncated: found.truncated,
          flagged: findings
            .slice(0, MAX_FLAGGED_ON_TIMELINE)
            .map((finding) => toFlaggedTrailEvent(found.records[finding.index]!, finding)),
          evidence,
          ...(request.cis && triggeredBy && { trigger: triggerOf(request.cis, triggeredBy) }),
        });
        if (answerError) throw answerError;
      } else {
        await request.respond(message);
      }
      deps.logger.info(
        {
          incident: incident?.id,
          user: request.userId,
          query: description,
          resultId,
          matched: found.matched,
          requests: found.requests,
          throttled: found.throttled,
          regions: found.regions,
          ms: deps.now().getTime() - startedAt.getTime(),
        },
        'CloudTrail search answered',
      );
      return { resultId, view, messageTs, evidence, uploaded, triggeredBy };
    },

    async more(resultId, offset) {
      const cached = cache.get(resultId);
      if (cached) return trailMoreMessage(cached.view, offset);
      const match = RESULT_ID.exec(resultId);
      if (!match) throw new FirebreakError('BAD_RESULT_ID', 'That button does not name a search result.');
      const [, folder = '', stamp = ''] = match;
      const name = `${stamp}-trail.jsonl`;
      const records = parseJsonLines((await deps.evidence.read(folder, name)).toString('utf8'));
      const findings = flagSuspicious(records);
      const timeline: TimelineEvent[] =
        folder === NO_INCIDENT_FOLDER || !deps.timeline ? [] : await deps.timeline(folder).catch(() => []);
      const recorded = timeline.find(
        (event): event is Extract<TimelineEvent, { type: 'investigation' }> =>
          event.type === 'investigation' && event.evidence.some((file) => file.name === name),
      );
      const regions = recorded?.regions ?? [
        ...new Set(records.map((r) => r.awsRegion).filter((r): r is string => typeof r === 'string')),
      ];
      const view: TrailResultView = {
        resultId,
        query: recorded?.query ?? `(read back from ${name})`,
        regions,
        records,
        findings,
        matched: recorded?.eventCount ?? records.length,
        truncated: recorded?.truncated ?? false,
        ...(folder === NO_INCIDENT_FOLDER ? {} : { incidentId: folder }),
      };
      remember(resultId, view);
      return trailMoreMessage(view, offset);
    },

    async investigateIncident(incident, request) {
      const chosen = incidentTrailQuery(incident, deps.now(), {
        region: incident.region ?? deps.settings.defaultRegion,
        defaultLimit: deps.settings.defaultLimit,
      });
      if ('problem' in chosen) throw new FirebreakError('NO_REGION', chosen.problem);
      await request.announce?.(chosen);
      return investigator.search({
        query: chosen.query,
        incident,
        userId: request.userId,
        respond: request.respond,
        ...(chosen.cis ? { cis: chosen.cis } : {}),
      });
    },
  };
  return investigator;
}
