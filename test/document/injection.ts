/**
 * The markdown-injection corpus, and a reader's view of escaped text: what a CommonMark renderer shows for it once
 * backslash escapes and the three entities are resolved. Shared by the escaping and the renderer tests.
 */

export const INJECTIONS: readonly string[] = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<details open><summary>hidden</summary>',
  '<!-- /keep -->',
  '<!-- keep -->',
  '![](http://tracker.example/pixel.png)',
  '![alt](https://tracker.example/p.gif "title")',
  '[click here](javascript:alert(document.cookie))',
  '[console](https://evil.example/aws)',
  '[![badge](http://t.example/b.svg)](http://evil.example)',
  '[x]: http://evil.example/ref',
  '[ref][x]',
  '[^1]',
  '<http://evil.example/autolink>',
  '<mailto:ceo@example.com>',
  'http://tracker.example/bare.png',
  'www.evil.example/page',
  '# PWNED heading',
  '###### PWNED',
  '- PWNED list item',
  '* PWNED list item',
  '+ PWNED list item',
  '> PWNED quote',
  '1. PWNED ordered',
  '7) PWNED ordered',
  '```js PWNED fence',
  '~~~ PWNED fence',
  '---',
  '===',
  '***',
  '___',
  '- - -',
  '    PWNED indented code',
  '\tPWNED tab-indented',
  'cell | PWNED | column',
  'first line\n# PWNED after newline',
  'first line\r\n- PWNED after CRLF',
  'first line\r> PWNED after CR',
  'first\u2028# PWNED after line separator',
  'first\u20291. PWNED after paragraph separator',
  'first\u0085``` PWNED after NEL',
  'first\u000b# PWNED after vertical tab',
  'first\f- PWNED after form feed',
  'title\n---\nPWNED: front matter',
  'setext\n===',
  '&lt;script&gt; already escaped',
  '&#60;script&#62; numeric entity',
  '&amp;',
  'a & b',
  '`code span`',
  '``double``',
  'trailing backslash \\',
  '\\# escaped hash',
  '\\[not a link\\](x)',
  '*bold* _em_ __strong__ ~~strike~~',
  'snake_case_name stays',
  'gnp.\u202eexe',
  'zero\u200bwidth',
  'nul\u0000byte',
  'bell\u0007',
  'a  \nhard break',
  '$$\\href{http://evil.example}{x}$$',
  '@org/security-team',
  '<@U123ABC> <!channel>',
];

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

/** What a reader sees: backslash-escaped ASCII punctuation and our three entities resolved, nothing else. */
export function shown(markdown: string): string {
  return markdown.replace(/\\([!-/:-@[-`{-~])|&(?:amp|lt|gt);/g, (match, escaped: string | undefined) =>
    escaped !== undefined ? escaped : ENTITIES[match]!,
  );
}

/** The input as one line: what escaping may change (line breaks, invisible characters, outer blanks). */
export function flattened(text: string): string {
  return text
    .replace(/\r\n|[\t\n\r\v\f\u0085\u2028\u2029]/g, ' ')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim();
}

/** `|` characters that end a table cell: those not escaped by a backslash. */
export function unescapedPipes(line: string): number {
  let count = 0;
  for (let i = 0; i < line.length; i += 1) {
    if (line[i] === '\\') i += 1;
    else if (line[i] === '|') count += 1;
  }
  return count;
}

/** Characters with inline meaning that appear without a backslash before them. */
export function unescaped(line: string, chars: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < line.length; i += 1) {
    if (line[i] === '\\') i += 1;
    else if (chars.includes(line[i]!)) found.push(line[i]!);
  }
  return found;
}
