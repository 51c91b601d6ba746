import { execFile } from 'node:child_process';
import { FirebreakError } from '../errors.js';

/**
 * REPORTS_GIT=true: the report is committed in the git repository that holds the runbooks folder, so a team reviews
 * it like code. Commits only that file (other staged changes stay staged), as "Firebreak", and never pushes.
 * git runs with argument arrays (no shell), no prompt, no signing, and a deadline.
 */

const AUTHOR = 'Firebreak <firebreak@localhost>';
const TIMEOUT_MS = 20_000;

function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [
        '-c',
        'user.name=Firebreak',
        '-c',
        'user.email=firebreak@localhost',
        '-c',
        'commit.gpgsign=false',
        ...args,
      ],
      {
        cwd,
        timeout: TIMEOUT_MS,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_EDITOR: 'true' },
        maxBuffer: 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) reject(Object.assign(error, { stderr: String(stderr) }));
        else resolve(String(stdout));
      },
    );
  });
}

/** Resolves to the new commit's hash, or undefined when the file was already committed as it is. */
export async function commitReport(request: {
  runbooksDir: string;
  /** Relative to the runbooks folder. */
  file: string;
  incidentId: string;
  draft: boolean;
}): Promise<string | undefined> {
  const { runbooksDir: cwd, file } = request;
  try {
    await git(cwd, ['rev-parse', '--is-inside-work-tree']);
  } catch {
    throw new FirebreakError(
      'REPORTS_GIT_NO_REPO',
      'REPORTS_GIT is on but the runbooks folder is not in a git repository; the report was written, not committed.',
    );
  }
  try {
    await git(cwd, ['add', '--', file]);
    const staged = await git(cwd, ['diff', '--cached', '--name-only', '--', file]);
    if (staged.trim() === '') return undefined;
    const message = `${request.incidentId}: ${request.draft ? 'draft ' : ''}post-incident report`;
    await git(cwd, ['commit', '--no-verify', '--author', AUTHOR, '-m', message, '--only', '--', file]);
    return (await git(cwd, ['rev-parse', 'HEAD'])).trim();
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim().split('\n').at(-1) ?? '';
    throw new FirebreakError(
      'REPORTS_GIT_FAILED',
      `The report was written but git could not commit it${detail ? `: ${detail}` : ''}.`,
    );
  }
}
