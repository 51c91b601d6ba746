/**
 * Splits the text after `/ir <subcommand>` into positional words and key=value options.
 * Values may be quoted with '…', "…" or Slack's curly quotes, which phones and macOS substitute as people type.
 */
export interface ParsedArgs {
  positional: string[];
  options: Record<string, string>;
}

export type ArgsResult = { ok: true; args: ParsedArgs } | { ok: false; problem: string };

const QUOTES: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’' };

export function tokenize(text: string): { ok: true; tokens: string[] } | { ok: false; problem: string } {
  const tokens: string[] = [];
  let current = '';
  let inToken = false;
  let closing: string | undefined;
  for (const char of text) {
    if (closing) {
      if (char === closing) closing = undefined;
      else current += char;
    } else if (QUOTES[char] && (!inToken || current.endsWith('='))) {
      // A quote opens only at the start of a word or a value, so "it's fixed" stays two plain words.
      closing = QUOTES[char];
      inToken = true;
    } else if (/\s/.test(char)) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
    } else {
      current += char;
      inToken = true;
    }
  }
  if (closing) return { ok: false, problem: `a quote is not closed (expected ${closing})` };
  if (inToken) tokens.push(current);
  return { ok: true, tokens };
}

export function parseArgs(text: string, allowedOptions: readonly string[]): ArgsResult {
  const tokenized = tokenize(text);
  if (!tokenized.ok) return tokenized;
  const args: ParsedArgs = { positional: [], options: {} };
  for (const token of tokenized.tokens) {
    const match = /^([a-z][a-z_-]*)=(.*)$/s.exec(token);
    if (!match) {
      args.positional.push(token);
      continue;
    }
    const [, key, value] = match as unknown as [string, string, string];
    if (!allowedOptions.includes(key)) {
      const known = allowedOptions.length ? ` (known: ${allowedOptions.map((o) => `${o}=`).join(', ')})` : '';
      return { ok: false, problem: `unknown option \`${key}=\`${known}` };
    }
    if (value === '') return { ok: false, problem: `\`${key}=\` needs a value` };
    if (key in args.options) return { ok: false, problem: `\`${key}=\` is given twice` };
    args.options[key] = value;
  }
  return { ok: true, args };
}
