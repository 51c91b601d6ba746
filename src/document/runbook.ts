import { parse } from 'yaml';
import { z } from 'zod';
import { FirebreakError } from '../errors.js';
import type { Incident } from '../incident/incident.js';

/**
 * A runbook is markdown written by people in runbooks/, with YAML front matter saying when it applies:
 *
 *   applies_to:
 *     alarm_name_patterns: ["*RootAccountUsage*"]   # glob: * any run, ? one character; case-insensitive
 *     resource_kinds: [InstanceId]                  # the incident's resource kinds (CloudWatch dimension names)
 *     event_names: [StopLogging]                    # CloudTrail event names flagged by a query
 *
 * A runbook applies when any one of them matches. Parsing and matching are pure; loading is in runbooks.ts.
 */

export interface RunbookAppliesTo {
  alarmNamePatterns: string[];
  resourceKinds: string[];
  eventNames: string[];
}

export interface Runbook {
  /** The file name without `.md`. */
  id: string;
  /** The file name inside runbooks/, used for links. */
  file: string;
  title: string;
  summary?: string;
  appliesTo: RunbookAppliesTo;
}

const names = z.array(z.string().min(1)).default([]);

const FrontMatter = z.object({
  title: z.string().min(1),
  summary: z.string().optional(),
  applies_to: z
    .object({ alarm_name_patterns: names, resource_kinds: names, event_names: names })
    .strict()
    .refine(
      (value) =>
        value.alarm_name_patterns.length + value.resource_kinds.length + value.event_names.length > 0,
      'applies_to names nothing: add alarm_name_patterns, resource_kinds or event_names',
    ),
});

const FENCE = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/** Throws RUNBOOK_INVALID with the file name and what is wrong, so a bad runbook fails its test, not a report. */
export function parseRunbook(file: string, text: string): Runbook {
  const fail = (why: string): never => {
    throw new FirebreakError('RUNBOOK_INVALID', `${file}: ${why}`);
  };
  const block = FENCE.exec(text)?.[1];
  if (block === undefined) return fail('no YAML front matter (a first line of ---, then a closing ---)');
  let data: unknown;
  try {
    data = parse(block);
  } catch (error) {
    return fail(`front matter is not YAML: ${(error as Error).message}`);
  }
  const result = FrontMatter.safeParse(data);
  if (!result.success) {
    return fail(
      result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; '),
    );
  }
  const { title, summary, applies_to: applies } = result.data;
  return {
    id: file.replace(/\.md$/, ''),
    file,
    title,
    ...(summary !== undefined && { summary }),
    appliesTo: {
      alarmNamePatterns: applies.alarm_name_patterns,
      resourceKinds: applies.resource_kinds,
      eventNames: applies.event_names,
    },
  };
}

/** A glob as a case-insensitive whole-name regex: `*` any run, `?` one character, everything else literal. */
export function globRegExp(pattern: string): RegExp {
  const source = [...pattern]
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'is');
}

export interface RunbookMatch {
  runbook: Runbook;
  /** Why it applies, for the report: "alarm CIS-3.3-RootAccountUsage matches *RootAccount*". */
  reasons: string[];
}

/** What else is known about the incident beyond the record itself (timeline alarm names, flagged events). */
export interface MatchContext {
  alarmNames?: readonly string[];
  eventNames?: readonly string[];
  resourceKinds?: readonly string[];
}

/** The alarm name inside an alarm key ("account/region/alarm name"; the name itself may hold a slash). */
const alarmOfKey = (key: string | undefined): string | undefined =>
  key?.split('/').slice(2).join('/') || undefined;

/** The runbooks that apply to the incident, most reasons first, then by id, each with why. */
export function runbooksFor(
  incident: Incident,
  runbooks: readonly Runbook[],
  context: MatchContext = {},
): RunbookMatch[] {
  const alarmNames = new Set(
    [
      incident.alarm?.name,
      alarmOfKey(incident.alarmKey),
      ...incident.resources.filter((ref) => ref.kind === 'AlarmName').map((ref) => ref.id),
      ...(context.alarmNames ?? []),
    ].filter((name): name is string => name !== undefined && name !== ''),
  );
  const kinds = new Set(
    [...incident.resources.map((ref) => ref.kind), ...(context.resourceKinds ?? [])].map(lower),
  );
  const events = new Set((context.eventNames ?? []).map(lower));

  const matches: RunbookMatch[] = [];
  for (const runbook of runbooks) {
    const reasons: string[] = [];
    for (const pattern of runbook.appliesTo.alarmNamePatterns) {
      const regex = globRegExp(pattern);
      for (const name of alarmNames) if (regex.test(name)) reasons.push(`alarm ${name} matches ${pattern}`);
    }
    for (const kind of runbook.appliesTo.resourceKinds) {
      if (kinds.has(lower(kind))) reasons.push(`resource kind ${kind}`);
    }
    for (const event of runbook.appliesTo.eventNames) {
      if (events.has(lower(event))) reasons.push(`CloudTrail event ${event}`);
    }
    if (reasons.length > 0) matches.push({ runbook, reasons });
  }
  return matches.sort(
    (a, b) => b.reasons.length - a.reasons.length || a.runbook.id.localeCompare(b.runbook.id),
  );
}

const lower = (value: string): string => value.toLowerCase();
