/**
 * Slack mrkdwn for untrusted text. Alarm names, descriptions, reasons, tags and CloudTrail fields are
 * attacker-influenced: one unescaped `<` turns `<!channel>` into a ping of everyone, or `<https://evil|console>`
 * into a link that looks like ours.
 */

/** Slack's three control characters, in the order Slack documents (`&` first, or `&lt;` would become `&amp;lt;`). */
export function escapeMrkdwn(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      // Bare @channel/@here/@everyone only go live when a poster sets link_names or parse=full; a word joiner
      // keeps them inert even then, and reads the same.
      .replace(/@(channel|here|everyone)\b/gi, '@\u2060$1')
  );
}

/**
 * Untrusted text inside an inline code span. A backtick would end the span early and a newline would break it,
 * so both are replaced by look-alikes; the rest is escaped as usual. `max` bounds the escaped text inside the ticks.
 */
export function mrkdwnCode(text: string, max = Number.POSITIVE_INFINITY): string {
  const inner = truncate(
    escapeMrkdwn(text)
      .replace(/`/g, '\u02cb')
      .replace(/\s*[\r\n]+\s*/g, ' '),
    max,
  );
  return `\`${inner.length > 0 ? inner : ' '}\``;
}

const ELLIPSIS = '…';

/**
 * Cuts `text` to at most `max` UTF-16 units (Slack's limits are checked on string length), ending with an ellipsis.
 * It never cuts an entity (`&amp;`), a Slack token (`<…>`) or a surrogate pair in half: a cut `&am` renders as
 * garbage and a cut `<https://…` can swallow the rest of the message.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  if (max === 1) return ELLIPSIS;
  let cut = max - ELLIPSIS.length;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  const head = text.slice(0, cut);
  const amp = head.lastIndexOf('&');
  if (amp !== -1 && !head.slice(amp).includes(';') && /^&[#a-zA-Z0-9]*;/.test(text.slice(amp))) cut = amp;
  const open = text.lastIndexOf('<', cut - 1);
  if (open !== -1 && text.indexOf('>', open) >= cut) cut = open;
  return text.slice(0, cut) + ELLIPSIS;
}

/** Escapes then truncates, the usual pairing for a value that came from outside. */
export function escapeAndTruncate(text: string, max: number): string {
  return truncate(escapeMrkdwn(text), max);
}

/**
 * A link whose label is untrusted. Only https URLs become links: a `javascript:`, `slack:` or plain-http URL from an
 * alarm renders as its label alone. Characters that would end the token early are percent-encoded.
 */
export function mrkdwnLink(url: string | undefined, label: string): string {
  const text = escapeMrkdwn(label.length > 0 ? label : 'link');
  const safe = safeHttpsUrl(url);
  return safe === undefined ? text : `<${safe}|${text}>`;
}

/** The URL in a form that cannot break out of a `<url|label>` token, or undefined when it is not https. */
export function safeHttpsUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') return undefined;
  return parsed.href.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/&/g, '&amp;');
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** "2026-11-26 08:05:43 UTC": absolute, with date, readable by someone in any timezone or in an export. */
export function formatUtc(date: Date): string {
  return (
    `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} UTC`
  );
}

/** Accepts a Date or an ISO string; undefined when it does not name a real instant. */
export function toDate(value: Date | string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * A Slack date token, shown in each reader's own timezone; clients that cannot render it show the fallback,
 * which is the UTC time with date unless given.
 */
export function slackDate(value: Date | string, fallback?: string): string {
  const date = toDate(value);
  if (date === undefined) return escapeMrkdwn(fallback ?? String(value));
  const unix = Math.floor(date.getTime() / 1000);
  // `|` and `>` would end the token early; the fallback is plain text, so escaping it is enough.
  const shown = escapeMrkdwn(fallback ?? formatUtc(date)).replace(/\|/g, '¦');
  return `<!date^${unix}^{date_short_pretty} {time}|${shown}>`;
}
