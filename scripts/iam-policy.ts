/**
 * scripts/iam-policy — writes docs/iam-policy.json (the responder policy) from src/aws/permissions.ts.
 *
 *   npm run iam:policy              write the file
 *   npm run iam:policy -- --check   exit 1 if the file does not hold the policy the table builds (for CI)
 *   npm run iam:policy -- --base    print the base identity's policy, for multi-account set-ups
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { buildPolicy } from '../src/aws/permissions.js';

const ROOT = resolve(import.meta.dirname, '..');
const FILE = resolve(ROOT, 'docs', 'iam-policy.json');

const { values } = parseArgs({
  options: { check: { type: 'boolean', default: false }, base: { type: 'boolean', default: false } },
});

const render = (policy: object) => `${JSON.stringify(policy, null, 2)}\n`;

function committed(): unknown {
  try {
    return JSON.parse(readFileSync(FILE, 'utf8'));
  } catch {
    return undefined;
  }
}

if (values.base) {
  process.stdout.write(render(buildPolicy('base')));
} else if (values.check) {
  // Compared as JSON, not text: layout is Biome's business, the policy is ours.
  if (!isDeepStrictEqual(committed(), buildPolicy())) {
    process.stderr.write('docs/iam-policy.json is out of date: run `npm run iam:policy` and commit it.\n');
    process.exit(1);
  }
} else {
  writeFileSync(FILE, render(buildPolicy()));
  // `npm run format` runs Biome over docs/ too; laying the file out as Biome does keeps the two from fighting.
  execFileSync(resolve(ROOT, 'node_modules', '.bin', 'biome'), ['format', '--write', FILE], {
    stdio: 'ignore',
  });
  process.stdout.write('wrote docs/iam-policy.json\n');
}
