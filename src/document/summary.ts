import { type ActionRecord, outcomeOf } from '../contain/action.js';
import type { Incident } from '../incident/incident.js';
import type { TimelineEvent } from '../incident/timeline.js';
import { wasExecuted } from './action-state.js';
import type { IncidentFacts } from './facts.js';
import { actorLabel, between, formatDuration, formatUtc } from './format.js';
import type { FollowUp, InvestigationRecord } from './inputs.js';
import { code, escapeMarkdownInline } from './markdown.js';

export interface SummaryInput {
  incident: Incident;
  timeline: readonly TimelineEvent[];
  actions: readonly ActionRecord[];
  facts: IncidentFacts;
  investigations: readonly InvestigationRecord[];
  followUps: readonly FollowUp[];
}

const PAST: Record<string, string> = { isolate: 'isolated', revoke: 'revoked the credentials of' };

/** ", 3 min 12 s after the alarm", or nothing when either time is unknown. */
function since(from: string | undefined, to: string | undefined, what: string): string {
  const ms = between(from, to);
  return ms === undefined ? '' : `, ${formatDuration(ms)} after ${what}`;
}

/**
 * A one-paragraph account generated from the record, for when nobody has written one: what fired, who
 * acknowledged, what was contained and how well, what the queries found, how it ended. Each figure is one a
 * post-incident review asks for (time to acknowledge, to contain, to close).
 */
export function generatedSummary(input: SummaryInput): string {
  const { incident, facts, actions, investigations, followUps } = input;
  const { times } = facts;
  const sentences: string[] = [];

  const where = [
    incident.resources[0] &&
      ` on ${escapeMarkdownInline(incident.resources[0].kind)} ${code(incident.resources[0].id)}`,
    incident.account && ` in account ${code(incident.account)}`,
    incident.region && ` (${escapeMarkdownInline(incident.region)})`,
  ].join('');
  const source = incident.alarm
    ? `from alarm **${escapeMarkdownInline(incident.alarm.name)}**${
        times.alarm ? `, which went to ALARM at ${formatUtc(times.alarm)}` : ''
      }`
    : `by hand by ${actorLabel(incident.declaredBy)}`;
  sentences.push(
    `${escapeMarkdownInline(incident.id)} (SEV${incident.severity}) was declared at ${formatUtc(times.declared)} ${source}${where}.`,
  );

  const fired = input.timeline.filter((event) => event.type === 'alarm' && event.state === 'ALARM').length;
  if (fired > 1) sentences.push(`The alarm fired ${fired} times in all.`);

  if (times.acknowledged) {
    const by = incident.acknowledgedBy
      ? `${actorLabel(incident.acknowledgedBy)} acknowledged it`
      : 'It was acknowledged';
    sentences.push(`${by}${since(times.declared, times.acknowledged, 'it was declared')}.`);
  } else {
    sentences.push(
      incident.status === 'closed' ? 'It was never acknowledged.' : 'It has not been acknowledged yet.',
    );
  }

  const executed = actions.filter(wasExecuted);
  if (executed.length === 0) {
    sentences.push('No containment action was taken.');
  } else {
    const done = executed.map((action) => {
      const verb = PAST[action.kind] ?? escapeMarkdownInline(action.kind);
      const who = action.executedBy ?? action.requestedBy;
      return `${actorLabel(who)} ${verb} ${code(action.target.resourceId)} (${outcomeOf(action.steps)})`;
    });
    sentences.push(`${done.join('; ')}.`);
  }
  if (times.contained) {
    const [what, from] = times.alarm ? ['the alarm', times.alarm] : ['the declaration', times.declared];
    sentences.push(`Containment held at ${formatUtc(times.contained)}${since(from, times.contained, what)}.`);
  }

  if (investigations.length > 0) {
    const flagged = investigations.reduce((sum, run) => sum + run.flagged.length, 0);
    const queries =
      investigations.length === 1 ? '1 CloudTrail query' : `${investigations.length} CloudTrail queries`;
    sentences.push(`${queries} flagged ${flagged === 1 ? '1 event' : `${flagged} events`}.`);
  }

  if (followUps.length > 0) {
    const open = followUps.filter((item) => !item.done).length;
    sentences.push(`${open} of ${followUps.length} follow-ups ${open === 1 ? 'is' : 'are'} still open.`);
  }

  if (incident.status === 'closed') {
    const how = incident.resolution ? ` as ${escapeMarkdownInline(incident.resolution)}` : '';
    const by = incident.closedBy ? ` by ${actorLabel(incident.closedBy)}` : '';
    const lasted = since(times.declared, times.closed, 'it was declared');
    sentences.push(`It was closed${how}${by} at ${formatUtc(times.closed)}${lasted}.`);
  } else {
    sentences.push(`It is still ${escapeMarkdownInline(incident.status)}.`);
  }
  return sentences.join(' ');
}
