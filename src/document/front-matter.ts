import { stringify } from 'yaml';
import type { Incident } from '../incident/incident.js';
import type { IncidentFacts } from './facts.js';

/**
 * The report's YAML front matter: what tools (a dashboard, a grep over runbooks/incidents/) read without parsing
 * markdown. Keys are always present, null when not reached yet, so every report has the same shape.
 */
export function frontMatter(
  incident: Incident,
  facts: IncidentFacts,
  options: { now: Date; draft: boolean },
): string {
  const { times } = facts;
  const data: Record<string, unknown> = {
    id: incident.id,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    resolution: incident.resolution ?? null,
    alarm_at: times.alarm ?? null,
    received_at: times.received ?? null,
    declared_at: times.declared,
    acknowledged_at: times.acknowledged ?? null,
    contained_at: times.contained ?? null,
    remediated_at: times.remediated ?? null,
    closed_at: times.closed ?? null,
    accounts: facts.accounts,
    regions: facts.regions,
    resources: facts.resources.map((ref) => ({ kind: ref.kind, id: ref.id })),
    responders: facts.responders,
    alarms: facts.alarmNames,
    generated_at: options.now.toISOString(),
    ...(options.draft && { draft: true }),
    ...(incident.drill && { drill: true }),
  };
  return `---\n${yamlText(data)}---`;
}

/**
 * Written by the YAML library, never by hand: a title holding a newline, `---` or `: ` stays one quoted scalar.
 * JSON-style double quotes keep every value on one line, so no line of a value can be read as the closing `---`.
 * YAML 1.1 quoting also quotes "yes", "on" and timestamps, which 1.1 readers (Jekyll, many front-matter parsers)
 * would otherwise turn into booleans and dates.
 */
export function yamlText(data: unknown): string {
  return stringify(data, { version: '1.1', lineWidth: 0, blockQuote: false, doubleQuotedAsJSON: true });
}
