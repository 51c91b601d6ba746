import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderReport } from '../../src/document/report.js';
import { expectGolden } from './golden.js';
import { HOSTILE, hostileInput } from './hostile.js';
import { unescaped, unescapedPipes } from './injection.js';

/** Splits off the front matter: the renderer writes `---`, the YAML, `---`. */
function split(markdown: string): { yaml: string; body: string[] } {
  const lines = markdown.split('\n');
  const close = lines.indexOf('---', 1);
  return { yaml: lines.slice(1, close).join('\n'), body: lines.slice(close + 1) };
}

const OUR_HEADINGS =
  /^(# INC-2026-0042: |## (Summary|Impact|Timeline|Containment actions|Investigation|Follow-ups|Five phases|Lessons learned|Links)$|### (What went well|What went wrong|Where we got lucky|Action items|Who triggered the alarm|Flagged events|Evidence files)$|### (Isolate|Revoke) )/;
const OUR_LIST_ITEMS = /^(- (\*\*|\[[ x]\] |Slack thread: |AWS console:$|Runbooks:)| {2}- )/;
const OUR_LINK_TARGETS =
  /^\]\((https:\/\/us-east-1\.console\.aws\.amazon\.com\/|https:\/\/[a-z0-9-]+\.slack\.com\/archives\/|\.\.\/)/;

/** Every structural problem a value could cause, as readable strings (an empty list is a pass). */
function structuralProblems(body: readonly string[]): string[] {
  const problems: string[] = [];
  let columns: number | undefined;
  body.forEach((line, i) => {
    const where = `line ${i + 1}: ${line.slice(0, 80)}`;
    if (/^#{1,6}\s/.test(line) && !OUR_HEADINGS.test(line)) problems.push(`foreign heading, ${where}`);
    if (/^\s*([-+*]|\d{1,9}[.)])\s/.test(line) && !OUR_LIST_ITEMS.test(line))
      problems.push(`foreign list, ${where}`);
    if (/^\s*(>|```|~~~|\s{4}\S)/.test(line) && !/^> \*\*(Draft|DRILL)/.test(line))
      problems.push(`block quote or code, ${where}`);
    if (/^[-=_*]{3,}\s*$/.test(line)) problems.push(`thematic break or setext, ${where}`);
    if (/[<>]/.test(line) && !/^<!-- (keep(:[a-z-]+)?|\/keep) -->$/.test(line))
      problems.push(`raw < or >, ${where}`);
    if (/&(?!amp;|lt;|gt;)/.test(line)) problems.push(`bare &, ${where}`);
    if (line.includes('![')) problems.push(`image, ${where}`);
    if (unescaped(line, '`').length % 2 !== 0) problems.push(`unbalanced code span, ${where}`);
    for (const match of line.matchAll(/(?<!\\)\]\(/g)) {
      if (!OUR_LINK_TARGETS.test(line.slice(match.index))) problems.push(`foreign link, ${where}`);
    }
    // Table rows keep the header's column count.
    if (line.startsWith('|')) {
      const pipes = unescapedPipes(line);
      columns ??= pipes;
      if (pipes !== columns) problems.push(`table row with ${pipes} pipes, not ${columns}, ${where}`);
    } else {
      columns = undefined;
    }
  });
  return problems;
}

describe('renderReport with hostile values everywhere', () => {
  const markdown = renderReport(hostileInput());
  const { yaml, body } = split(markdown);

  it('keeps the markdown structure intact', () => {
    expect(structuralProblems(body)).toEqual([]);
  });

  it('shows every payload as text (it is in the report, just inert)', () => {
    expect(markdown).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(markdown).toContain('!\\[\\](http://tracker.example/pixel.png) prod-web');
    expect(markdown).toContain('\\[click\\](javascript:alert(1)) \\| PWNED \\|');
    expect(markdown).toContain(
      '&lt;img src=x onerror=alert(1)&gt; - PWNED item &lt;!-- /keep --&gt; ### What went well',
    );
  });

  it('keeps the title inside the front matter, as one value', () => {
    const data = parse(yaml) as Record<string, unknown>;
    expect(data.title).toBe(HOSTILE.title);
    expect(data.alarms).toEqual([HOSTILE.alarmName]);
    expect(yaml.split('\n').filter((line) => line.trim() === '---')).toEqual([]);
    expect(Object.keys(data)).not.toContain('PWNED');
  });

  it('links nothing it did not build: a javascript: thread URL is dropped, console URLs are encoded', () => {
    expect(markdown).toContain('- Slack thread: incident thread');
    expect(markdown).not.toContain('javascript:alert("PWNED")');
    expect(markdown).toContain('InstanceDetails:instanceId=i-0abc%29%5D%28javascript%3Aalert%281%29%29');
  });

  it('does not vouch for a hash that is not one', () => {
    expect(markdown).toContain('not-a-hash\\|PWNED (not a SHA-256)');
  });

  it('renders a human summary from Slack escaped, paragraphs kept', () => {
    const withSummary = renderReport({
      ...hostileInput(),
      humanSections: {
        summary: '# PWNED\n<script>x</script>\n\n- second paragraph',
        impact: '> PWNED impact',
      },
    });
    const { body: lines } = split(withSummary);
    expect(structuralProblems(lines)).toEqual([]);
    expect(withSummary).toContain('\\# PWNED\\\n&lt;script&gt;x&lt;/script&gt;\n\n\\- second paragraph');
    expect(withSummary).toContain('<!-- keep:impact -->\n&gt; PWNED impact\n<!-- /keep -->');
  });

  it('matches its golden file', () => {
    expectGolden('hostile.md', markdown);
  });
});
