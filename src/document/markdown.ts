/**
 * Markdown for untrusted text. Alarm names and reasons, Slack notes and CloudTrail fields end up in a report that
 * people open on GitHub or in an editor preview, so a value must never turn into HTML, a live image (a tracking
 * pixel), a link with a disguised target, a table column, a heading or a list. Every such value goes through
 * `escapeMarkdownInline` (or `tableCell`, `code`), which makes it one line of literal text.
 */

/** Every way a line can end, tabs included: an inline value stays on the line it was put on. */
const LINE_BREAK = /\r\n|[\t\n\r\v\f\u0085\u2028\u2029]/g;

/**
 * Control and format characters: no renderer shows them, and bidi overrides or zero-width spaces make a "Trojan
 * source" name read differently from what it is. (Joined emoji lose their joiner; a fair price.)
 */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * `<` `>` `&` become entities (no raw HTML, no autolink, no entity smuggling); `\` `` ` `` `*` `[` `]` `|` `~` are
 * backslash-escaped (no code span, emphasis, link, image, table column or strikethrough). `_` is escaped except
 * between letters or digits, where CommonMark never reads it as emphasis, so `prod_web_cpu` stays readable.
 */
const INLINE = /[&<>\\`*[\]|~_]/g;

const WORD = /[\p{L}\p{N}]/u;

/**
 * Block constructs a value could start if a caller puts it at the beginning of a line: `#`, `-`, `+` and `=`
 * are escaped whenever they lead (headings, lists, thematic breaks, setext underlines; `>` is an entity by then,
 * `*` `_` `` ` `` `~` are escaped everywhere). An ordered-list number only when a space or the end follows, as
 * CommonMark requires, so "203.0.113.77" stays as it is.
 */
const LEADING_MARKER = /^[#+=-]/;
const LEADING_ORDERED = /^(\d{1,9})([.)])(?= |$)/;

/** One line of literal text: safe in a paragraph, a list item, a heading or a link label. */
export function escapeMarkdownInline(text: string): string {
  const flat = text.replace(LINE_BREAK, ' ').replace(INVISIBLE, '').trim();
  const escaped = flat.replace(INLINE, (char, offset: number, whole: string) => {
    if (char in ENTITY) return ENTITY[char]!;
    if (char === '_' && WORD.test(whole[offset - 1] ?? '') && WORD.test(whole[offset + 1] ?? '')) return char;
    return `\\${char}`;
  });
  if (LEADING_MARKER.test(escaped)) return `\\${escaped}`;
  return escaped.replace(LEADING_ORDERED, '$1\\$2');
}

/**
 * A GFM table cell. The inline escape already keeps `|` and line breaks out; a very long value (a 10 KB alarm
 * reason) is cut so one row cannot bury the table. An empty value stays empty.
 */
export function tableCell(text: string, max = 500): string {
  const cut = [...text];
  return escapeMarkdownInline(cut.length > max ? `${cut.slice(0, max - 1).join('')}…` : text);
}

/** Identifiers AWS and Slack hand out; only these go into code spans, where nothing needs escaping. */
const PLAIN_ID = /^[A-Za-z0-9][A-Za-z0-9._:/@+=,-]*$/;

/**
 * An id in a code span (instance ids, request ids, SHA-256 sums) when it looks like one, else escaped text: an
 * arbitrary value in backticks would need its own escaping, and `\|` inside a code span only works in tables.
 */
export function code(text: string): string {
  return PLAIN_ID.test(text) ? `\`${text}\`` : escapeMarkdownInline(text);
}

/**
 * A link whose target we built (console pages, the Slack permalink, runbook paths). Only https URLs and plain
 * relative paths become links; anything else renders as its label alone. Characters that would end the
 * destination early are percent-encoded.
 */
export function markdownLink(url: string | undefined, label: string): string {
  const text = escapeMarkdownInline(label.length > 0 ? label : 'link');
  const target = safeTarget(url);
  return target === undefined ? text : `[${text}](${target})`;
}

const RELATIVE_PATH = /^(\.\.\/)*[A-Za-z0-9][A-Za-z0-9._/-]*\.md$/;

function safeTarget(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  if (RELATIVE_PATH.test(url)) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') return undefined;
  return parsed.href.replace(/[()<>\\\s"'`]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Several lines people wrote (a summary typed in Slack): each line escaped on its own, paragraphs kept. Lines
 * inside a paragraph end in a backslash, a hard break, so a following `---` or `===` cannot make a heading of them.
 */
export function escapeMarkdownParagraphs(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((value) => escapeMarkdownInline(value))
        .filter((line) => line.length > 0)
        .join('\\\n'),
    )
    .filter((paragraph) => paragraph.length > 0)
    .join('\n\n');
}
