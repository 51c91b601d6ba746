import { actorLabel, formatUtc } from './format.js';
import type { InvestigationRecord } from './inputs.js';
import { code, tableCell } from './markdown.js';

const SHA256 = /^[0-9a-f]{64}$/i;

export const NO_QUERY = 'No CloudTrail query was run.';

/**
 * What was queried, what it found, and the evidence files with their hashes. A hash that is not one is shown as
 * text and said to be invalid, because a report that vouches for a wrong hash is worse than one without.
 */
export function investigationSection(investigations: readonly InvestigationRecord[]): string {
  if (investigations.length === 0) return NO_QUERY;
  const out = [
    '| Query | Ran by | At (UTC) | Regions searched | Events | Flagged |',
    '|---|---|---|---|---|---|',
  ];
  for (const run of investigations) {
    const events = `${run.eventCount}${run.truncated ? ' (stopped early: a lower bound)' : ''}`;
    out.push(
      `| ${code(run.query)} | ${actorLabel(run.ranBy)} | ${formatUtc(run.ranAt)} | ${run.regions.map((value) => tableCell(value)).join(', ')} | ${events} | ${run.flagged.length} |`,
    );
  }

  const triggers = investigations.flatMap((run) => (run.trigger ? [run.trigger] : []));
  if (triggers.length > 0) {
    out.push('', '### Who triggered the alarm', '');
    for (const trigger of triggers) {
      const from = trigger.sourceIp ? ` from ${code(trigger.sourceIp)}` : '';
      out.push(
        `- **${tableCell(trigger.control)}**: ${code(trigger.principal)}, ${tableCell(trigger.eventName)} at ${formatUtc(trigger.eventTime)}${from}`,
      );
    }
  }

  const flagged = investigations.flatMap((run) => run.flagged);
  out.push('', '### Flagged events', '');
  if (flagged.length === 0) {
    out.push('No event was flagged.');
  } else {
    out.push(
      '| Rule | Why | Time (UTC) | Principal | Event | Source IP | Region | Event id |',
      '|---|---|---|---|---|---|---|---|',
    );
    for (const event of flagged) {
      const name = event.eventSource
        ? `${tableCell(event.eventName)} (${tableCell(event.eventSource)})`
        : tableCell(event.eventName);
      out.push(
        `| ${tableCell(event.rule)} | ${tableCell(whyFlagged(event))} | ${formatUtc(event.eventTime)} | ${tableCell(event.principal)} | ${name} | ${tableCell(event.sourceIp ?? '')} | ${tableCell(event.region ?? '')} | ${event.eventId ? code(event.eventId) : ''} |`,
      );
    }
  }

  const evidence = investigations.flatMap((run) => run.evidence ?? []);
  out.push('', '### Evidence files', '');
  if (evidence.length === 0) {
    out.push('No evidence file was kept.');
  } else {
    out.push('| File | SHA-256 | Bytes |', '|---|---|---|');
    for (const file of evidence) {
      const hash = SHA256.test(file.sha256)
        ? code(file.sha256.toLowerCase())
        : `${tableCell(file.sha256)} (not a SHA-256)`;
      out.push(`| ${tableCell(file.name)} | ${hash} | ${file.bytes ?? ''} |`);
    }
  }
  return out.join('\n');
}

/** The rule's severity and its one-line reason, when the timeline kept them. */
const whyFlagged = (event: InvestigationRecord['flagged'][number]): string =>
  [event.severity, event.reason].filter(Boolean).join(': ');

/** Event names flagged across all queries: runbooks can apply by CloudTrail event name. */
export const flaggedEventNames = (investigations: readonly InvestigationRecord[]): string[] => [
  ...new Set(investigations.flatMap((run) => run.flagged.map((event) => event.eventName))),
];
