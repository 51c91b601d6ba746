import type { ActionRecord } from '../contain/action.js';
import { alarmConsoleUrl, resourceConsoleUrl } from '../detect/alarm-console.js';
import type { Incident, ResourceRef } from '../incident/incident.js';
import type { IncidentFacts } from './facts.js';
import { escapeMarkdownInline, markdownLink } from './markdown.js';
import type { RunbookMatch } from './runbook.js';

export interface LinksInput {
  incident: Incident;
  facts: IncidentFacts;
  actions: readonly ActionRecord[];
  runbooks: readonly RunbookMatch[];
  slackThreadUrl?: string;
  partition: string;
  /** Where the report is written, relative to runbooks/: the runbook links are relative to it. */
  depth: number;
}

/** An action's target is in its own region, which may not be the incident's. */
function regionOf(ref: ResourceRef, input: LinksInput): string | undefined {
  const action = input.actions.find((candidate) => candidate.target.resourceId === ref.id);
  return action?.target.region ?? input.incident.region;
}

/**
 * Links we build ourselves from validated parts: the Slack permalink (https only), console URLs built by
 * alarm-console.ts (ids URL-encoded, region checked), and relative runbook paths. Labels are escaped.
 */
export function linksSection(input: LinksInput): string {
  const out: string[] = [];
  out.push(
    input.slackThreadUrl
      ? `- Slack thread: ${markdownLink(input.slackThreadUrl, 'incident thread')}`
      : '- Slack thread: _not known_',
  );

  const consoles: string[] = [];
  const region = input.incident.region;
  if (region) {
    for (const name of input.facts.alarmNames) {
      const url = alarmConsoleUrl(region, name, input.partition);
      if (url) consoles.push(`  - ${markdownLink(url, `Alarm ${name}`)}`);
    }
  }
  for (const ref of input.facts.resources) {
    const where = regionOf(ref, input);
    const url = where === undefined ? undefined : resourceConsoleUrl(where, ref, input.partition);
    if (url) consoles.push(`  - ${markdownLink(url, `${ref.kind} ${ref.id}`)}`);
    else consoles.push(`  - ${escapeMarkdownInline(`${ref.kind} ${ref.id}`)} (no console page by id)`);
  }
  if (consoles.length > 0) out.push('- AWS console:', ...consoles);

  if (input.runbooks.length === 0) {
    out.push('- Runbooks: _none applies; see runbooks/README.md_');
  } else {
    out.push('- Runbooks:');
    const up = '../'.repeat(input.depth);
    for (const { runbook, reasons } of input.runbooks) {
      out.push(
        `  - ${markdownLink(`${up}${runbook.file}`, runbook.title)} (${escapeMarkdownInline(reasons.join('; '))})`,
      );
    }
  }
  return out.join('\n');
}
