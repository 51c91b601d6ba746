import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commitReport } from '../../src/document/report-git.js';

let repo: string;
const git = (...args: string[]) =>
  execFileSync('git', args, {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' },
  }).trim();

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'firebreak-git-'));
  git('init', '-q', '-b', 'main');
  git(
    '-c',
    'user.name=Someone',
    '-c',
    'user.email=someone@example.com',
    'commit',
    '-q',
    '--allow-empty',
    '-m',
    'init',
  );
  mkdirSync(join(repo, 'runbooks', 'incidents'), { recursive: true });
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe('commitReport (REPORTS_GIT=true)', () => {
  it('commits only the report, as Firebreak, with the incident id, and never pushes', async () => {
    const runbooksDir = join(repo, 'runbooks');
    writeFileSync(join(runbooksDir, 'incidents', 'r.md'), '# report\n');
    // Someone's unrelated staged change must stay staged, out of the report's commit.
    writeFileSync(join(repo, 'other.txt'), 'work in progress\n');
    git('add', 'other.txt');
    const commit = await commitReport({
      runbooksDir,
      file: 'incidents/r.md',
      incidentId: 'INC-9',
      draft: false,
    });
    expect(commit).toMatch(/^[0-9a-f]{40}$/);
    expect(git('log', '-1', '--format=%an <%ae>|%s')).toBe(
      'Firebreak <firebreak@localhost>|INC-9: post-incident report',
    );
    expect(git('show', '--name-only', '--format=', 'HEAD')).toBe('runbooks/incidents/r.md');
    expect(git('diff', '--cached', '--name-only')).toBe('other.txt');
    expect(git('remote')).toBe('');
  });

  it('makes no commit when the report did not change, and names drafts', async () => {
    const runbooksDir = join(repo, 'runbooks');
    writeFileSync(join(runbooksDir, 'incidents', 'r.md'), '# draft\n');
    await commitReport({ runbooksDir, file: 'incidents/r.md', incidentId: 'INC-9', draft: true });
    expect(git('log', '-1', '--format=%s')).toBe('INC-9: draft post-incident report');
    const count = git('rev-list', '--count', 'HEAD');
    expect(
      await commitReport({ runbooksDir, file: 'incidents/r.md', incidentId: 'INC-9', draft: true }),
    ).toBeUndefined();
    expect(git('rev-list', '--count', 'HEAD')).toBe(count);
  });

  it('says so when the runbooks folder is not in a repository', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'firebreak-nogit-'));
    try {
      writeFileSync(join(plain, 'r.md'), 'x');
      await expect(
        commitReport({ runbooksDir: plain, file: 'r.md', incidentId: 'INC-9', draft: false }),
      ).rejects.toMatchObject({ code: 'REPORTS_GIT_NO_REPO' });
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});
