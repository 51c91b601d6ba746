import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flagSuspicious, RULES } from '../../src/investigate/findings.js';
import type { CloudTrailRecord } from '../../src/investigate/record.js';
import { load } from './rules/load.js';

/**
 * CloudTrail fields are attacker-influenced and vary by service; rules must never throw. Every field of every
 * fixture record, at every depth, is replaced in turn by a value of the wrong type (or removed), and the whole
 * file is flagged again.
 */
const ODD_VALUES: unknown[] = [undefined, null, 42, true, '', '%E0%A4%A', [], {}, [null, 7], { items: 'x' }];
const FIXTURE_FILES = readdirSync(new URL('../fixtures/cloudtrail/', import.meta.url)).filter((f) =>
  f.endsWith('.json'),
);

function paths(value: unknown, prefix: string[] = [], depth = 0): string[][] {
  if (depth > 8 || typeof value !== 'object' || value === null) return [];
  return Object.keys(value).flatMap((key) => [
    [...prefix, key],
    ...paths((value as Record<string, unknown>)[key], [...prefix, key], depth + 1),
  ]);
}

function replaced(record: unknown, path: string[], odd: unknown): unknown {
  const copy = structuredClone(record) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path.at(-1)!;
  if (odd === undefined) delete node[last];
  else node[last] = odd;
  return copy;
}

describe('rules on malformed records', () => {
  it.each(FIXTURE_FILES)('never throw when any field of %s is missing or of the wrong type', (file) => {
    const records = load(file);
    let runs = 0;
    // The first, the last and two between: every shape of record in the file, without mutating all of a burst.
    const picked = new Set([
      0,
      Math.floor(records.length / 3),
      Math.floor((2 * records.length) / 3),
      records.length - 1,
    ]);
    records.forEach((record, r) => {
      if (!picked.has(r)) return;
      for (const path of paths(record)) {
        for (const odd of ODD_VALUES) {
          const mutated = records.map((other, i) => (i === r ? replaced(record, path, odd) : other));
          expect(() => flagSuspicious(mutated as CloudTrailRecord[])).not.toThrow();
          runs++;
        }
      }
    });
    expect(runs).toBeGreaterThan(picked.size * 10 * ODD_VALUES.length);
  });

  it('never throw on records that are not records at all', () => {
    const junk = [
      null,
      undefined,
      7,
      'ConsoleLogin',
      [],
      {},
      { eventName: 'ConsoleLogin' },
      { userIdentity: 'Root' },
    ];
    expect(() => flagSuspicious(junk as unknown as CloudTrailRecord[])).not.toThrow();
    for (const rule of RULES)
      expect(() => rule.evaluate(junk as unknown as CloudTrailRecord[])).not.toThrow();
  });

  it('never throw on hostile policy documents', () => {
    const [putUserPolicy] = load('iam-policies.json').slice(2, 3);
    const documents = [
      '%7B%22Statement%22',
      '{"Statement": "Allow"}',
      '{"Statement": [null, 1, {"Effect": ["Allow"], "Action": {"*": 1}, "Resource": 5}]}',
      JSON.stringify({ Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: 'x' } }),
      'a'.repeat(2_000_000),
      '%'.repeat(1000),
    ];
    for (const policyDocument of documents) {
      const record = {
        ...putUserPolicy!,
        requestParameters: { userName: 'x', policyName: 'p', policyDocument },
      };
      expect(() => flagSuspicious([record])).not.toThrow();
    }
  });

  it('keep reasons on one line and short, whatever the fields hold', () => {
    const hostile = `evil\n<!channel>\u2028${'x'.repeat(500)}`;
    const records = FIXTURE_FILES.flatMap(load).map((record) => ({
      ...record,
      userIdentity: { ...record.userIdentity, arn: hostile, userName: hostile },
      requestParameters:
        typeof record.requestParameters === 'object' && record.requestParameters !== null
          ? {
              ...record.requestParameters,
              name: hostile,
              userName: hostile,
              bucketName: hostile,
              groupId: hostile,
            }
          : record.requestParameters,
    }));
    const findings = flagSuspicious(records);
    expect(findings.length).toBeGreaterThan(20);
    for (const finding of findings) {
      expect(finding.reason).not.toMatch(/[\n\r\u2028]/);
      expect(finding.reason.length).toBeLessThan(600);
    }
  });
});
