import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { renderReport } from '../../src/document/report.js';
import { reportRelativePath, reportSlug } from '../../src/document/report-path.js';
import { isGeneratedReportOf, writeReport } from '../../src/document/report-writer.js';
import { sampleIncident, sampleInput } from './sample.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'firebreak-writer-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

const HOSTILE_TITLES = [
  '../../etc/passwd',
  '/abs/olute/path',
  'C:\\Windows\\System32\\config',
  'nul\0byte',
  'x'.repeat(10_000),
  'שלום‮gnp.exe',
  '🔥🔥 prod on fire 🔥',
  'CON',
  '...',
  '.',
  '..',
  '',
  '-- --- ---',
  'Ünïcödé Çafé',
  '$(rm -rf /)`id`',
  'a/../../b',
];

/** Every path the writer may produce lives strictly inside <dir>/incidents. */
function assertInside(path: string) {
  const root = resolve(dir, 'incidents');
  expect(resolve(dir, path).startsWith(`${root}/`)).toBe(true);
}

describe('reportRelativePath', () => {
  it('keeps every hostile title inside incidents/ as one short ASCII file name', () => {
    for (const title of HOSTILE_TITLES) {
      const path = reportRelativePath(sampleIncident({ id: 'INC-7', title }), false);
      assertInside(path);
      const name = path.slice('incidents/'.length);
      expect(name).toMatch(/^2026-11-26-INC-7-[a-z0-9-]+\.md$/);
      expect(name.length).toBeLessThanOrEqual(90);
      expect(name).not.toContain('..');
    }
  });

  it('slugs readable titles, and falls back when nothing readable is left', () => {
    expect(reportSlug('Ünïcödé Çafé')).toBe('unicode-cafe');
    expect(reportSlug('../../etc/passwd')).toBe('etc-passwd');
    expect(reportSlug('...')).toBe('incident');
    expect(reportSlug('🔥🔥🔥')).toBe('incident');
    expect(reportSlug('CON')).toBe('con');
    expect(reportSlug('x'.repeat(10_000))).toHaveLength(60);
  });

  it('puts drills under incidents/drills and refuses an id that is not an id', () => {
    expect(reportRelativePath(sampleIncident({ id: 'INC-7', title: 'a' }), true)).toBe(
      'incidents/drills/2026-11-26-INC-7-a.md',
    );
    expect(() => reportRelativePath(sampleIncident({ id: '../INC-7', title: 'a' }), false)).toThrow(
      /cannot be used in a file name/,
    );
  });
});

describe('writeReport', () => {
  const incident = sampleIncident({ id: 'INC-7' });
  const markdown = () => renderReport(sampleInput({ incident }));
  const path = 'incidents/2026-11-26-INC-7-report.md';

  it('writes the file and leaves no temporary file behind', async () => {
    const written = await writeReport({
      runbooksDir: dir,
      relativePath: path,
      incidentId: 'INC-7',
      markdown: markdown(),
    });
    expect(written.merged).toBe(false);
    expect(readFileSync(join(dir, path), 'utf8')).toBe(markdown());
    expect(readdirSync(join(dir, 'incidents'))).toEqual(['2026-11-26-INC-7-report.md']);
    const front = readFileSync(join(dir, path), 'utf8').split('\n---\n')[0]!.slice(4);
    expect((parse(front) as { id: string }).id).toBe('INC-7');
  });

  it('refuses any path that leaves the incidents folder', async () => {
    for (const bad of [
      'incidents/../escape.md',
      '../incidents/x.md',
      '/etc/x.md',
      'incidents/a\0.md',
      'incidents/x.txt',
      'x.md',
    ]) {
      await expect(
        writeReport({ runbooksDir: dir, relativePath: bad, incidentId: 'INC-7', markdown: 'x' }),
      ).rejects.toMatchObject({ code: 'REPORT_PATH_REFUSED' });
    }
    expect(existsSync(join(dir, 'escape.md'))).toBe(false);
  });

  it('never writes over a page people wrote, nor over another incident’s report', async () => {
    mkdirSync(join(dir, 'incidents'), { recursive: true });
    const human = '---\ntitle: Our own notes\napplies_to:\n  event_names: [StopLogging]\n---\n# Notes\n';
    writeFileSync(join(dir, path), human);
    await expect(
      writeReport({ runbooksDir: dir, relativePath: path, incidentId: 'INC-7', markdown: markdown() }),
    ).rejects.toMatchObject({ code: 'REPORT_PATH_TAKEN' });
    expect(readFileSync(join(dir, path), 'utf8')).toBe(human);
    const other = renderReport(sampleInput({ incident: sampleIncident({ id: 'INC-8' }) }));
    writeFileSync(join(dir, path), other);
    await expect(
      writeReport({ runbooksDir: dir, relativePath: path, incidentId: 'INC-7', markdown: markdown() }),
    ).rejects.toMatchObject({ code: 'REPORT_PATH_TAKEN' });
    expect(isGeneratedReportOf(other, 'INC-8')).toBe(true);
    expect(isGeneratedReportOf(human, 'INC-7')).toBe(false);
  });

  it('does not follow a symlink planted at the report path or as its folder', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'firebreak-outside-'));
    try {
      mkdirSync(join(dir, 'incidents'), { recursive: true });
      writeFileSync(join(outside, 'target.md'), 'precious');
      symlinkSync(join(outside, 'target.md'), join(dir, path));
      await expect(
        writeReport({ runbooksDir: dir, relativePath: path, incidentId: 'INC-7', markdown: markdown() }),
      ).rejects.toMatchObject({ code: 'REPORT_PATH_TAKEN' });
      symlinkSync(outside, join(dir, 'incidents', 'drills'));
      await expect(
        writeReport({
          runbooksDir: dir,
          relativePath: 'incidents/drills/2026-11-26-INC-7-x.md',
          incidentId: 'INC-7',
          markdown: markdown(),
        }),
      ).rejects.toMatchObject({ code: 'REPORT_PATH_REFUSED' });
      expect(readFileSync(join(outside, 'target.md'), 'utf8')).toBe('precious');
      expect(readdirSync(outside)).toEqual(['target.md']);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('regenerating keeps what people wrote under the lessons headings and between keep markers', async () => {
    await writeReport({ runbooksDir: dir, relativePath: path, incidentId: 'INC-7', markdown: markdown() });
    const first = readFileSync(join(dir, path), 'utf8');
    const edited = first
      .replace(/### What went well\n\n[^\n]*\n/, '### What went well\n\nPaging worked in under a minute.\n')
      .replace('## Links', '<!-- keep -->\nA reviewer’s own note.\n<!-- /keep -->\n\n## Links');
    writeFileSync(join(dir, path), edited);
    const later = renderReport(sampleInput({ incident, now: new Date('2026-11-27T09:00:00Z') }));
    const written = await writeReport({
      runbooksDir: dir,
      relativePath: path,
      incidentId: 'INC-7',
      markdown: later,
    });
    expect(written.merged).toBe(true);
    const text = readFileSync(join(dir, path), 'utf8');
    expect(text).toContain('Paging worked in under a minute.');
    expect(text).toContain('A reviewer’s own note.');
    expect(text).toMatch(/generated_at: "?2026-11-27T09:00:00.000Z/);
  });

  it('is atomic: a failed rename leaves the previous file whole and removes the temporary file', async () => {
    await writeReport({ runbooksDir: dir, relativePath: path, incidentId: 'INC-7', markdown: markdown() });
    const before = readFileSync(join(dir, path), 'utf8');
    vi.resetModules();
    vi.doMock('node:fs/promises', async (original) => ({
      ...(await original<typeof import('node:fs/promises')>()),
      rename: async () => {
        throw Object.assign(new Error('EXDEV'), { code: 'EXDEV' });
      },
    }));
    const { writeReport: failingWrite } = await import('../../src/document/report-writer.js');
    await expect(
      failingWrite({
        runbooksDir: dir,
        relativePath: path,
        incidentId: 'INC-7',
        markdown: `${markdown()}changed`,
      }),
    ).rejects.toThrow('EXDEV');
    vi.doUnmock('node:fs/promises');
    expect(readFileSync(join(dir, path), 'utf8')).toBe(before);
    expect(readdirSync(join(dir, 'incidents'))).toEqual(['2026-11-26-INC-7-report.md']);
  });
});
