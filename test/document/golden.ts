import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';

/**
 * Compares against test/fixtures/reports/<name>. `UPDATE_GOLDEN=1 npx vitest run test/document` rewrites the
 * files; review the diff before committing, since the golden file is the spec of what a report looks like.
 */
export function expectGolden(name: string, actual: string): void {
  const file = new URL(`../fixtures/reports/${name}`, import.meta.url);
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`no golden file ${name}: run with UPDATE_GOLDEN=1, then review it`);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
