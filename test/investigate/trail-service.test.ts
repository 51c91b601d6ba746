import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FirebreakError } from '../../src/errors.js';
import type { Incident } from '../../src/incident/incident.js';
import { createMemoryStore } from '../../src/incident/memory-store.js';
import type { IncidentStore } from '../../src/incident/store.js';
import type { TimelineEvent } from '../../src/incident/timeline.js';
import { CIS_CONTROLS } from '../../src/investigate/cis-alarms.js';
import type { TrailLookupResult } from '../../src/investigate/cloudtrail.js';
import { createEvidenceStore } from '../../src/investigate/evidence-store.js';
import type { TrailQuery } from '../../src/investigate/query.js';
import type { CloudTrailRecord } from '../../src/investigate/record.js';
import type { TrailSearch } from '../../src/investigate/trail-lookup.js';
import { createInvestigator, type TrailServiceDeps } from '../../src/investigate/trail-service.js';
import { createLogger } from '../../src/log.js';
import type { FileUpload, SlackMessage } from '../../src/slack/gateway.js';
import { iamUserCall } from './trail-records.js';

const NOW = new Date('2026-11-26T11:00:00.000Z');
const tampering = (
  JSON.parse(
    readFileSync(join(import.meta.dirname, '../fixtures/cloudtrail/cloudtrail-tampering.json'), 'utf8'),
  ) as { Records: CloudTrailRecord[] }
).Records;

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'INC-4',
    title: 'trail-changes',
    severity: 2,
    status: 'open',
    account: '123456789012',
    region: 'eu-west-1',
    resources: [],
    alarmCount: 1,
    channel: 'C0INC',
    cardTs: '1700000000.000100',
    declaredAt: '2026-11-26T10:06:00.000Z',
    declaredBy: 'system',
    ...overrides,
  };
}

const query: TrailQuery = {
  user: 'mallory',
  since: new Date('2026-11-26T08:00:00Z'),
  until: NOW,
  regions: ['eu-west-1'],
  limit: 500,
};

function result(records: CloudTrailRecord[], extra: Partial<TrailLookupResult> = {}): TrailLookupResult {
  return {
    records,
    matched: records.length,
    truncated: false,
    regions: ['eu-west-1', 'us-east-1'],
    requests: 2,
    throttled: 0,
    scanned: records.length,
    unparseable: 0,
    ...extra,
  };
}

interface SlackCall {
  method: 'post' | 'update' | 'upload';
  channel: string;
  ts?: string;
  message?: SlackMessage;
  upload?: FileUpload;
}

let dir: string;
let store: IncidentStore;
let calls: SlackCall[];
let ephemeral: SlackMessage[];

function investigator(search: TrailSearch, extra: Partial<TrailServiceDeps> = {}) {
  let ts = 0;
  return createInvestigator({
    search,
    slack: {
      async post(channel, message, threadTs) {
        ts += 1;
        calls.push({ method: 'post', channel, ts: threadTs, message });
        return { ts: `1700000001.00000${ts}` };
      },
      async update(channel, at, message) {
        calls.push({ method: 'update', channel, ts: at, message });
      },
      async uploadFile(upload) {
        calls.push({ method: 'upload', channel: upload.channel, upload });
        return { fileId: `F${calls.length}` };
      },
    },
    evidence: createEvidenceStore(join(dir, 'evidence')),
    record: (id, event) => store.appendTimeline(id, event),
    timeline: (id) => store.timeline(id),
    now: () => NOW,
    logger: createLogger({ level: 'silent' }),
    settings: { defaultLimit: 500, limitCap: 5000 },
    partialDelayMs: 0,
    ...extra,
  });
}

const respond = async (message: SlackMessage) => {
  ephemeral.push(message);
};

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'firebreak-trail-'));
  store = createMemoryStore();
  await store.create(incident());
  calls = [];
  ephemeral = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const investigation = async (): Promise<Extract<TimelineEvent, { type: 'investigation' }>> => {
  const found = (await store.timeline('INC-4')).find((event) => event.type === 'investigation');
  if (found?.type !== 'investigation') throw new Error('no investigation on the timeline');
  return found;
};

describe('the trail service', () => {
  it('answers in the thread, keeps the evidence, attaches it and records its hashes on the timeline', async () => {
    const records = [iamUserCall({ eventID: 'plain', eventTime: '2026-11-26T10:59:00Z' }), ...tampering];
    const outcome = await investigator(async () => result(records)).search({
      query,
      incident: incident(),
      userId: 'U0ME',
      respond,
    });
    const posts = calls.filter((call) => call.method === 'post');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.channel).toBe('C0INC');
    expect(posts[0]!.ts).toBe('1700000000.000100');
    const blocks = JSON.stringify(posts[0]!.message!.blocks);
    // The flagged StopLogging comes before the newer, unflagged call.
    expect(blocks.indexOf('StopLogging')).toBeGreaterThan(-1);
    expect(blocks.indexOf('StopLogging')).toBeLessThan(blocks.indexOf('DescribeInstances'));
    expect(blocks).toContain('Regions searched: eu-west-1, us-east-1');
    expect(outcome.messageTs).toBe('1700000001.000001');

    const uploads = calls.filter((call) => call.method === 'upload').map((call) => call.upload!);
    expect(uploads.map((upload) => upload.filename.replace(/^\d{8}T\d{9}Z-[0-9a-f]{6}/, '*'))).toEqual([
      '*-trail.jsonl',
      '*-trail.csv',
    ]);
    expect(uploads.every((upload) => upload.threadTs === '1700000000.000100')).toBe(true);

    const event = await investigation();
    expect(event.actor).toBe('U0ME');
    expect(event.query).toContain('user=mallory');
    expect(event.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(event.eventCount).toBe(records.length);
    expect(event.flagged.some((flag) => flag.eventName === 'StopLogging')).toBe(true);
    for (const [i, upload] of uploads.entries()) {
      const bytes = Buffer.from(upload.content);
      const onDisk = readFileSync(join(dir, 'evidence', 'INC-4', upload.filename));
      expect(onDisk.equals(bytes)).toBe(true);
      expect(event.evidence[i]).toEqual({
        name: upload.filename,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        bytes: bytes.length,
      });
    }
    const lines = readFileSync(join(dir, 'evidence', 'INC-4', uploads[0]!.filename), 'utf8')
      .trim()
      .split('\n');
    expect(lines.map((line) => (JSON.parse(line) as CloudTrailRecord).eventID)).toEqual(
      records.map((record) => record.eventID),
    );
  });

  it('posts the first page while a big search runs, then updates that message with the whole answer', async () => {
    let postedFirst!: () => void;
    const firstPosted = new Promise<void>((resolve) => {
      postedFirst = resolve;
    });
    const first = tampering.slice(0, 1);
    const service = investigator(async (_plan, _query, _account, onFirst) => {
      onFirst?.(result(first, { truncated: true }));
      const waitForPost = setInterval(() => {
        if (calls.some((call) => call.method === 'post')) postedFirst();
      }, 5);
      await firstPosted;
      clearInterval(waitForPost);
      return result(tampering);
    });
    await service.search({ query, incident: incident(), userId: 'U0ME', respond });
    const [post, update] = calls.filter((call) => call.method !== 'upload');
    expect(post!.method).toBe('post');
    expect(post!.message!.text).toContain('1 events');
    expect(JSON.stringify(post!.message!.blocks)).toContain('still searching');
    expect(update!.method).toBe('update');
    expect(update!.ts).toBe('1700000001.000001');
    expect(JSON.stringify(update!.message!.blocks)).not.toContain('still searching');
    expect(update!.message!.text).toContain(`${tampering.length} events`);
  });

  it('answers ephemerally without an incident: nothing posted, uploaded or recorded; evidence still kept', async () => {
    const outcome = await investigator(async () => result(tampering)).search({
      query,
      userId: 'U0ME',
      respond,
    });
    expect(calls).toEqual([]);
    expect(ephemeral).toHaveLength(1);
    expect(JSON.stringify(ephemeral[0]!.blocks)).toContain('StopLogging');
    expect(JSON.stringify(ephemeral[0]!.blocks)).not.toContain('investigate.revoke');
    expect(outcome.resultId.startsWith('no-incident/')).toBe(true);
    expect(outcome.evidence).toHaveLength(2);
    expect(await store.timeline('INC-4')).toEqual([]);
  });

  it('records a failed search on the timeline and passes the error on for the asker', async () => {
    const service = investigator(async () => {
      throw new FirebreakError('AWS_ACCESS_DENIED', 'cloudtrail:LookupEvents was denied.');
    });
    await expect(
      service.search({ query, incident: incident(), userId: 'U0ME', respond }),
    ).rejects.toMatchObject({
      code: 'AWS_ACCESS_DENIED',
    });
    const notes = (await store.timeline('INC-4')).filter((event) => event.type === 'note');
    expect(notes).toHaveLength(1);
    expect(JSON.stringify(notes[0])).toContain('AWS_ACCESS_DENIED');
    expect(calls).toEqual([]);
  });

  it('records the search on the timeline even when Slack refuses the answer, then reports the failure', async () => {
    const service = investigator(async () => result(tampering), {
      slack: {
        post: async () => {
          throw new FirebreakError('SLACK_FAILED', 'Slack answered channel_not_found.');
        },
        update: async () => {},
        uploadFile: async () => ({ fileId: 'F1' }),
      },
    });
    await expect(
      service.search({ query, incident: incident(), userId: 'U0ME', respond }),
    ).rejects.toMatchObject({
      code: 'SLACK_FAILED',
    });
    const event = await investigation();
    expect(event.evidence).toHaveLength(2);
    expect(event.eventCount).toBe(tampering.length);
  });

  it('still answers when the evidence cannot be written, and says the result is not kept', async () => {
    const service = investigator(async () => result(tampering), {
      evidence: {
        root: '/nowhere',
        write: async () => {
          throw new FirebreakError('EVIDENCE_WRITE_FAILED', 'EACCES');
        },
        read: async () => Buffer.from(''),
      },
    });
    const outcome = await service.search({ query, incident: incident(), userId: 'U0ME', respond });
    expect(outcome.evidence).toEqual([]);
    expect(outcome.uploaded).toBe(false);
    const [post] = calls.filter((call) => call.method === 'post');
    expect(JSON.stringify(post!.message!.blocks)).toContain('could not be written');
    expect(calls.some((call) => call.method === 'upload')).toBe(false);
    expect((await investigation()).evidence).toEqual([]);
  });

  it('shows more from memory, and after a restart from the evidence on disk, with the regions recorded', async () => {
    const records = Array.from({ length: 23 }, (_, i) =>
      iamUserCall({ eventID: `e-${i}`, eventTime: new Date(NOW.getTime() - i * 60_000).toISOString() }),
    );
    const first = investigator(async () => result(records));
    const again = await first.search({ query, incident: incident(), userId: 'U0ME', respond });
    const cached = await first.more(again.resultId, 10);
    expect(JSON.stringify(cached.blocks)).toContain('Showing 11–20 of 23');
    expect(JSON.stringify(cached.blocks)).toContain('user=mallory');

    // A new process: nothing in memory, the same disk and timeline.
    const restarted = investigator(async () => result([]));
    const page = await restarted.more(again.resultId, 20);
    const text = JSON.stringify(page.blocks);
    expect(text).toContain('Showing 21–23 of 23');
    expect(text).toContain('eu-west-1, us-east-1');
    expect(text).toContain('user=mallory');
    await expect(restarted.more('../../etc/20261126T110000000Z-abcdef', 0)).rejects.toMatchObject({
      code: 'BAD_RESULT_ID',
    });
  });

  it('says who triggered a CIS alarm, from the newest matching event', async () => {
    const control = CIS_CONTROLS.find((candidate) => candidate.id === 'CloudWatch.5')!;
    expect(control.eventNames).toContain('StopLogging');
    const outcome = await investigator(async () => result(tampering)).search({
      query,
      incident: incident(),
      userId: 'U0ME',
      respond,
      cis: control,
    });
    expect(outcome.triggeredBy?.userIdentity?.userName).toBe('mallory');
    const line = calls.find((call) => call.method === 'post' && call.message!.text.includes('triggered by'));
    expect(line?.message?.text).toContain('arn:aws:iam::123456789012:user/mallory');
    expect(line?.ts).toBe('1700000000.000100');
  });

  it('records who triggered a CIS alarm on the investigation event, and no trigger when none matched', async () => {
    const control = CIS_CONTROLS.find((candidate) => candidate.id === 'CloudWatch.5')!;
    await investigator(async () => result(tampering)).search({
      query,
      incident: incident(),
      userId: 'system',
      respond,
      cis: control,
    });
    const found = await investigation();
    expect(found.actor).toBe('system');
    expect(found.trigger).toEqual({
      control: 'CloudWatch.5',
      principal: 'arn:aws:iam::123456789012:user/mallory',
      eventName: 'StopLogging',
      eventTime: '2026-11-26T08:20:00Z',
      sourceIp: '203.0.113.7',
    });

    store = createMemoryStore();
    await store.create(incident());
    calls = [];
    await investigator(async () => result([iamUserCall({ eventID: 'quiet' })])).search({
      query,
      incident: incident(),
      userId: 'system',
      respond,
      cis: control,
    });
    expect((await investigation()).trigger).toBeUndefined();
    expect(calls.some((call) => call.message?.text.includes('who triggered the alarm is unknown'))).toBe(
      true,
    );
    // A search that is not about a CIS control never carries a trigger, whatever it finds.
    store = createMemoryStore();
    await store.create(incident());
    await investigator(async () => result(tampering)).search({
      query,
      incident: incident(),
      userId: 'U0ME',
      respond,
    });
    expect((await investigation()).trigger).toBeUndefined();
  });

  it("investigateIncident asks the incident's obvious query: a CIS alarm's events, with its control", async () => {
    const searched: TrailQuery[] = [];
    const announced: string[] = [];
    const cisIncident = incident({
      alarm: {
        name: 'CIS-3.5-CloudTrailChanges',
        state: 'ALARM',
        reason: 'Threshold Crossed',
        stateChangedAt: '2026-11-26T10:05:00.000Z',
        condition: 'CloudTrailEventCount (CISBenchmark) Sum >= 1 for 1×300 s',
      },
      firstAlarmAt: '2026-11-26T10:05:00.000Z',
    });
    const outcome = await investigator(async (_plan, asked) => {
      searched.push(asked);
      return result(tampering);
    }).investigateIncident(cisIncident, {
      userId: 'system',
      respond,
      announce: async (chosen) => {
        announced.push(chosen.why);
      },
    });
    expect(announced).toEqual([expect.stringContaining('CloudWatch.5')]);
    expect(searched).toHaveLength(1);
    expect(searched[0]!.events).toEqual(expect.arrayContaining(['StopLogging', 'DeleteTrail']));
    expect(searched[0]!.since).toEqual(new Date('2026-11-26T09:05:00.000Z'));
    expect(outcome.triggeredBy?.eventName).toBe('StopLogging');
    expect((await investigation()).trigger?.control).toBe('CloudWatch.5');
  });

  it('investigateIncident refuses an incident with no region, before searching', async () => {
    let searches = 0;
    const { region: _region, ...nowhere } = incident();
    await expect(
      investigator(async () => {
        searches += 1;
        return result([]);
      }).investigateIncident(nowhere, { userId: 'U0ME', respond }),
    ).rejects.toMatchObject({ code: 'NO_REGION' });
    expect(searches).toBe(0);
  });
});
