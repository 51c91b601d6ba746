import { type ActionRecord, outcomeOf } from '../contain/action.js';
import type { Incident } from '../incident/incident.js';
import type { TimelineEvent } from '../incident/timeline.js';
import { wasExecuted } from './action-state.js';
import type { IncidentFacts } from './facts.js';
import { actorLabel, formatUtc } from './format.js';
import type { FollowUp, InvestigationRecord } from './inputs.js';
import { code, escapeMarkdownInline } from './markdown.js';
import type { Phase } from './phase.js';

export interface ChecklistInput {
  incident: Incident;
  timeline: readonly TimelineEvent[];
  actions: readonly ActionRecord[];
  facts: IncidentFacts;
  investigations: readonly InvestigationRecord[];
  followUps: readonly FollowUp[];
  draft: boolean;
}

interface PhaseLine {
  phase: Phase;
  done: boolean;
  text: string;
}

/** Closing an incident as one of these means containment and remediation were not needed, not skipped. */
const NOTHING_TO_DO = new Set(['false-positive', 'duplicate', 'mitigated']);

function detect({ incident, facts }: ChecklistInput): PhaseLine {
  const declared = formatUtc(facts.times.declared);
  const how = incident.alarm
    ? `Alarm **${escapeMarkdownInline(incident.alarm.name)}** went to ALARM at ${formatUtc(facts.times.alarm)}, received at ${formatUtc(facts.times.received)}; declared at ${declared}`
    : `Declared by hand by ${actorLabel(incident.declaredBy)} at ${declared}`;
  const ack = facts.times.acknowledged
    ? `acknowledged at ${formatUtc(facts.times.acknowledged)}`
    : 'not acknowledged';
  return { phase: 'detect', done: true, text: `${how}; ${ack}.` };
}

function contain({ incident, actions, facts, timeline }: ChecklistInput): PhaseLine {
  const executed = actions.filter(wasExecuted);
  const frozen = timeline.some((event) => event.type === 'containment-frozen' && event.frozen);
  const parts = executed.map(
    (action) =>
      `${escapeMarkdownInline(action.kind)} ${code(action.target.resourceId)}: ${outcomeOf(action.steps)}`,
  );
  if (frozen) parts.push('the kill switch was used');
  const notNeeded = incident.resolution !== undefined && NOTHING_TO_DO.has(incident.resolution);
  if (parts.length === 0) {
    return {
      phase: 'contain',
      done: notNeeded,
      text: notNeeded
        ? `Not needed (closed as ${escapeMarkdownInline(incident.resolution!)}).`
        : 'No containment action was taken.',
    };
  }
  const held = facts.times.contained ? `; contained at ${formatUtc(facts.times.contained)}` : '';
  return {
    phase: 'contain',
    done: facts.times.contained !== undefined || executed.some((a) => outcomeOf(a.steps) === 'contained'),
    text: `${parts.join('; ')}${held}.`,
  };
}

function investigate({ investigations, timeline }: ChecklistInput): PhaseLine {
  const notes = timeline.filter((event) => event.type === 'note').length;
  const noted = notes > 0 ? ` ${notes === 1 ? '1 note' : `${notes} notes`} on the timeline.` : '';
  if (investigations.length === 0) {
    return { phase: 'investigate', done: false, text: `No CloudTrail query was run.${noted}` };
  }
  const flagged = investigations.reduce((sum, run) => sum + run.flagged.length, 0);
  const files = investigations.reduce((sum, run) => sum + (run.evidence?.length ?? 0), 0);
  return {
    phase: 'investigate',
    done: true,
    text: `${investigations.length} CloudTrail ${investigations.length === 1 ? 'query' : 'queries'}, ${flagged} flagged ${flagged === 1 ? 'event' : 'events'}, ${files} evidence ${files === 1 ? 'file' : 'files'}.${noted}`,
  };
}

function remediate({ incident, actions, facts, followUps }: ChecklistInput): PhaseLine {
  const parts: string[] = [];
  if (facts.times.remediated) parts.push(`marked remediated at ${formatUtc(facts.times.remediated)}`);
  const restored = actions.filter((action) => action.restoreSteps.length > 0);
  for (const action of restored) {
    const outcome = outcomeOf(action.restoreSteps);
    parts.push(`${code(action.target.resourceId)} restored${outcome === 'contained' ? '' : ` (${outcome})`}`);
  }
  const open = followUps.filter((item) => !item.done).length;
  if (followUps.length > 0) parts.push(`${followUps.length - open} of ${followUps.length} follow-ups done`);
  const notNeeded = incident.resolution !== undefined && NOTHING_TO_DO.has(incident.resolution);
  if (parts.length === 0 && notNeeded) {
    return {
      phase: 'remediate',
      done: true,
      text: `Not needed (closed as ${escapeMarkdownInline(incident.resolution!)}).`,
    };
  }
  return {
    phase: 'remediate',
    done: facts.times.remediated !== undefined && open === 0,
    text: parts.length === 0 ? 'Nothing recorded yet.' : `${parts.join('; ')}.`,
  };
}

function documentPhase({ draft, facts }: ChecklistInput): PhaseLine {
  return {
    phase: 'document',
    done: !draft,
    text: draft
      ? 'This report is a draft; the lessons learned below are still to be written.'
      : `Final report${facts.times.closed ? ` after closing at ${formatUtc(facts.times.closed)}` : ''}.`,
  };
}

const LABELS: Record<Phase, string> = {
  detect: 'Detect',
  contain: 'Contain',
  investigate: 'Investigate',
  remediate: 'Remediate',
  document: 'Document',
};

/** The five phases as a checklist: a reviewer sees at a glance which one was skipped. */
export function phasesChecklist(input: ChecklistInput): string {
  return [detect, contain, investigate, remediate, documentPhase]
    .map((line) => line(input))
    .map((line) => `- [${line.done ? 'x' : ' '}] **${LABELS[line.phase]}.** ${line.text}`)
    .join('\n');
}
