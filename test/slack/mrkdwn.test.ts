import { describe, expect, it } from 'vitest';
import {
  escapeAndTruncate,
  escapeMrkdwn,
  formatUtc,
  mrkdwnCode,
  mrkdwnLink,
  safeHttpsUrl,
  slackDate,
  truncate,
} from '../../src/slack/mrkdwn.js';

/** An `&` that does not start one of the three entities Slack knows is a cut entity or an unescaped ampersand. */
const BROKEN_ENTITY = /&(?!amp;|lt;|gt;)/;

describe('escapeMrkdwn', () => {
  it('escapes & before < and > so existing entities stay literal', () => {
    expect(escapeMrkdwn('a & b')).toBe('a &amp; b');
    expect(escapeMrkdwn('&lt;')).toBe('&amp;lt;');
    expect(escapeMrkdwn('x > y < z')).toBe('x &gt; y &lt; z');
  });

  it('keeps Slack control sequences from going live', () => {
    expect(escapeMrkdwn('<!channel>')).toBe('&lt;!channel&gt;');
    expect(escapeMrkdwn('<@U123ABC>')).toBe('&lt;@U123ABC&gt;');
    expect(escapeMrkdwn('<https://evil.example|console>')).toBe('&lt;https://evil.example|console&gt;');
    expect(escapeMrkdwn('<!subteam^S1|oncall>')).not.toContain('<');
  });

  it('makes bare @channel/@here/@everyone inert but leaves other @words alone', () => {
    expect(escapeMrkdwn('ping @channel and @Here now')).toBe('ping @\u2060channel and @\u2060Here now');
    expect(escapeMrkdwn('@everyone')).toBe('@\u2060everyone');
    expect(escapeMrkdwn('user@channelfactory.example')).toBe('user@channelfactory.example');
  });

  it('leaves formatting characters alone outside our own code spans', () => {
    expect(escapeMrkdwn('*bold* _it_ ~s~')).toBe('*bold* _it_ ~s~');
  });
});

describe('truncate', () => {
  it('returns short text unchanged and cuts long text to max with an ellipsis', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abcdef', 4)).toHaveLength(4);
    expect(truncate('abcdef', 1)).toBe('…');
    expect(truncate('abcdef', 0)).toBe('');
  });

  it('never cuts an entity in half', () => {
    expect(truncate('a&amp;b', 4)).toBe('a…');
    expect(truncate('a&amp;bcdef', 7)).toBe('a&amp;…');
    const escaped = escapeMrkdwn('<&>'.repeat(50));
    for (let max = 0; max <= escaped.length; max++) {
      const cut = truncate(escaped, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut.replace(/…$/, '')).not.toMatch(BROKEN_ENTITY);
    }
  });

  it('never cuts a Slack token or a surrogate pair in half', () => {
    expect(truncate('see <https://x.example|x> now', 10)).toBe('see …');
    expect(truncate('see <https://x.example|x> now', 26)).toBe('see <https://x.example|x>…');
    expect(truncate('ab😀cd', 4)).toBe('ab…');
  });

  it('escapeAndTruncate bounds the escaped length, which is what Slack counts', () => {
    const out = escapeAndTruncate('<'.repeat(1000), 100);
    expect(out.length).toBeLessThanOrEqual(100);
    expect(out).toMatch(/^(&lt;)+…$/);
  });
});

describe('mrkdwnCode', () => {
  it('escapes, and replaces backticks and newlines that would end the span', () => {
    expect(mrkdwnCode('a`b\nc <x>')).toBe('`a\u02cbb c &lt;x&gt;`');
    expect(mrkdwnCode('')).toBe('` `');
  });

  it('bounds the escaped text inside the ticks', () => {
    const out = mrkdwnCode('&'.repeat(500), 50);
    expect(out.length).toBeLessThanOrEqual(52);
    expect(out.slice(1, -2)).not.toMatch(BROKEN_ENTITY);
  });
});

describe('mrkdwnLink', () => {
  it('links https URLs with an escaped label', () => {
    expect(mrkdwnLink('https://console.aws.amazon.com/x', 'a <b> & c')).toBe(
      '<https://console.aws.amazon.com/x|a &lt;b&gt; &amp; c>',
    );
  });

  it('refuses anything that is not https and renders the label alone', () => {
    expect(mrkdwnLink('http://example.com', 'plain')).toBe('plain');
    expect(mrkdwnLink('javascript:alert(1)', '<!channel>')).toBe('&lt;!channel&gt;');
    expect(mrkdwnLink('slack://open', 'x')).toBe('x');
    expect(mrkdwnLink('not a url', 'x')).toBe('x');
    expect(mrkdwnLink(undefined, 'x')).toBe('x');
    expect(mrkdwnLink('https://user:pw@example.com/', 'x')).toBe('x');
  });

  it('encodes characters that would end the token early', () => {
    expect(safeHttpsUrl('https://x.example/a|b>c d')).toBe('https://x.example/a%7Cb%3Ec%20d');
    expect(safeHttpsUrl('https://x.example/?a=1&b=2')).toBe('https://x.example/?a=1&amp;b=2');
    const link = mrkdwnLink('https://x.example/a|<!channel>', 'label');
    expect(link).toBe('<https://x.example/a%7C%3C!channel%3E|label>');
  });
});

describe('dates', () => {
  it('formats UTC with date', () => {
    expect(formatUtc(new Date('2026-11-26T08:05:43.219Z'))).toBe('2026-11-26 08:05:43 UTC');
    expect(formatUtc(new Date('2027-01-02T03:04:05Z'))).toBe('2027-01-02 03:04:05 UTC');
  });

  it('builds a Slack date token whose fallback is the UTC time with date', () => {
    expect(slackDate(new Date('2026-11-26T08:05:43.219Z'))).toBe(
      '<!date^1795680343^{date_short_pretty} {time}|2026-11-26 08:05:43 UTC>',
    );
    expect(slackDate('2026-11-26T08:05:43Z', 'at <dawn> | later')).toBe(
      '<!date^1795680343^{date_short_pretty} {time}|at &lt;dawn&gt; ¦ later>',
    );
  });

  it('renders an unreadable date as escaped text, not a broken token', () => {
    expect(slackDate('not a date')).toBe('not a date');
    expect(slackDate('<!channel>')).toBe('&lt;!channel&gt;');
  });
});
