import type { TimelineEvent } from '../incident/timeline.js';

export const PHASES = ['detect', 'contain', 'investigate', 'remediate', 'document'] as const;
export type Phase = (typeof PHASES)[number];

/** Denied attempts belong to the phase of what was attempted; the verb of `attempted` names it. */
const ATTEMPT_PHASES: Record<string, Phase> = {
  declare: 'detect',
  ack: 'detect',
  acknowledge: 'detect',
  isolate: 'contain',
  revoke: 'contain',
  freeze: 'contain',
  unfreeze: 'contain',
  trail: 'investigate',
  note: 'investigate',
  restore: 'remediate',
  followup: 'remediate',
  remediate: 'remediate',
  report: 'document',
  close: 'document',
  export: 'document',
};

const STATUS_PHASES = {
  open: 'detect',
  contained: 'contain',
  remediated: 'remediate',
  closed: 'document',
} as const;

/**
 * The phase an event belongs to. The switch is exhaustive, so a new event type cannot compile without someone
 * deciding its phase.
 */
export function phaseOf(event: TimelineEvent): Phase {
  switch (event.type) {
    case 'alarm':
    case 'declared':
    case 'acknowledged':
    case 'card-posted':
      return 'detect';
    case 'containment-frozen':
      return 'contain';
    case 'note':
    case 'investigation':
      return 'investigate';
    case 'status':
      return STATUS_PHASES[event.to];
    case 'closed':
    case 'report-written':
      return 'document';
    case 'followup-added':
    case 'followup-done':
    case 'remediation':
      return 'remediate';
    case 'action':
      // Undoing a containment is remediation; everything before it is containment.
      return event.stage === 'restore-started' || event.stage === 'restored' ? 'remediate' : 'contain';
    case 'denied':
      return attemptPhase(event.attempted);
    default:
      return unknownEvent(event);
  }
}

/** "isolate", "dry-run isolate", "resume isolate i-…", "restore i-…", "status contained", "close"… */
function attemptPhase(attempted: string): Phase {
  const words = attempted.trim().toLowerCase().split(/\s+/);
  const [verb = '', object = ''] = words[0] === 'dry-run' || words[0] === 'resume' ? words.slice(1) : words;
  if (verb === 'status' && Object.hasOwn(STATUS_PHASES, object)) {
    return STATUS_PHASES[object as keyof typeof STATUS_PHASES];
  }
  // Most refusals guard containment (responders only, kill switch), so that is the phase of an unknown verb.
  return Object.hasOwn(ATTEMPT_PHASES, verb) ? ATTEMPT_PHASES[verb]! : 'contain';
}

/** Compile-time exhaustiveness; at run time an event written by a newer version still renders, as detection. */
function unknownEvent(_event: never): Phase {
  return 'detect';
}
