import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { FirebreakError } from '../errors.js';

/**
 * Evidence on disk: `<root>/<incident id>/<file>`, kept with the incident and not in Redis (files of megabytes do
 * not belong in the store, and a disk can be snapshotted and handed over). Each file is written to a temporary
 * name, flushed and renamed, so a reader never sees half a file; files are 0600 and folders 0700 because
 * CloudTrail records name people, keys and addresses.
 *
 * Ids come from commands and buttons, so nothing here trusts them: a folder or file name must be one plain path
 * segment, and the resolved path must still be inside the root.
 */

export interface EvidenceStore {
  readonly root: string;
  /** Writes the files under `folder`; returns the paths written. */
  write(folder: string, files: readonly { name: string; content: Uint8Array }[]): Promise<string[]>;
  read(folder: string, name: string): Promise<Buffer>;
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

function segment(value: string, what: string): string {
  if (!SEGMENT.test(value) || value.includes('..')) {
    throw new FirebreakError('BAD_EVIDENCE_PATH', `Refused an evidence ${what} that is not a plain name.`);
  }
  return value;
}

/** The path of `folder/name` under `root`, or an error when it would land anywhere else. */
export function evidencePath(root: string, folder: string, name?: string): string {
  const base = resolve(root);
  const path = resolve(
    base,
    segment(folder, 'folder'),
    ...(name === undefined ? [] : [segment(name, 'file name')]),
  );
  const inside = relative(base, path);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    throw new FirebreakError('BAD_EVIDENCE_PATH', 'Refused an evidence path outside EVIDENCE_DIR.');
  }
  return path;
}

async function writeAtomic(path: string, content: Uint8Array): Promise<void> {
  const temporary = `${path}.${randomUUID()}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export function createEvidenceStore(root: string): EvidenceStore {
  const base = resolve(root);
  return {
    root: base,
    async write(folder, files) {
      const dir = evidencePath(base, folder);
      const paths = files.map((file) => evidencePath(base, folder, file.name));
      try {
        await mkdir(dir, { recursive: true, mode: 0o700 });
        for (const [i, file] of files.entries()) await writeAtomic(paths[i]!, file.content);
      } catch (error) {
        throw new FirebreakError(
          'EVIDENCE_WRITE_FAILED',
          `Could not write the evidence files under ${join(base, folder)}: ${(error as NodeJS.ErrnoException).code ?? 'error'}. Check EVIDENCE_DIR is writable.`,
          { cause: error },
        );
      }
      return paths;
    },
    async read(folder, name) {
      try {
        return await readFile(evidencePath(base, folder, name));
      } catch (error) {
        if (error instanceof FirebreakError) throw error;
        throw new FirebreakError(
          'EVIDENCE_NOT_FOUND',
          `The evidence file ${name} of ${folder} is not on this server's disk (EVIDENCE_DIR).`,
          { cause: error },
        );
      }
    },
  };
}
