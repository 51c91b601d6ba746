import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildIncidentCard } from '../../src/detect/card.js';
import { createCardExtras } from '../../src/document/card-extras.js';
import { createCloser } from '../../src/document/close.js';
import { createReportService } from '../../src/document/reports.js';
import { createAuditRecorder } from '../../src/incident/audit.js';
import { createMemoryStore } from '../../src/incident/memory-store.js';
import { createIncidentService } from '../../src/incident/service.js';
import { createLogger } from '../../src/log.js';
import type { FileUpload } from '../../src/slack/gateway.js';
import { sampleRunbooks } from './sample.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'firebreak-reports-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function setup(options: { drill?: boolean; uploadFails?: boolean } = {}) {
  const store = createMemoryStore();
  const logger = createLogger({ level: 'silent' });
  const record = createAuditRecorder(store, logger);
  const now = () => new Date('2026-11-26T10:00:00Z');
  let n = 0;
  const incidents = createIncidentService({
    store,
    record,
    now,
    changed: () => {},
    newIncidentId: async () => `INC-${++n}`,
  });
  const uploads: FileUpload[] = [];
  const reports = createReportService({
    store,
    record,
    uploadFile: async (upload) => {
      if (options.uploadFails) throw new Error('ratelimited');
      uploads.push(upload);
      return { fileId: 'F1' };
    },
    permalink: async (channel, ts) => `https://acme.slack.com/archives/${channel}/p${ts.replace('.', '')}`,
    loadRunbooks: async () => sampleRunbooks(),
    runbooksDir: dir,
    git: false,
    drillMode: options.drill ?? false,
    now,
    logger,
  });
  const incident = await incidents.declare({
    title: 'Key pushed to GitHub',
    severity: 2,
    channel: 'C1',
    actor: 'U1',
  });
  await store.update(incident.id, (current) => ({ ...current, cardTs: '1795680345.000100' }));
  return { store, incidents, reports, uploads, incident, logger };
}

const frontOf = (text: string) => parse(text.split('\n---\n')[0]!.slice(4)) as Record<string, unknown>;

describe('the report service', () => {
  it('writes a draft for an open incident, records it, and shares it in the card thread', async () => {
    const { store, reports, uploads, incident } = await setup();
    const report = await reports.generate(incident.id, 'U1');
    expect(report).toMatchObject({
      relativePath: 'incidents/2026-11-26-INC-1-key-pushed-to-github.md',
      draft: true,
      shared: true,
    });
    const text = readFileSync(join(dir, report.relativePath), 'utf8');
    expect(frontOf(text)).toMatchObject({ id: 'INC-1', draft: true, status: 'open' });
    expect(text).toContain('[incident thread](https://acme.slack.com/archives/C1/p1795680345000100)');
    expect(uploads[0]).toMatchObject({
      channel: 'C1',
      threadTs: '1795680345.000100',
      filename: '2026-11-26-INC-1-key-pushed-to-github.md',
      content: text,
    });
    expect((await store.timeline(incident.id)).at(-1)).toMatchObject({
      type: 'report-written',
      file: report.relativePath,
      draft: true,
    });
  });

  it('closing writes the final report with the closer’s summary and impact', async () => {
    const { incidents, reports, incident, logger } = await setup();
    const close = createCloser({ incidents, reports, logger });
    const result = await close({
      incidentId: incident.id,
      resolution: 'false-positive',
      actor: 'U1',
      summary: 'A test key, never valid.',
      impact: 'None.',
    });
    expect(result.report).toBe('incidents/2026-11-26-INC-1-key-pushed-to-github.md');
    const text = readFileSync(join(dir, result.report!), 'utf8');
    expect(frontOf(text)).toMatchObject({ status: 'closed', resolution: 'false-positive' });
    expect(frontOf(text)).not.toHaveProperty('draft');
    expect(text).toContain('A test key, never valid.');
    expect(text).toContain('None.');
  });

  it('writes drills under incidents/drills and marks them', async () => {
    const { reports, incident } = await setup({ drill: true });
    const report = await reports.generate(incident.id, 'U1');
    expect(report.relativePath).toBe('incidents/drills/2026-11-26-INC-1-key-pushed-to-github.md');
    expect(frontOf(readFileSync(join(dir, report.relativePath), 'utf8'))).toMatchObject({ drill: true });
  });

  it('keeps the written file when Slack refuses the upload, and says it was not shared', async () => {
    const { reports, incident } = await setup({ uploadFails: true });
    const report = await reports.generate(incident.id, 'U1');
    expect(report.shared).toBe(false);
    expect(readdirSync(join(dir, 'incidents'))).toEqual(['2026-11-26-INC-1-key-pushed-to-github.md']);
  });

  it('does not undo a close when the report cannot be written, and says how to retry', async () => {
    const { incidents, reports, incident, logger } = await setup();
    const { writeFileSync, mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'incidents'), { recursive: true });
    writeFileSync(
      join(dir, 'incidents', '2026-11-26-INC-1-key-pushed-to-github.md'),
      '# a page people wrote\n',
    );
    const result = await createCloser({ incidents, reports, logger })({
      incidentId: incident.id,
      resolution: 'resolved',
      actor: 'U1',
    });
    expect(result.incident.status).toBe('closed');
    expect(result.report).toBeUndefined();
    expect(result.problem).toContain('REPORT_PATH_TAKEN');
    expect(result.problem).toContain('/ir report inc=INC-1');
  });
});

describe('card extras', () => {
  it('puts the follow-ups and the runbooks matching the alarm on the card', async () => {
    const { store, incident } = await setup();
    await store.appendTimeline(incident.id, {
      type: 'followup-added',
      at: '2026-11-26T10:01:00.000Z',
      actor: 'U1',
      text: 'rotate <!channel> the key',
      owner: 'U0BOB',
    });
    const withAlarm = {
      ...(await store.get(incident.id))!,
      resources: [{ kind: 'InstanceId', id: 'i-0abc1234def567890' }],
    };
    const extras = await createCardExtras({
      store,
      loadRunbooks: async () => sampleRunbooks(),
      runbooksUrl: 'https://github.com/acme/ops/blob/main/runbooks/',
      now: () => 0,
    })(withAlarm);
    expect(extras.followUps).toEqual([
      { number: 1, text: 'rotate <!channel> the key', owner: 'U0BOB', done: false },
    ]);
    expect(extras.runbookLinks?.length).toBeGreaterThan(0);
    expect(extras.runbookLinks?.[0]?.url).toMatch(
      /^https:\/\/github\.com\/acme\/ops\/blob\/main\/runbooks\/.+\.md$/,
    );
    const card = JSON.stringify(
      buildIncidentCard(withAlarm, { now: new Date(), buttons: [], ...extras }).blocks,
    );
    expect(card).toContain('incident-followups');
    expect(card).toContain('<@U0BOB>');
    expect(card).not.toContain('<!channel>');
    expect(card).toContain('incident-runbooks');
  });
});
