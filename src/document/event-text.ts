import type { TimelineEvent } from '../incident/timeline.js';
import { between, formatDuration, formatUtc } from './format.js';
import { code, escapeMarkdownInline, markdownLink, tableCell } from './markdown.js';

type ActionEvent = Extract<TimelineEvent, { type: 'action' }>;
type AlarmEvent = Extract<TimelineEvent, { type: 'alarm' }>;

const STAGES: Record<ActionEvent['stage'], string> = {
  previewed: 'previewed',
  'approval-requested': 'approval requested (two-person rule)',
  started: 'started',
  step: 'step',
  finished: 'finished',
  'restore-started': 'restore started',
  restored: 'restore finished',
  'plan-changed': 'plan changed since the preview; a fresh preview was shown instead of acting',
};

/** Reasons are long ("Threshold Crossed: 1 out of the last 1 datapoints [...]"); the table needs the gist. */
const REASON_MAX = 300;

/** One timeline row's "Event" cell: markdown, every outside value escaped, no `|` or line break of our own. */
export function eventText(event: TimelineEvent): string {
  switch (event.type) {
    case 'alarm':
      return alarmText(event, 1, event.at);
    case 'declared':
      return `Incident declared ${event.source === 'alarm' ? 'from the alarm' : 'by hand'}: ${tableCell(event.title)}`;
    case 'acknowledged':
      return 'Acknowledged';
    case 'closed':
      return `Closed as **${escapeMarkdownInline(event.resolution)}**${event.summary ? `: ${tableCell(event.summary)}` : ''}`;
    case 'note':
      return noteText(event);
    case 'followup-added':
      return `Follow-up added: ${tableCell(event.text)}${event.owner ? ` (owner ${tableCell(ownerLabel(event.owner))})` : ''}`;
    case 'followup-done':
      return `Follow-up ${event.number} done`;
    case 'remediation':
      return remediationText(event);
    case 'report-written':
      return `${event.draft ? 'Draft report' : 'Report'} written to ${code(event.file)}${event.commit ? ` (commit ${code(event.commit)})` : ''}`;
    case 'denied':
      return `**Denied:** ${tableCell(event.attempted)} (${tableCell(event.reason)})`;
    case 'card-posted':
      return `Incident card posted in ${code(event.channel)}`;
    case 'status':
      return `Status ${escapeMarkdownInline(event.from)} → **${escapeMarkdownInline(event.to)}**`;
    case 'containment-frozen':
      return event.frozen
        ? 'Containment **frozen** (kill switch on): no mutating AWS call until unfrozen'
        : 'Containment unfrozen';
    case 'action':
      return actionText(event);
    case 'investigation':
      return investigationText(event);
    default:
      return unknownText(event);
  }
}

const OPERATIONS = { 'delete-keys': 'Delete access keys', 'remove-deny': 'Remove deny policy' } as const;

function remediationText(event: Extract<TimelineEvent, { type: 'remediation' }>): string {
  const steps = event.steps.map(
    (step) =>
      `${tableCell(step.title)} ${escapeMarkdownInline(step.status)}${step.error ? ` (${tableCell(step.error)})` : ''}`,
  );
  const requestIds = event.steps.flatMap((step) => step.requestIds);
  const ids = requestIds.length > 0 ? ` (request ${requestIds.map((value) => code(value)).join(', ')})` : '';
  return `${OPERATIONS[event.operation] ?? escapeMarkdownInline(event.operation)} of ${tableCell(event.target)} (${code(event.actionId)}): **${escapeMarkdownInline(event.outcome)}**; ${steps.join('; ')}${ids}`;
}

/** A Slack user id is shown as @U…, anything else (a plain "@name" someone typed) as the text it was. */
const ownerLabel = (owner: string): string => (/^[UW][A-Z0-9]{2,20}$/.test(owner) ? `@${owner}` : owner);

/** Only Slack's own message links (chat.getPermalink) become links; anything else stays text. */
const SLACK_PERMALINK = /^https:\/\/[a-z0-9-]+\.slack\.com\/archives\/[A-Z0-9]+\/p\d+(\?[A-Za-z0-9_.=&-]*)?$/;

function noteText(event: Extract<TimelineEvent, { type: 'note' }>): string {
  if (!event.source) return `Note: ${tableCell(event.text, 1000)}`;
  const { author, postedAt, permalink } = event.source;
  const link = permalink && SLACK_PERMALINK.test(permalink) ? ` ${markdownLink(permalink, 'message')}` : '';
  return `Message from ${tableCell(ownerLabel(author))} at ${formatUtc(postedAt)}${link}: ${tableCell(event.text, 1000)}`;
}

function investigationText(event: Extract<TimelineEvent, { type: 'investigation' }>): string {
  const count = `${event.eventCount}${event.truncated ? '+' : ''} event${event.eventCount === 1 ? '' : 's'}`;
  const flagged = event.flagged.length ? `, ${event.flagged.length} flagged` : '';
  return `CloudTrail query ${code(event.query)} in ${tableCell(event.regions.join(', '))}: ${count}${flagged}`;
}

/**
 * An alarm row; `count` > 1 for a run of re-fires collapsed into one row, `lastAt` the last of them. When
 * CloudWatch's state-change time and our receipt differ by a minute or more, both are shown: delivery lag matters
 * when reading a timeline.
 */
export function alarmText(event: AlarmEvent, count: number, lastAt: string): string {
  const name = `**${escapeMarkdownInline(event.alarmName)}**`;
  const state = escapeMarkdownInline(event.state);
  const head =
    count > 1
      ? `Alarm ${name} ${state} ×${count} from ${formatUtc(event.at)} to ${formatUtc(lastAt)}`
      : `Alarm ${name} → ${state}`;
  const lag = between(event.stateChangedAt, event.at);
  const changed =
    count === 1 && lag !== undefined && Math.abs(lag) >= 60_000
      ? ` (state changed ${formatUtc(event.stateChangedAt)}, received ${formatDuration(lag)} later)`
      : '';
  const stale = event.applied ? '' : ' (arrived out of order: recorded, not applied)';
  return `${head}${changed}${stale}: ${tableCell(event.reason, REASON_MAX)}`;
}

function actionText(event: ActionEvent): string {
  const verb = event.kind.charAt(0).toUpperCase() + event.kind.slice(1);
  const parts = [`${escapeMarkdownInline(verb)} ${tableCell(event.target)}:`];
  if (event.stage === 'step') {
    parts.push(`step ${code(event.stepId ?? '?')} ${escapeMarkdownInline(event.status ?? '')}`);
  } else {
    parts.push(STAGES[event.stage] ?? escapeMarkdownInline(event.stage));
    if (event.status) parts.push(`(**${escapeMarkdownInline(event.status)}**)`);
  }
  if (event.dryRun) parts.push('(dry run)');
  if (event.note) parts.push(`— ${tableCell(event.note)}`);
  if (event.error) parts.push(`— error: ${tableCell(event.error)}`);
  if (event.requestIds && event.requestIds.length > 0) {
    parts.push(`(request ${event.requestIds.map((value) => code(value)).join(', ')})`);
  }
  return parts.join(' ');
}

/** Compile-time exhaustiveness; at run time an event from a newer version is shown by its type. */
function unknownText(event: never): string {
  const type = (event as { type?: unknown }).type;
  return `Event ${tableCell(String(type))}`;
}
