import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { closeModal, parseCloseSubmission } from '../../src/document/close-modal.js';
import { eventText } from '../../src/document/event-text.js';
import { exportFileName, timelineJsonLines } from '../../src/document/export.js';
import { renderReport } from '../../src/document/report.js';
import { humanSectionsFrom, reportInputFrom } from '../../src/document/report-input.js';
import { shareComment } from '../../src/document/reports.js';
import type { TimelineEvent } from '../../src/incident/timeline.js';
import {
  ALICE,
  at,
  BOB,
  isolationAction,
  NOW,
  revokeAction,
  sampleIncident,
  sampleTimeline,
} from './sample.js';

const investigation: TimelineEvent = {
  type: 'investigation',
  at: at(30),
  actor: BOB,
  query: 'user=deploy-bot since=24h',
  regions: ['us-east-1'],
  eventCount: 41,
  truncated: false,
  flagged: [
    {
      rule: 'console-login-without-mfa',
      eventTime: at(1),
      principal: 'deploy-bot',
      eventName: 'ConsoleLogin',
      sourceIp: '203.0.113.77',
    },
  ],
  evidence: [{ name: 'trail-1.jsonl', sha256: 'a'.repeat(64), bytes: 1200 }],
};

describe('reportInputFrom', () => {
  const timeline: TimelineEvent[] = [
    ...sampleTimeline(),
    investigation,
    { type: 'followup-added', at: at(130), actor: ALICE, text: 'rotate keys', owner: BOB },
    { type: 'followup-added', at: at(131), actor: ALICE, text: 'enable MFA' },
    { type: 'followup-done', at: at(132), actor: BOB, number: 2 },
    { type: 'closed', at: at(133), actor: ALICE, resolution: 'resolved', summary: 'first', impact: 'none' },
    { type: 'closed', at: at(134), actor: ALICE, resolution: 'resolved', summary: 'Miner removed.' },
  ];
  const other = { ...revokeAction(), id: 'act-other', incidentId: 'INC-9' };
  const input = reportInputFrom({
    incident: sampleIncident(),
    timeline,
    actions: [revokeAction(), other, isolationAction()],
    runbooks: [],
    now: NOW,
    slackThreadUrl: 'https://example.slack.com/archives/C1/p1',
  });

  it('takes investigations and follow-ups from the timeline events, and only this incident’s actions', () => {
    expect(input.investigations).toEqual([
      {
        query: 'user=deploy-bot since=24h',
        ranBy: BOB,
        ranAt: at(30),
        regions: ['us-east-1'],
        eventCount: 41,
        truncated: false,
        flagged: (investigation as Extract<TimelineEvent, { type: 'investigation' }>).flagged,
        evidence: [{ name: 'trail-1.jsonl', sha256: 'a'.repeat(64), bytes: 1200 }],
      },
    ]);
    expect(input.followUps).toEqual([
      { title: 'Delete the two deploy-bot access keys', owner: ALICE, done: true },
      { title: 'rotate keys', owner: BOB, done: true },
      { title: 'enable MFA', done: false },
    ]);
    expect(input.actions.map((action) => action.id)).toEqual([isolationAction().id, revokeAction().id]);
    expect(input.draft).toBe(false);
  });

  it('uses the latest close’s summary, and its impact only if that close gave one', () => {
    expect(input.humanSections).toEqual({ summary: 'Miner removed.' });
    expect(humanSectionsFrom([])).toEqual({});
  });

  it('is a draft while the incident is open, and renders', () => {
    const open = reportInputFrom({
      incident: sampleIncident({
        status: 'remediated',
        resolution: undefined,
        closedAt: undefined,
        closedBy: undefined,
      }),
      timeline,
      actions: [],
      runbooks: [],
      now: NOW,
    });
    expect(open.draft).toBe(true);
    const markdown = renderReport(open);
    const front = parse(markdown.split('\n---\n')[0]!.slice(4)) as Record<string, unknown>;
    expect(front.draft).toBe(true);
    expect(markdown).toContain('- [x] rotate keys (owner @U07BOB)');
    expect(markdown).toContain('user=deploy-bot since=24h');
  });
});

describe('timeline event text for remediate and document events', () => {
  it('links only Slack permalinks from the shortcut, and escapes the copied text', () => {
    const note = (permalink: string): TimelineEvent => ({
      type: 'note',
      at: at(1),
      actor: ALICE,
      text: '<img src=x> | ![](http://tracker)',
      source: { author: BOB, postedAt: at(0), permalink },
    });
    const slack = eventText(note('https://acme.slack.com/archives/C07INCIDENT/p1795680722000300'));
    expect(slack).toContain('[message](https://acme.slack.com/archives/C07INCIDENT/p1795680722000300)');
    expect(slack).toContain('&lt;img src=x&gt; \\| !\\[\\](http://tracker)');
    const hostileAuthor = eventText({
      type: 'note',
      at: at(1),
      actor: ALICE,
      text: 'x',
      source: { author: '<!channel> | *bold*', postedAt: 'yesterday | # heading' },
    });
    expect(hostileAuthor).toBe('Message from &lt;!channel&gt; \\| \\*bold\\* at yesterday \\| # heading: x');
    const evil = eventText(note('https://evil.example/archives/C1/p1'));
    expect(evil).not.toContain('](https://evil');
  });

  it('writes follow-ups, remediations and reports in words', () => {
    expect(
      eventText({ type: 'followup-added', at: at(1), actor: ALICE, text: 'rotate | keys', owner: '@bob' }),
    ).toBe('Follow-up added: rotate \\| keys (owner @bob)');
    expect(eventText({ type: 'followup-done', at: at(1), actor: ALICE, number: 3 })).toBe('Follow-up 3 done');
    expect(
      eventText({
        type: 'remediation',
        at: at(1),
        actor: ALICE,
        operation: 'remove-deny',
        actionId: 'ACT-2',
        target: 'web-app (deny)',
        outcome: 'failed',
        steps: [
          {
            title: 'Remove the policy',
            status: 'failed',
            requestIds: ['r-1'],
            error: 'AWS_ACCESS_DENIED: no',
          },
        ],
      }),
    ).toBe(
      'Remove deny policy of web-app (deny) (`ACT-2`): **failed**; Remove the policy failed (AWS_ACCESS_DENIED: no) (request `r-1`)',
    );
  });
});

describe('export', () => {
  it('writes one JSON object a line, in audit order, each naming the incident; newlines in values stay escaped', () => {
    const text = timelineJsonLines('INC-3', [
      { type: 'note', at: at(1), actor: ALICE, text: 'two\nlines' },
      { type: 'acknowledged', at: at(2), actor: BOB },
    ]);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toEqual({
      incident: 'INC-3',
      type: 'note',
      at: at(1),
      actor: ALICE,
      text: 'two\nlines',
    });
    expect(JSON.parse(lines[1]!).type).toBe('acknowledged');
    expect(timelineJsonLines('INC-3', [])).toBe('');
    expect(exportFileName('INC-3')).toBe('INC-3-timeline.jsonl');
  });
});

describe('the close modal', () => {
  it('preselects the resolution from the card menu and reads the submission', () => {
    const view = closeModal({ id: 'INC-3', title: 'key leak' }, 'false-positive');
    expect(view.callback_id).toBe('incident.close.submit');
    expect(view.private_metadata).toBe('INC-3');
    expect(JSON.stringify(view.blocks)).toContain(
      '"initial_option":{"text":{"type":"plain_text","text":"False positive"',
    );
    expect(
      parseCloseSubmission({
        resolution: { resolution: { selected_option: { value: 'resolved' } } },
        summary: { summary: { value: '  rotated  ' } },
        impact: { impact: { value: '' } },
      }),
    ).toEqual({ ok: true, resolution: 'resolved', summary: 'rotated' });
  });

  it('answers a missing or forged resolution on the field', () => {
    expect(parseCloseSubmission({})).toEqual({ ok: false, errors: { resolution: 'Pick a resolution.' } });
    expect(
      parseCloseSubmission({ resolution: { resolution: { selected_option: { value: 'exploded' } } } }),
    ).toMatchObject({
      ok: false,
    });
  });
});

describe('the message posted with the report', () => {
  it('escapes the title and says draft or final', () => {
    const text = shareComment(
      { id: 'INC-3', title: '<!channel> key leak', status: 'open' },
      { relativePath: 'incidents/2026-11-26-INC-3-key-leak.md', draft: true },
    );
    expect(text).toContain('Draft report');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt;');
    expect(
      shareComment(
        { id: 'INC-3', title: 't', status: 'closed', resolution: 'resolved' },
        { relativePath: 'incidents/x.md', draft: false, commit: 'abcdef0123456789' },
      ),
    ).toContain('Committed as `abcdef012345`');
  });
});
