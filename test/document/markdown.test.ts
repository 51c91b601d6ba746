import { describe, expect, it } from 'vitest';
import {
  code,
  escapeMarkdownInline,
  escapeMarkdownParagraphs,
  markdownLink,
  tableCell,
} from '../../src/document/markdown.js';
import { flattened, INJECTIONS, shown, unescaped, unescapedPipes } from './injection.js';

/** Lines that would start a block if the value began a line. */
const BLOCK_START =
  /^(#{1,6}(\s|$)|[-+*](\s|$)|\d{1,9}[.)](\s|$)|>|```|~~~|={3,}\s*$|-{3,}\s*$|_{3,}\s*$|\s{4})/;

describe('escapeMarkdownInline, on the injection corpus', () => {
  it.each(INJECTIONS)('%j shows as literal text on one line', (input) => {
    const out = escapeMarkdownInline(input);
    expect(out).not.toMatch(/[\r\n\u2028\u2029\u0085\v\f]/);
    // No raw HTML, autolink or comment: every < and > is an entity, every & starts one.
    expect(out).not.toMatch(/[<>]/);
    expect(out).not.toMatch(/&(?!amp;|lt;|gt;)/);
    // No link, image, code span, emphasis, strikethrough or table column can open.
    expect(unescaped(out, '[]`*~|')).toEqual([]);
    expect(out).not.toContain('![');
    expect(out).not.toMatch(BLOCK_START);
    // And nothing is lost: the reader sees exactly the input, flattened to one line.
    expect(shown(out)).toBe(flattened(input));
  });

  it('keeps ordinary values readable', () => {
    expect(escapeMarkdownInline('prod-web-cpu-high')).toBe('prod-web-cpu-high');
    expect(escapeMarkdownInline('snake_case_name')).toBe('snake_case_name');
    expect(escapeMarkdownInline('203.0.113.77')).toBe('203.0.113.77');
    expect(escapeMarkdownInline('arn:aws:iam::123456789012:user/deploy-bot')).toBe(
      'arn:aws:iam::123456789012:user/deploy-bot',
    );
    expect(escapeMarkdownInline('Threshold Crossed: 1 datapoint (99.8)')).toBe(
      'Threshold Crossed: 1 datapoint (99.8)',
    );
  });

  it('escapes what makes an image or link, not the words around it', () => {
    expect(escapeMarkdownInline('![](http://tracker.example/p.png)')).toBe(
      '!\\[\\](http://tracker.example/p.png)',
    );
    expect(escapeMarkdownInline('[x](javascript:alert(1))')).toBe('\\[x\\](javascript:alert(1))');
    expect(escapeMarkdownInline('<http://evil.example>')).toBe('&lt;http://evil.example&gt;');
  });

  it('escapes leading block markers, and an ordered-list number only when a list could start', () => {
    expect(escapeMarkdownInline('# x')).toBe('\\# x');
    expect(escapeMarkdownInline('- x')).toBe('\\- x');
    expect(escapeMarkdownInline('1. x')).toBe('1\\. x');
    expect(escapeMarkdownInline('1.5 GB')).toBe('1.5 GB');
    expect(escapeMarkdownInline('> x')).toBe('&gt; x');
    expect(escapeMarkdownInline('   # x')).toBe('\\# x');
  });

  it('drops bidi overrides and zero-width characters that disguise a name', () => {
    expect(escapeMarkdownInline('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(escapeMarkdownInline('pay\u200bpal')).toBe('paypal');
  });
});

describe('tableCell', () => {
  it.each(INJECTIONS)('%j stays inside one cell', (input) => {
    const row = `| ${tableCell(input)} | next |`;
    expect(unescapedPipes(row)).toBe(3);
    expect(row.split('\n')).toHaveLength(1);
  });

  it('cuts a very long value so one row cannot bury the table', () => {
    const cell = tableCell('x'.repeat(10_000), 100);
    expect([...cell]).toHaveLength(100);
    expect(cell.endsWith('…')).toBe(true);
  });

  it('cuts by code point, never halving a surrogate pair', () => {
    const cell = tableCell('😀'.repeat(10), 5);
    expect(cell).toBe('😀😀😀😀…');
  });
});

describe('code', () => {
  it('puts AWS and Slack ids in code spans', () => {
    expect(code('i-0abc1234def567890')).toBe('`i-0abc1234def567890`');
    expect(code('arn:aws:iam::123456789012:role/prod-web')).toBe('`arn:aws:iam::123456789012:role/prod-web`');
    expect(code('eni:eni-0a1:isolate')).toBe('`eni:eni-0a1:isolate`');
  });

  it.each(INJECTIONS)('escapes %j instead of trusting a code span with it', (input) => {
    const out = code(input);
    if (out.startsWith('`')) expect(out).toMatch(/^`[A-Za-z0-9][A-Za-z0-9._:/@+=,-]*`$/);
    else expect(out).toBe(escapeMarkdownInline(input));
  });
});

describe('markdownLink', () => {
  it('links https URLs and relative runbook paths', () => {
    expect(markdownLink('https://example.slack.com/archives/C1/p1', 'thread')).toBe(
      '[thread](https://example.slack.com/archives/C1/p1)',
    );
    expect(markdownLink('../compromised-ec2-instance.md', 'Runbook')).toBe(
      '[Runbook](../compromised-ec2-instance.md)',
    );
  });

  it.each([
    'javascript:alert(1)',
    'http://plain-http.example',
    'data:text/html,<script>alert(1)</script>',
    'https://user:pass@example.com/',
    '../../etc/passwd',
    'not a url',
  ])('renders %j as its label alone', (url) => {
    expect(markdownLink(url, 'label')).toBe('label');
  });

  it('percent-encodes what would end the destination early', () => {
    const link = markdownLink('https://console.example/x?q=a)b(c <d>', 'x');
    expect(link).toBe('[x](https://console.example/x?q=a%29b%28c%20%3Cd%3E)');
  });

  it('escapes the label', () => {
    expect(markdownLink('https://example.com', '](javascript:x) [')).toBe(
      '[\\](javascript:x) \\[](https://example.com/)',
    );
  });
});

describe('escapeMarkdownParagraphs', () => {
  it('keeps paragraphs and line breaks, and escapes each line', () => {
    const out = escapeMarkdownParagraphs('We lost <b>10 min</b>\n- of data\n\n# Not a heading\n---');
    expect(out).toBe('We lost &lt;b&gt;10 min&lt;/b&gt;\\\n\\- of data\n\n\\# Not a heading\\\n\\---');
  });
});
