import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseRunbook, type Runbook } from './runbook.js';

export { type MatchContext, type RunbookMatch, runbooksFor } from './runbook.js';

/**
 * Reads every runbook in `dir` (its *.md files; README.md and the incidents/ folder are not runbooks), sorted by
 * file name so reports link them in a stable order. An invalid runbook throws with its file name: the shipped
 * ones are checked by a test, and a broken one should be fixed rather than silently left out of reports.
 */
export async function loadRunbooks(dir: string): Promise<Runbook[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = entries
    .filter(
      (entry) => entry.isFile() && entry.name.endsWith('.md') && entry.name.toLowerCase() !== 'readme.md',
    )
    .map((entry) => entry.name)
    .sort();
  return Promise.all(files.map(async (file) => parseRunbook(file, await readFile(join(dir, file), 'utf8'))));
}
