import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readFile, realpath, rename, rm } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { FirebreakError } from '../errors.js';
import { mergeHumanSections } from './merge.js';

/**
 * Writes a report into RUNBOOKS_DIR/incidents/ (IO). Atomic: the text goes to a temporary file in the same folder,
 * is flushed, then renamed over the target, so a reader (or a crash) never sees half a report. It never writes
 * outside the incidents folder, never follows a symlink, and never replaces a file that is not this incident's
 * generated report: a human-written page at that path is left alone and the write is refused.
 */

export interface WrittenReport {
  /** Absolute path of the file written. */
  path: string;
  /** Relative to the runbooks folder, e.g. `incidents/2026-11-26-INC-3-web-exfiltration.md`. */
  relativePath: string;
  markdown: string;
  /** True when an earlier version existed and people's sections were carried over. */
  merged: boolean;
}

const fail = (code: string, message: string): never => {
  throw new FirebreakError(code, message);
};

/** The incidents folder, created if needed, as a real path (a symlinked runbooks folder is resolved once). */
async function incidentsRoot(runbooksDir: string): Promise<string> {
  const root = resolve(runbooksDir, 'incidents');
  await mkdir(root, { recursive: true });
  return realpath(root);
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** A file this incident's earlier report: front matter with its id and the renderer's `generated_at`. */
export function isGeneratedReportOf(text: string, incidentId: string): boolean {
  const block = /^---\r?\n([\s\S]*?)\r?\n---(\r?\n|$)/.exec(text)?.[1];
  if (block === undefined) return false;
  try {
    const data = parse(block) as Record<string, unknown> | null;
    return data?.id === incidentId && typeof data.generated_at === 'string';
  } catch {
    return false;
  }
}

export async function writeReport(request: {
  runbooksDir: string;
  relativePath: string;
  incidentId: string;
  markdown: string;
}): Promise<WrittenReport> {
  const { relativePath } = request;
  if (!relativePath.startsWith('incidents/') || relativePath.includes('\0') || relativePath.includes('\\'))
    fail('REPORT_PATH_REFUSED', 'A report can only be written inside the incidents folder.');
  const root = await incidentsRoot(request.runbooksDir);
  const target = resolve(root, relativePath.slice('incidents/'.length));
  if (!inside(root, target) || !target.endsWith('.md'))
    fail('REPORT_PATH_REFUSED', 'A report can only be written inside the incidents folder.');
  const folder = dirname(target);
  await mkdir(folder, { recursive: true });
  // The folder must still be inside once symlinks are resolved (incidents/drills could be a link elsewhere).
  const realFolder = await realpath(folder);
  if (realFolder !== root && !inside(root, realFolder))
    fail('REPORT_PATH_REFUSED', 'The reports folder leads outside runbooks/incidents; refusing to write.');
  const path = join(realFolder, basename(target));

  let previous: string | undefined;
  const existing = await lstat(path).catch(() => undefined);
  if (existing) {
    if (!existing.isFile())
      fail('REPORT_PATH_TAKEN', `${relativePath} exists and is not a regular file; it was left alone.`);
    previous = await readFile(path, 'utf8');
    if (!isGeneratedReportOf(previous, request.incidentId))
      fail(
        'REPORT_PATH_TAKEN',
        `${relativePath} exists and is not ${request.incidentId}'s generated report (a page written by people?). It was left alone; move it and try again.`,
      );
  }
  const markdown = previous === undefined ? request.markdown : mergeHumanSections(previous, request.markdown);
  await atomicWrite(path, markdown);
  return {
    path,
    relativePath,
    markdown,
    merged: previous !== undefined,
  };
}

/** Temp file in the same folder (same file system, so rename is atomic), flushed before the rename. */
export async function atomicWrite(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
