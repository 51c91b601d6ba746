/**
 * scripts/iam-policy — writes docs/iam-policy.json (the responder policy) from src/aws/permissions.ts.
 *
 *   npm run iam:policy              write the file
 *   npm run iam:policy -- --check   exit 1 if the file is not what the table produces (for CI)
 *   npm run iam:policy -- --base    print the base identity's policy, for multi-account set-ups
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildPolicy } from '../src/aws/permissions.js';

const FILE = resolve(import.meta.dirname, '..', 'docs', 'iam-policy.json');

const { values } = parseArgs({
  options: { check: { type: 'boolean', default: false }, base: { type: 'boolean', default: false } },
});

const render = (policy: object) => `${JSON.stringify(policy, null, 2)}\n`;

if (values.base) {
  process.stdout.write(render(buildPolicy('base')));
} else if (values.check) {
  const expected = render(buildPolicy());
  let actual: string | undefined;
  try {
    actual = readFileSync(FILE, 'utf8');
  } catch {
    actual = undefined;
  }
  if (actual !== expected) {
    process.stderr.write('docs/iam-policy.json is out of date: run `npm run iam:policy` and commit it.\n');
    process.exit(1);
  }
} else {
  writeFileSync(FILE, render(buildPolicy()));
  process.stdout.write('wrote docs/iam-policy.json\n');
}
