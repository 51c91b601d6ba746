import { containmentSection } from './containment-section.js';
import { type IncidentFacts, incidentFacts } from './facts.js';
import { followUpsSection } from './follow-ups-section.js';
import { actorLabel, between, formatDuration, formatUtc } from './format.js';
import { frontMatter } from './front-matter.js';
import type { ReportInput } from './inputs.js';
import { flaggedEventNames, investigationSection } from './investigation-section.js';
import { keepBlock, placeholder } from './keep.js';
import { lessonsSection } from './lessons.js';
import { linksSection } from './links-section.js';
import { code, escapeMarkdownInline, escapeMarkdownParagraphs } from './markdown.js';
import { phasesChecklist } from './phases-checklist.js';
import { runbooksFor } from './runbook.js';
import { generatedSummary } from './summary.js';
import { timelineTable } from './timeline-table.js';

export type { FollowUp, HumanSections, InvestigationRecord, ReportInput } from './inputs.js';

/** Where reports are written, relative to runbooks/; runbook links are relative to the report's own folder. */
export const reportFolder = (drill: boolean | undefined): string =>
  drill ? 'incidents/drills' : 'incidents';

function keyFacts(input: ReportInput, facts: IncidentFacts): string {
  const { incident } = input;
  const { times } = facts;
  const lines = [
    `- **Severity:** SEV${incident.severity}`,
    `- **Status:** ${escapeMarkdownInline(incident.status)}${incident.resolution ? ` (${escapeMarkdownInline(incident.resolution)})` : ''}`,
  ];
  if (facts.accounts.length > 0)
    lines.push(`- **Accounts:** ${facts.accounts.map((value) => code(value)).join(', ')}`);
  if (facts.regions.length > 0)
    lines.push(`- **Regions:** ${facts.regions.map((value) => escapeMarkdownInline(value)).join(', ')}`);
  lines.push(
    `- **Responders:** ${facts.responders.length > 0 ? facts.responders.map((value) => actorLabel(value)).join(', ') : '_none yet_'}`,
  );
  const spans: [string, string | undefined, string | undefined][] = [
    ['acknowledge', times.declared, times.acknowledged],
    ['contain', times.alarm ?? times.declared, times.contained],
    ['close', times.declared, times.closed],
  ];
  const measured = spans.flatMap(([label, from, to]) => {
    const ms = between(from, to);
    return ms === undefined ? [] : [`${label} ${formatDuration(ms)}`];
  });
  if (measured.length > 0) lines.push(`- **Time to** ${measured.join(' · ')}`);
  return lines.join('\n');
}

function banner(input: ReportInput): string[] {
  const lines: string[] = [];
  if (input.draft) {
    lines.push(
      `> **Draft** generated at ${formatUtc(input.now.toISOString())}. Regenerating it keeps the text under the lessons-learned headings and between \`<!-- keep -->\` markers.`,
    );
  }
  if (input.incident.drill) {
    if (lines.length > 0) lines.push('>');
    lines.push(
      '> **DRILL — simulated account.** This incident was a drill against the simulated AWS account; nothing in production changed.',
    );
  }
  return lines;
}

/**
 * The post-incident report as markdown. Pure and deterministic: the same input gives the same bytes (the golden
 * files depend on it), `now` is the only time it knows, and every value from an alarm, Slack or CloudTrail is
 * escaped on its way in.
 */
export function renderReport(input: ReportInput): string {
  const { incident, timeline, actions } = input;
  const investigations = input.investigations ?? [];
  const followUps = input.followUps ?? [];
  const facts = incidentFacts(incident, timeline, actions);
  const matches = runbooksFor(incident, input.runbooks ?? [], {
    alarmNames: facts.alarmNames,
    eventNames: flaggedEventNames(investigations),
    resourceKinds: facts.resources.map((ref) => ref.kind),
  });
  const human = input.humanSections ?? {};
  const summary =
    human.summary !== undefined && human.summary.trim() !== ''
      ? escapeMarkdownParagraphs(human.summary)
      : generatedSummary({ incident, timeline, actions, facts, investigations, followUps });
  const impact =
    human.impact !== undefined && human.impact.trim() !== ''
      ? escapeMarkdownParagraphs(human.impact)
      : placeholder('who and what was affected, for how long, and whether data left the account.');
  const depth = reportFolder(incident.drill).split('/').length;

  const sections = [
    frontMatter(incident, facts, { now: input.now, draft: input.draft }),
    `# ${escapeMarkdownInline(incident.id)}: ${escapeMarkdownInline(incident.title)}`,
    ...(banner(input).length > 0 ? [banner(input).join('\n')] : []),
    keyFacts(input, facts),
    '## Summary',
    summary,
    '## Impact',
    keepBlock('impact', impact),
    '## Timeline',
    timelineTable(timeline),
    '## Containment actions',
    containmentSection(actions),
    '## Investigation',
    investigationSection(investigations),
    '## Follow-ups',
    followUpsSection(followUps),
    '## Five phases',
    phasesChecklist({ incident, timeline, actions, facts, investigations, followUps, draft: input.draft }),
    lessonsSection(),
    '## Links',
    linksSection({
      incident,
      facts,
      actions,
      runbooks: matches,
      ...(input.slackThreadUrl !== undefined && { slackThreadUrl: input.slackThreadUrl }),
      partition: input.partition ?? 'aws',
      depth,
    }),
  ];
  return `${sections.join('\n\n')}\n`;
}
