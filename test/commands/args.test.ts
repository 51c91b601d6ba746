import { describe, expect, it } from 'vitest';
import { parseArgs, tokenize } from '../../commands/args.js';

function tokens(text: string): string[] {
  const result = tokenize(text);
  if (!result.ok) throw new Error(`unexpected problem: ${result.problem}`);
  return result.tokens;
}

function args(text: string, allowed: readonly string[] = ['inc']) {
  const result = parseArgs(text, allowed);
  if (!result.ok) throw new Error(`unexpected problem: ${result.problem}`);
  return result.args;
}

function problem(text: string, allowed: readonly string[] = ['inc']): string {
  const result = parseArgs(text, allowed);
  if (result.ok) throw new Error(`expected a problem for ${JSON.stringify(text)}`);
  return result.problem;
}

describe('tokenize', () => {
  it('splits on any run of whitespace and ignores leading and trailing space', () => {
    expect(tokens('  resolved \t inc=INC-3\n rolled   back ')).toEqual([
      'resolved',
      'inc=INC-3',
      'rolled',
      'back',
    ]);
  });

  it('returns no tokens for empty or blank text', () => {
    expect(tokens('')).toEqual([]);
    expect(tokens('   \n\t')).toEqual([]);
  });

  it('keeps a straight-quoted value with its spaces exactly', () => {
    expect(tokens('"rolled  back   the deploy"')).toEqual(['rolled  back   the deploy']);
    expect(tokens("'two  spaces'")).toEqual(['two  spaces']);
  });

  it('accepts the curly quotes phones and macOS substitute', () => {
    expect(tokens('“rolled back” ‘the  deploy’')).toEqual(['rolled back', 'the  deploy']);
  });

  it('opens a quote only at the start of a word or a value, so key="a b" is one token and x“a b”y is two words', () => {
    expect(tokens('inc="INC 7" x“a b”y')).toEqual(['inc=INC 7', 'x“a', 'b”y']);
  });

  it('keeps the other kind of quote inside a quoted value', () => {
    expect(tokens(`"it's fine" 'say "hi"' “don’t”`)).toEqual(["it's fine", 'say "hi"', 'don’t']);
  });

  it('keeps an empty quoted value as an empty token', () => {
    expect(tokens('a "" b')).toEqual(['a', '', 'b']);
  });

  it('reports an unterminated quote, naming the quote it expected', () => {
    expect(tokenize('"rolled back')).toEqual({ ok: false, problem: 'a quote is not closed (expected ")' });
    expect(tokenize("'rolled back")).toEqual({ ok: false, problem: "a quote is not closed (expected ')" });
    expect(tokenize('“rolled back')).toEqual({ ok: false, problem: 'a quote is not closed (expected ”)' });
    // A straight quote does not close a curly one.
    expect(tokenize('“rolled back"').ok).toBe(false);
  });
});

describe('parseArgs', () => {
  it('separates positional words from allowed key=value options', () => {
    expect(args('resolved inc=INC-12 rolled back')).toEqual({
      positional: ['resolved', 'rolled', 'back'],
      options: { inc: 'INC-12' },
    });
  });

  it('keeps a quoted option value with spaces exactly', () => {
    expect(args('note="a  b “c”"', ['note']).options.note).toBe('a  b “c”');
    expect(args('note=“two  words”', ['note']).options.note).toBe('two  words');
  });

  it('keeps = signs after the first in the value', () => {
    expect(args('q=a=b', ['q']).options.q).toBe('a=b');
  });

  it('treats words that are not key=value as positional (URLs, capitalised keys, leading =)', () => {
    expect(args('https://example.com/?a=b INC=INC-1 =x').positional).toEqual([
      'https://example.com/?a=b',
      'INC=INC-1',
      '=x',
    ]);
  });

  it('refuses an unknown option and lists the known ones', () => {
    expect(problem('resolved foo=bar')).toBe('unknown option `foo=` (known: inc=)');
    expect(problem('user=U1', ['inc', 'region'])).toBe('unknown option `user=` (known: inc=, region=)');
  });

  it('refuses any option when the subcommand takes none, without an empty list', () => {
    expect(problem('inc=INC-1', [])).toBe('unknown option `inc=`');
  });

  it('refuses a duplicate option', () => {
    expect(problem('inc=INC-1 inc=INC-2')).toBe('`inc=` is given twice');
    expect(problem('inc=INC-1 inc=INC-1')).toBe('`inc=` is given twice');
  });

  it('refuses an empty value, bare or quoted', () => {
    expect(problem('inc=')).toBe('`inc=` needs a value');
    expect(problem('inc=""')).toBe('`inc=` needs a value');
  });

  it('passes a tokenizer problem through', () => {
    expect(problem('resolved "oops')).toBe('a quote is not closed (expected ")');
  });

  it('returns empty args for empty text', () => {
    expect(args('')).toEqual({ positional: [], options: {} });
  });

  // A straight apostrophe inside a word is ordinary English in a summary, not an opening quote.
  it('accepts an apostrophe inside a word', () => {
    expect(args("resolved it's fixed").positional).toEqual(['resolved', "it's", 'fixed']);
  });
});
