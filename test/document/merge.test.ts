import { describe, expect, it } from 'vitest';
import { mergeHumanSections } from '../../src/document/merge.js';
import { renderReport } from '../../src/document/report.js';
import type { TimelineEvent } from '../../src/incident/timeline.js';
import { hostileInput } from './hostile.js';
import { ALICE, at, BOB, sampleIncident, sampleInput } from './sample.js';

/** The draft as it was written mid-incident, and the fresh render after more happened. */
const draft = renderReport(
  sampleInput({
    draft: true,
    incident: sampleIncident({
      status: 'contained',
      resolution: undefined,
      closedAt: undefined,
      closedBy: undefined,
    }),
    timeline: sampleInput().timeline.slice(0, 40),
    followUps: [],
  }),
);
const fresh = renderReport(sampleInput());

const replaceOnce = (text: string, from: string, to: string): string => {
  expect(text).toContain(from);
  return text.replace(from, to);
};

const WELL = `### What went well

_To be written: what helped: detection, tooling, people, luck you can make repeatable._`;

describe('mergeHumanSections', () => {
  it('keeps the text under the lessons-learned headings and regenerates the rest', () => {
    const edited = replaceOnce(
      draft,
      WELL,
      '### What went well\n\nThe two-person rule took 90 s, not 10 min.\n\n#### Detail people added\n\n- Bob was online.',
    );
    const merged = mergeHumanSections(edited, fresh);
    expect(merged).toContain(
      '### What went well\n\nThe two-person rule took 90 s, not 10 min.\n\n#### Detail people added\n\n- Bob was online.\n\n### What went wrong\n\n_To be written:',
    );
    // Regenerated: the fresh report knows the incident was closed, the draft did not.
    expect(merged).toContain('Closed as **resolved**');
    expect(merged).not.toContain('draft: true');
  });

  it('keeps every lessons heading people filled, including the last one before the links', () => {
    let edited = draft;
    for (const [heading, text] of [
      ['What went wrong', 'Paging took 4 minutes.'],
      ['Where we got lucky', 'The miner was noisy.'],
      ['Action items', '- [ ] Alarm on NetworkOut (@U07BOB)'],
    ] as const) {
      edited = edited.replace(new RegExp(`(### ${heading}\\n\\n)_To be written: [^\\n]*_`), `$1${text}`);
    }
    const merged = mergeHumanSections(edited, fresh);
    expect(merged).toContain('### What went wrong\n\nPaging took 4 minutes.\n\n### Where we got lucky');
    expect(merged).toContain('### Where we got lucky\n\nThe miner was noisy.\n\n### Action items');
    expect(merged).toContain('### Action items\n\n- [ ] Alarm on NetworkOut (@U07BOB)\n\n## Links');
  });

  it('keeps a fenced block in the lessons whole, even when it holds lines that look like headings', () => {
    const body = '```sh\n# the command that saved us\n## not a heading\naws ec2 describe-instances\n```';
    const merged = mergeHumanSections(replaceOnce(draft, WELL, `### What went well\n\n${body}`), fresh);
    expect(merged).toContain(`### What went well\n\n${body}\n\n### What went wrong`);
  });

  it('keeps an edited Impact, and lets a fresh one replace an untouched placeholder', () => {
    const edited = replaceOnce(
      draft,
      '<!-- keep:impact -->\n_To be written: who and what was affected, for how long, and whether data left the account._',
      '<!-- keep:impact -->\nCheckout was slow for 12 minutes.\n\nNo customer data left the account.',
    );
    expect(mergeHumanSections(edited, fresh)).toContain(
      '<!-- keep:impact -->\nCheckout was slow for 12 minutes.\n\nNo customer data left the account.\n<!-- /keep -->',
    );
    const withImpact = renderReport(sampleInput({ humanSections: { impact: 'Typed in Slack.' } }));
    expect(mergeHumanSections(draft, withImpact)).toContain(
      '<!-- keep:impact -->\nTyped in Slack.\n<!-- /keep -->',
    );
  });

  it('puts a keep block people added back at the end of its section', () => {
    const edited = replaceOnce(
      draft,
      '\n\n## Containment actions',
      '\n\n<!-- keep -->\nTimes before 08:10 are from the on-call phone, not Slack.\n<!-- /keep -->\n\n## Containment actions',
    );
    const merged = mergeHumanSections(edited, fresh);
    expect(merged).toMatch(
      /\| Status remediated → \*\*closed\*\* \|\n\n<!-- keep -->\nTimes before 08:10 are from the on-call phone, not Slack\.\n<!-- \/keep -->\n\n## Containment actions\n/,
    );
  });

  it('falls back to the parent section when the nearest heading changed, and to the end when both did', () => {
    const isolating = draft.replace(
      '### Isolate `i-0abc1234def567890`: contained',
      '### Isolate `i-0abc1234def567890`: running',
    );
    const edited = replaceOnce(
      isolating,
      '\n\n### Revoke',
      '\n\n<!-- keep -->\nThe NAT warning was expected.\n<!-- /keep -->\n\n### Revoke',
    ).replace(
      '\n\n## Links',
      '\n\n## Forensics\n\n<!-- keep -->\nDisk image at s3://forensics/inc-42\n<!-- /keep -->\n\n## Links',
    );
    const merged = mergeHumanSections(edited, fresh);
    const containment = merged.slice(
      merged.indexOf('## Containment actions'),
      merged.indexOf('## Investigation'),
    );
    expect(
      containment.trimEnd().endsWith('<!-- keep -->\nThe NAT warning was expected.\n<!-- /keep -->'),
    ).toBe(true);
    expect(
      merged.endsWith(
        '## Kept from the previous version\n\n<!-- keep -->\nDisk image at s3://forensics/inc-42\n<!-- /keep -->\n',
      ),
    ).toBe(true);
  });

  it('is idempotent', () => {
    const edited = replaceOnce(draft, WELL, '### What went well\n\nFast isolation.').replace(
      '\n\n## Investigation',
      '\n\n<!-- keep -->\nmine\n<!-- /keep -->\n\n## Investigation',
    );
    const once = mergeHumanSections(edited, fresh);
    expect(mergeHumanSections(once, fresh)).toBe(once);
    expect(mergeHumanSections(once, once)).toBe(once);
  });

  it('changes nothing when nobody wrote anything', () => {
    expect(mergeHumanSections(draft, fresh)).toBe(fresh);
    expect(mergeHumanSections('', fresh)).toBe(fresh);
  });

  it('is not fooled by escaped values that look like markers or lessons headings', () => {
    const hostile = renderReport(hostileInput());
    const note: TimelineEvent = { type: 'note', at: at(130), actor: BOB, text: 'late note' };
    const later = renderReport({ ...hostileInput(), timeline: [...hostileInput().timeline, note] });
    expect(mergeHumanSections(hostile, later)).toBe(later);
  });

  it('reads a file saved with CRLF line endings', () => {
    const edited = replaceOnce(draft, WELL, '### What went well\n\nSaved on Windows.').replace(/\n/g, '\r\n');
    expect(mergeHumanSections(edited, fresh)).toContain(
      '### What went well\n\nSaved on Windows.\n\n### What went wrong',
    );
  });

  it('keeps an unterminated keep block up to the next section instead of swallowing the file', () => {
    const edited = replaceOnce(
      draft,
      '\n\n## Investigation',
      '\n\n<!-- keep -->\nforgot to close\n\n## Investigation',
    );
    const merged = mergeHumanSections(edited, fresh);
    expect(merged).toContain('<!-- keep -->\nforgot to close\n<!-- /keep -->\n\n## Investigation');
    expect(merged).toContain('## Lessons learned');
  });

  it('keeps nothing from a heading people deleted, and still writes it fresh', () => {
    const edited = draft.replace(`${WELL}\n\n`, '');
    expect(mergeHumanSections(edited, fresh)).toContain(WELL);
    expect(ALICE).toBe('U07ALICE');
  });
});
