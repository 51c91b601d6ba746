import type {
  ActionsBlockElement,
  Button,
  ContextBlock,
  KnownBlock,
  MrkdwnElement,
  PlainTextElement,
  SectionBlock,
} from '@slack/types';
import { isAccountId, isInstanceId, isRegionName } from '../aws/target.js';
import { escapeAndTruncate, escapeMrkdwn, formatUtc, mrkdwnCode, toDate, truncate } from '../slack/mrkdwn.js';
import type { Finding } from './findings.js';
import { type CloudTrailRecord, principalOf } from './record.js';

/**
 * CloudTrail results as Block Kit. Pure: everything is passed in.
 *
 * Every CloudTrail value is attacker-influenced: a user agent, a role session name or a request parameter can
 * hold `<!channel>`, a disguised `<https://evil|console>` link, backticks or line breaks. Each value goes through
 * mrkdwnCode (escaped, no backtick or newline can leave its span) and is cut to a budget here, not by the caller,
 * because Slack refuses the whole message for one field over its limit.
 */

export const TRAIL_ACTION_IDS = {
  more: 'investigate.more',
  /** Followed by `:<n>`: one button per principal, and action ids must be unique in a message. */
  revoke: 'investigate.revoke',
  /** Followed by `:<instance id>`. */
  isolate: 'investigate.isolate',
} as const;

/** Events shown per message: about 10 sections keep a message readable and far inside 50 blocks. */
export const EVENTS_PER_PAGE = 10;
const MAX_CONTAIN_BUTTONS = 3;
const SUMMARY_TOP = 5;

const MAX = {
  value: 120,
  principal: 200,
  userAgent: 120,
  resources: 300,
  reason: 400,
  section: 3000,
  field: 1900,
  context: 2900,
  query: 600,
  fallback: 300,
  buttonValue: 2000,
} as const;

export interface EvidenceSummary {
  name: string;
  sha256: string;
  bytes: number;
}

/** One search's result, as shown: the records newest first, and the findings over them. */
export interface TrailResultView {
  /** Short id the "Show more" button carries; the result itself stays on the server. */
  resultId: string;
  /** The query as canonical text (describeTrailQuery). */
  query: string;
  regions: readonly string[];
  records: readonly CloudTrailRecord[];
  findings: readonly Finding[];
  /** Matching events found (a lower bound when truncated). */
  matched: number;
  truncated: boolean;
  limit?: number;
  /** Contain buttons need an incident to hang the action on. */
  incidentId?: string;
  /** The first page is in and the search goes on. */
  partial?: boolean;
  evidence?: readonly EvidenceSummary[];
  /** The evidence files could not be written: the answer says so instead of staying silent. */
  evidenceFailed?: boolean;
}

export interface SlackBlocksMessage {
  text: string;
  blocks: KnownBlock[];
}

const mrkdwn = (text: string): MrkdwnElement => ({ type: 'mrkdwn', text, verbatim: true });
const plain = (text: string): PlainTextElement => ({
  type: 'plain_text',
  text: truncate(text, 75),
  emoji: false,
});

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const obj = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

const SEVERITY_MARK: Record<Finding['severity'], string> = {
  critical: ':red_circle: CRITICAL',
  high: ':large_orange_circle: HIGH',
  medium: ':large_yellow_circle: MEDIUM',
  low: ':white_circle: LOW',
};

/** "2026-11-26 08:05:43 UTC", or the raw value (escaped) when it is not a time. */
function timeText(value: unknown): string {
  const date = typeof value === 'string' ? toDate(value) : undefined;
  return date ? formatUtc(date) : escapeAndTruncate(String(value ?? 'unknown time'), 40);
}

/** The time in a code span; a value that is not a time is shown as it came, inside its own safe span. */
function timeCode(value: unknown): string {
  const date = typeof value === 'string' ? toDate(value) : undefined;
  return date ? `\`${formatUtc(date)}\`` : mrkdwnCode(String(value ?? 'unknown time'), 40);
}

/** The order events are shown in: flagged first (most severe, then newest), then the rest newest first. */
export function relevanceOrder(records: readonly CloudTrailRecord[], findings: readonly Finding[]): number[] {
  const order: number[] = [];
  const seen = new Set<number>();
  for (const finding of findings) {
    if (finding.index < 0 || finding.index >= records.length || seen.has(finding.index)) continue;
    seen.add(finding.index);
    order.push(finding.index);
  }
  for (let i = 0; i < records.length; i += 1) if (!seen.has(i)) order.push(i);
  return order;
}

function findingsByIndex(findings: readonly Finding[]): Map<number, Finding[]> {
  const map = new Map<number, Finding[]>();
  for (const finding of findings) map.set(finding.index, [...(map.get(finding.index) ?? []), finding]);
  return map;
}

function resourcesOf(record: CloudTrailRecord): string[] {
  const resources = Array.isArray(record.resources) ? record.resources : [];
  return resources.flatMap((resource) => {
    const found = obj(resource);
    const name = text(found?.ARN) ?? text(found?.type);
    return name ? [name] : [];
  });
}

function sourceIpOf(record: CloudTrailRecord): string | undefined {
  return text(record.sourceIPAddress);
}

/** One event: the flags on it, then when, what, who, from where, and what it touched. */
export function eventSection(
  record: CloudTrailRecord,
  flags: readonly Finding[],
  blockId?: string,
): SectionBlock {
  const lines: string[] = [];
  for (const flag of flags.slice(0, 3)) {
    lines.push(
      `${SEVERITY_MARK[flag.severity]} · *${escapeAndTruncate(flag.title, 120)}* — ${escapeAndTruncate(flag.reason, MAX.reason)}`,
    );
  }
  if (flags.length > 3) lines.push(`…and ${flags.length - 3} more findings`);
  const source = text(record.eventSource);
  lines.push(
    `${timeCode(record.eventTime)} *${escapeAndTruncate(text(record.eventName) ?? 'unknown event', MAX.value)}*` +
      (source ? ` · ${escapeAndTruncate(source, MAX.value)}` : ''),
  );
  const where: string[] = [`by ${mrkdwnCode(principalOf(record), MAX.principal)}`];
  const ip = sourceIpOf(record);
  if (ip) where.push(`from ${mrkdwnCode(ip, MAX.value)}`);
  const region = text(record.awsRegion);
  if (region) where.push(`in ${mrkdwnCode(region, 40)}`);
  lines.push(where.join(' · '));
  const error = text(record.errorCode);
  if (error) {
    const message = text(record.errorMessage);
    lines.push(
      `:no_entry: error ${mrkdwnCode(error, MAX.value)}${message ? ` ${mrkdwnCode(message, 200)}` : ''}`,
    );
  }
  const resources = resourcesOf(record);
  if (resources.length > 0) lines.push(`on ${mrkdwnCode(resources.join(', '), MAX.resources)}`);
  const agent = text(record.userAgent);
  if (agent) lines.push(`agent ${mrkdwnCode(agent, MAX.userAgent)}`);
  return {
    type: 'section',
    ...(blockId ? { block_id: blockId } : {}),
    text: mrkdwn(truncate(lines.join('\n'), MAX.section)),
  };
}

/** Most frequent values first, with counts: "`ConsoleLogin` ×3". */
function top(values: readonly (string | undefined)[], limit = SUMMARY_TOP): string {
  const counts = new Map<string, number>();
  for (const value of values) if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
  if (counts.size === 0) return '_none_';
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const lines = sorted.slice(0, limit).map(([value, count]) => `${mrkdwnCode(value, MAX.value)} ×${count}`);
  if (sorted.length > limit) lines.push(`…and ${sorted.length - limit} more`);
  return truncate(lines.join('\n'), MAX.field);
}

function timeSpan(records: readonly CloudTrailRecord[]): string {
  const times = records
    .map((record) => (typeof record.eventTime === 'string' ? toDate(record.eventTime) : undefined))
    .filter((date): date is Date => date !== undefined)
    .map((date) => date.getTime());
  if (times.length === 0) return '_no events_';
  const first = new Date(Math.min(...times));
  const last = new Date(Math.max(...times));
  return `${formatUtc(first)}\nto ${formatUtc(last)}`;
}

function regionsText(regions: readonly string[]): string {
  return regions.length ? regions.map((region) => escapeAndTruncate(region, 40)).join(', ') : 'none';
}

function headline(view: TrailResultView): string {
  const count = view.truncated
    ? `${view.records.length} of at least ${view.matched} events`
    : `${view.matched} event${view.matched === 1 ? '' : 's'}`;
  const flaggedRecords = new Set(view.findings.map((f) => f.index)).size;
  const flagged = flaggedRecords ? ` · :rotating_light: ${flaggedRecords} flagged` : '';
  const state = view.partial ? ':hourglass_flowing_sand: *First results — still searching…*\n' : '';
  return truncate(
    `${state}:mag: *CloudTrail: ${count}*${flagged}\n` +
      `Query ${mrkdwnCode(view.query, MAX.query)}\nRegions searched: ${regionsText(view.regions)}` +
      (view.truncated
        ? `\n:warning: Stopped at the limit${view.limit ? ` of ${view.limit}` : ''}; narrow the query or raise \`limit=\` to see the rest.`
        : ''),
    MAX.section,
  );
}

function severityCounts(view: TrailResultView): string | undefined {
  if (view.findings.length === 0) return undefined;
  const counts = new Map<string, number>();
  for (const finding of view.findings) counts.set(finding.severity, (counts.get(finding.severity) ?? 0) + 1);
  const parts = (['critical', 'high', 'medium', 'low'] as const)
    .filter((severity) => counts.has(severity))
    .map((severity) => `${counts.get(severity)} ${severity}`);
  return `:rotating_light: Findings: ${parts.join(', ')}`;
}

function summaryBlock(view: TrailResultView): SectionBlock {
  const records = view.records;
  const field = (label: string, value: string) => mrkdwn(truncate(`*${label}*\n${value}`, MAX.field));
  return {
    type: 'section',
    block_id: 'trail-summary',
    fields: [
      field('Time span (UTC)', timeSpan(records)),
      field('Top events', top(records.map((r) => text(r.eventName)))),
      field('Principals', top(records.map((r) => principalOf(r)))),
      field('Source IPs', top(records.map(sourceIpOf))),
      field('Error codes', top(records.map((r) => text(r.errorCode)))),
    ],
  };
}

/** "Showing 1–10 of 240" with the Show more button, and the evidence line. */
function footer(view: TrailResultView, from: number, to: number): KnownBlock[] {
  const total = view.records.length;
  const elements: MrkdwnElement[] = [
    mrkdwn(
      total === 0
        ? 'No events matched.'
        : `Showing ${from + 1}–${to} of ${total} (flagged first, then newest)`,
    ),
  ];
  if (view.evidence?.length) {
    elements.push(
      mrkdwn(
        truncate(
          `Evidence: ${view.evidence
            .map(
              (file) =>
                `${escapeAndTruncate(file.name, 80)} (${file.bytes} bytes, sha256 \`${file.sha256}\`)`,
            )
            .join(' · ')}`,
          MAX.context,
        ),
      ),
    );
  }
  if (view.evidenceFailed) {
    elements.push(
      mrkdwn(
        ':warning: The evidence files could not be written (see the bot’s log): this result is not kept on disk.',
      ),
    );
  }
  const blocks: KnownBlock[] = [
    { type: 'context', block_id: `trail-footer-${from}`, elements } satisfies ContextBlock,
  ];
  if (to < total && !view.partial) {
    blocks.push({
      type: 'actions',
      block_id: `trail-more-${from}`,
      elements: [
        {
          type: 'button',
          action_id: TRAIL_ACTION_IDS.more,
          text: plain(`Show ${Math.min(EVENTS_PER_PAGE, total - to)} more`),
          value: moreValue(view.resultId, to),
        },
      ],
    });
  }
  return blocks;
}

export const moreValue = (resultId: string, offset: number): string => `${resultId}|${offset}`;

export function parseMoreValue(value: string): { resultId: string; offset: number } | undefined {
  const bar = value.lastIndexOf('|');
  if (bar <= 0) return undefined;
  const offset = Number(value.slice(bar + 1));
  if (!Number.isInteger(offset) || offset < 0) return undefined;
  return { resultId: value.slice(0, bar), offset };
}

/** What a contain button acts on: found in the results, checked for shape, never trusted beyond that. */
export interface ContainTarget {
  kind: 'revoke' | 'isolate';
  resourceId: string;
  region?: string;
  account?: string;
  label: string;
}

/** The IAM user or role behind a record, as a revoke target; root and AWS services are left out. */
function principalTarget(record: CloudTrailRecord): ContainTarget | undefined {
  const identity = obj(record.userIdentity);
  const type = text(identity?.type);
  const account = text(identity?.accountId);
  const region = text(record.awsRegion);
  if (type === 'IAMUser') {
    const arn = text(identity?.arn);
    const name = text(identity?.userName);
    if (!arn || !/^arn:aws[a-z-]*:iam::\d{12}:user\/[\w+=,.@/-]{1,512}$/.test(arn)) return undefined;
    return { kind: 'revoke', resourceId: arn, region, account, label: name ?? arn };
  }
  if (type === 'AssumedRole') {
    const issuer = obj(obj(identity?.sessionContext)?.sessionIssuer);
    const arn = text(issuer?.arn);
    const name = text(issuer?.userName);
    if (!arn || !/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/.test(arn)) return undefined;
    // Service-linked and Identity Center roles are refused or explained by the revoke flow itself.
    return { kind: 'revoke', resourceId: arn, region, account, label: `role ${name ?? arn}` };
  }
  return undefined;
}

/** Instances a record names: its resources, EC2 request parameters, or an instance role's session name. */
export function instanceIdsOf(record: CloudTrailRecord): string[] {
  const found = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === 'string' && isInstanceId(value)) found.add(value);
  };
  for (const name of resourcesOf(record)) add(/(?:^|instance\/)(i-[0-9a-z]{8,17})$/.exec(name)?.[1]);
  const params = obj(record.requestParameters);
  add(params?.instanceId);
  const set = obj(params?.instancesSet)?.items;
  if (Array.isArray(set)) for (const item of set.slice(0, 20)) add(obj(item)?.instanceId);
  // An instance profile's session is named after the instance: its credentials were used from somewhere.
  const identity = obj(record.userIdentity);
  if (text(identity?.type) === 'AssumedRole')
    add(/\/(i-[0-9a-z]{8,17})$/.exec(text(identity?.arn) ?? '')?.[1]);
  return [...found];
}

/** Distinct principals and instances, flagged records first, a few of each. */
export function containTargets(
  records: readonly CloudTrailRecord[],
  order: readonly number[],
): ContainTarget[] {
  const principals = new Map<string, ContainTarget>();
  const instances = new Map<string, ContainTarget>();
  for (const i of order) {
    const record = records[i];
    if (!record) continue;
    const principal = principalTarget(record);
    if (principal && !principals.has(principal.resourceId) && principals.size < MAX_CONTAIN_BUTTONS)
      principals.set(principal.resourceId, principal);
    for (const id of instanceIdsOf(record)) {
      if (instances.has(id) || instances.size >= MAX_CONTAIN_BUTTONS) continue;
      const account = text(record.recipientAccountId);
      instances.set(id, {
        kind: 'isolate',
        resourceId: id,
        region: text(record.awsRegion),
        account,
        label: id,
      });
    }
    if (principals.size >= MAX_CONTAIN_BUTTONS && instances.size >= MAX_CONTAIN_BUTTONS) break;
  }
  return [...principals.values(), ...instances.values()];
}

/** Button value: "<incident>|<region>|<account>|<resource>": ids only, each checked again when clicked. */
export function containValue(incidentId: string, target: ContainTarget): string {
  const region = target.region && isRegionName(target.region) ? target.region : '';
  const account = target.account && isAccountId(target.account) ? target.account : '';
  return `${incidentId}|${region}|${account}|${target.resourceId}`;
}

export function parseContainValue(
  value: string,
): { incidentId: string; region?: string; account?: string; resourceId: string } | undefined {
  const [incidentId = '', region = '', account = '', ...rest] = value.split('|');
  const resourceId = rest.join('|');
  if (!incidentId || !resourceId) return undefined;
  return {
    incidentId,
    resourceId,
    ...(region && isRegionName(region) ? { region } : {}),
    ...(account && isAccountId(account) ? { account } : {}),
  };
}

function containButtons(view: TrailResultView, order: readonly number[]): Button[] {
  if (!view.incidentId || view.partial) return [];
  const incidentId = view.incidentId;
  return containTargets(view.records, order).flatMap((target, n): Button[] => {
    const value = containValue(incidentId, target);
    if (value.length > MAX.buttonValue) return [];
    const isolate = target.kind === 'isolate';
    return [
      {
        type: 'button',
        action_id: isolate
          ? `${TRAIL_ACTION_IDS.isolate}:${target.resourceId}`
          : `${TRAIL_ACTION_IDS.revoke}:${n}`,
        text: plain(`${isolate ? 'Isolate' : 'Revoke'} ${target.label}`),
        ...(isolate ? { style: 'danger' as const } : {}),
        value,
      },
    ];
  });
}

function eventBlocks(
  view: TrailResultView,
  order: readonly number[],
  from: number,
  to: number,
): KnownBlock[] {
  const flags = findingsByIndex(view.findings);
  const blocks: KnownBlock[] = [];
  for (let n = from; n < to; n += 1) {
    const index = order[n]!;
    blocks.push(eventSection(view.records[index]!, flags.get(index) ?? [], `trail-event-${n}`));
  }
  return blocks;
}

function fallbackText(view: TrailResultView): string {
  const flagged = new Set(view.findings.map((f) => f.index)).size;
  return truncate(
    `CloudTrail: ${view.matched} events${view.truncated ? ' (limit reached)' : ''}, ${flagged} flagged, for ${escapeMrkdwn(view.query)} in ${view.regions.map(escapeMrkdwn).join(', ')}`,
    MAX.fallback,
  );
}

/** The answer in the thread: summary, the most relevant events, "showing N of M", more and contain buttons. */
export function trailResultMessage(view: TrailResultView, pageSize = EVENTS_PER_PAGE): SlackBlocksMessage {
  const order = relevanceOrder(view.records, view.findings);
  const to = Math.min(pageSize, order.length);
  const blocks: KnownBlock[] = [
    { type: 'section', block_id: 'trail-headline', text: mrkdwn(headline(view)) },
  ];
  if (view.records.length > 0) blocks.push(summaryBlock(view));
  const severities = severityCounts(view);
  if (severities)
    blocks.push({ type: 'context', block_id: 'trail-findings', elements: [mrkdwn(severities)] });
  if (to > 0) blocks.push({ type: 'divider' });
  blocks.push(...eventBlocks(view, order, 0, to));
  blocks.push(...footer(view, 0, to));
  const buttons: ActionsBlockElement[] = containButtons(view, order);
  if (buttons.length > 0) blocks.push({ type: 'actions', block_id: 'trail-contain', elements: buttons });
  return { text: fallbackText(view), blocks };
}

/** The next page, for the person who pressed "Show more". */
export function trailMoreMessage(
  view: TrailResultView,
  offset: number,
  pageSize = EVENTS_PER_PAGE,
): SlackBlocksMessage {
  const order = relevanceOrder(view.records, view.findings);
  const from = Math.min(Math.max(0, offset), order.length);
  const to = Math.min(from + pageSize, order.length);
  const blocks: KnownBlock[] = [
    {
      type: 'context',
      block_id: 'trail-more-head',
      elements: [
        mrkdwn(
          truncate(
            `:mag: ${mrkdwnCode(view.query, MAX.query)} · regions searched: ${regionsText(view.regions)}`,
            MAX.context,
          ),
        ),
      ],
    },
    ...eventBlocks(view, order, from, to),
    ...footer(view, from, to),
  ];
  return { text: truncate(`CloudTrail events ${from + 1}–${to} of ${order.length}`, MAX.fallback), blocks };
}

/** The ack while the search runs: what is searched, where, and that results follow. */
export function searchingMessage(
  query: string,
  regions: readonly string[],
  where: string,
): SlackBlocksMessage {
  const line = truncate(
    `:mag: Searching CloudTrail for ${mrkdwnCode(query, MAX.query)} in ${regionsText(regions)}… results will follow ${escapeMrkdwn(where)}.`,
    MAX.section,
  );
  return { text: line, blocks: [{ type: 'section', text: mrkdwn(line) }] };
}

/** For a CIS alarm: who set it off, from the newest matching record. */
export function triggeredByLine(record: CloudTrailRecord, controlTitle: string): string {
  const ip = sourceIpOf(record);
  return truncate(
    `:bust_in_silhouette: *${escapeAndTruncate(controlTitle, 150)}*: triggered by ${mrkdwnCode(principalOf(record), MAX.principal)} ` +
      `(${mrkdwnCode(text(record.eventName) ?? 'unknown event', MAX.value)} at ${timeText(record.eventTime)}` +
      `${ip ? ` from ${mrkdwnCode(ip, MAX.value)}` : ''})`,
    MAX.section,
  );
}
