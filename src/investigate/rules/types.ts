import type { CloudTrailRecord } from '../record.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** Highest first; the order findings are shown in. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 4, high: 3, medium: 2, low: 1 };

/** What a rule says about one record: which record, and why, in one line that names the specifics. */
export interface RuleHit {
  /** Index into the records the rule was given. */
  index: number;
  reason: string;
  /** Overrides the rule's usual severity (an admin port opened to the world, a failed attempt). */
  severity?: Severity;
}

/**
 * A findings rule. Every rule sees the whole result set, because some only make sense across records
 * (bursts, a principal's first source IP); rules about a single record are built with `recordRule`.
 * A rule never throws: every field it reads may be missing or of the wrong type.
 */
export interface Rule {
  /** Stable kebab-case id, kept on the timeline; never rename one. */
  id: string;
  title: string;
  /** The usual severity; a hit may raise or lower it, and `severities` lists every one it can give. */
  severity: Severity;
  severities: readonly Severity[];
  /** One or two sentences for help text: what is matched and why it matters. */
  description: string;
  evaluate(records: readonly CloudTrailRecord[]): RuleHit[];
}

/** A single-record rule's verdict: a reason (and optionally a severity), or undefined for no match. */
export type RecordVerdict = { reason: string; severity?: Severity } | undefined;

export interface RecordRuleSpec {
  id: string;
  title: string;
  severity: Severity;
  /** Other severities `match` may return; the usual one is always included. */
  alsoSeverities?: readonly Severity[];
  description: string;
  match(record: CloudTrailRecord): RecordVerdict;
}

/** Builds a rule that looks at one record at a time. */
export function recordRule(spec: RecordRuleSpec): Rule {
  return {
    id: spec.id,
    title: spec.title,
    severity: spec.severity,
    severities: [spec.severity, ...(spec.alsoSeverities ?? []).filter((s) => s !== spec.severity)],
    description: spec.description,
    evaluate(records) {
      const hits: RuleHit[] = [];
      records.forEach((record, index) => {
        if (typeof record !== 'object' || record === null) return;
        const verdict = spec.match(record);
        if (verdict) hits.push({ index, ...verdict });
      });
      return hits;
    },
  };
}

/** One step down, for a call that was attempted but refused: still worth a look, less urgent than a success. */
export function downgrade(severity: Severity): Severity {
  if (severity === 'critical') return 'high';
  if (severity === 'high') return 'medium';
  return 'low';
}
