import { readFileSync } from 'node:fs';
import { type CloudTrailRecord, parseCloudTrailEvent } from '../../../src/investigate/record.js';
import type { Rule, Severity } from '../../../src/investigate/rules/types.js';

const FIXTURES = new URL('../../fixtures/cloudtrail/', import.meta.url);

/**
 * The records of a fixture (a CloudTrail log file, `{"Records": [...]}`), each passed through the same parser
 * LookupEvents' `CloudTrailEvent` strings go through.
 */
export function load(name: string): CloudTrailRecord[] {
  const file = JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as { Records: unknown[] };
  return file.Records.map((raw) => {
    const record = parseCloudTrailEvent(JSON.stringify(raw));
    if (!record) throw new Error(`${name}: a record did not parse`);
    return record;
  });
}

export interface Hit {
  index: number;
  severity: Severity;
  reason: string;
}

/** A rule's hits with the severity resolved, in record order. */
export function run(rule: Rule, records: readonly CloudTrailRecord[]): Hit[] {
  return rule
    .evaluate(records)
    .map((hit) => ({ index: hit.index, severity: hit.severity ?? rule.severity, reason: hit.reason }))
    .sort((a, b) => a.index - b.index);
}

/** The single hit a rule gives for one record alone, or undefined. */
export function one(rule: Rule, record: CloudTrailRecord): Hit | undefined {
  const hits = run(rule, [record]);
  if (hits.length > 1) throw new Error(`${rule.id} flagged one record ${hits.length} times`);
  return hits[0];
}
