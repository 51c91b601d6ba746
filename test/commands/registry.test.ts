import { describe, expect, it } from 'vitest';
import type { SlashCommand } from '../../commands/command.js';
import { usageLine } from '../../commands/command.js';
import { helpText } from '../../commands/help.js';
import { COMMANDS, type Dispatch, dispatch } from '../../commands/registry.js';

const CLOSE_USAGE = '/ir close [<resolved|false-positive|duplicate|mitigated>] [inc=<id>] [summary]';

/** What Slack shows for mrkdwn text: its three entities decoded. */
const shown = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function reply(decision: Dispatch): string {
  if (decision.kind !== 'reply') throw new Error(`expected a reply, got a run of ${decision.spec.name}`);
  return decision.text;
}

function run(decision: Dispatch) {
  if (decision.kind !== 'run')
    throw new Error(`expected a run, got the reply ${JSON.stringify(decision.text)}`);
  return decision;
}

describe('the registry', () => {
  it('holds help, status and close, each once', () => {
    const names = COMMANDS.map((spec) => spec.name);
    expect(names).toEqual(expect.arrayContaining(['help', 'status', 'close']));
    expect(new Set(names).size).toBe(names.length);
  });

  it('gives every command a summary and at least one example that itself dispatches to that command', () => {
    for (const spec of COMMANDS) {
      expect(spec.summary.length).toBeGreaterThan(0);
      expect(spec.examples.length).toBeGreaterThan(0);
      for (const example of spec.examples) {
        const decision = dispatch('/ir', example);
        // help answers in the ack; every other example must reach its own command.
        if (spec.answer) expect(decision).toEqual({ kind: 'reply', text: spec.answer('/ir') });
        else expect(run(decision).spec.name).toBe(spec.name);
      }
    }
  });
});

describe('dispatch', () => {
  it('answers help, in the ack, for empty or blank text', () => {
    const help = helpText('/ir', COMMANDS);
    expect(reply(dispatch('/ir', ''))).toBe(help);
    expect(reply(dispatch('/ir', '   \n'))).toBe(help);
  });

  it('runs a subcommand with its parsed arguments', () => {
    const decision = run(dispatch('/ir', 'close resolved inc=INC-12 rolled back the deploy'));
    expect(decision.spec.name).toBe('close');
    expect(decision.args).toEqual({
      positional: ['resolved', 'rolled', 'back', 'the', 'deploy'],
      options: { inc: 'INC-12' },
    });
  });

  it('matches the subcommand case-insensitively and ignores surrounding space', () => {
    expect(run(dispatch('/ir', '  CLOSE false-positive ')).spec.name).toBe('close');
    expect(run(dispatch('/ir', 'Status')).spec.name).toBe('status');
  });

  it('keeps a quoted summary exactly', () => {
    const decision = run(dispatch('/ir', 'close mitigated “WAF rule  added upstream”'));
    expect(decision.args.positional).toEqual(['mitigated', 'WAF rule  added upstream']);
  });

  it('answers an unknown subcommand by naming it and listing the real ones', () => {
    const text = reply(dispatch('/ir', 'launch rockets'));
    expect(text).toContain('Unknown subcommand `launch`');
    for (const spec of COMMANDS) expect(text).toContain(spec.name);
    expect(text).toContain('`/ir help`');
  });

  it('uses the configured command name in replies', () => {
    expect(reply(dispatch('/incident', 'nope'))).toContain('`/incident help`');
    expect(shown(reply(dispatch('/incident', 'close fixed')))).toContain('`/incident close [<resolved|');
  });

  it('escapes a hostile subcommand so that it cannot ping or link', () => {
    const text = reply(dispatch('/ir', '<!channel>'));
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt;');
    const link = reply(dispatch('/ir', '<https://evil.example|status>'));
    expect(link).not.toMatch(/<https:/);
    expect(link).toContain('&lt;https://evil.example|status&gt;');
    const here = reply(dispatch('/ir', '@here'));
    expect(here).not.toMatch(/@here\b/);
  });

  it('runs close without a resolution (it opens the close modal), and escapes its usage line', () => {
    expect(run(dispatch('/ir', 'close')).spec.name).toBe('close');
    const text = reply(dispatch('/ir', 'close fixed'));
    expect(shown(text)).toContain(`Usage: \`${CLOSE_USAGE}\``);
    // The usage line's angle brackets are escaped, so Slack shows them instead of reading a link.
    expect(text).toContain('&lt;resolved|false-positive|duplicate|mitigated&gt;');
    expect(text).not.toContain('<resolved');
  });

  it('answers close with a bad resolution by naming it, the choices and the usage line', () => {
    const text = reply(dispatch('/ir', 'close fixed inc=INC-1'));
    expect(text).toContain(
      '`fixed` is not a resolution (one of resolved, false-positive, duplicate, mitigated)',
    );
    expect(shown(text)).toContain(CLOSE_USAGE);
  });

  it('escapes a hostile bad resolution', () => {
    const text = reply(dispatch('/ir', 'close <!everyone>'));
    expect(text).not.toContain('<!everyone>');
    expect(text).toContain('&lt;!everyone&gt;');
  });

  it('refuses a positional word after status', () => {
    const text = reply(dispatch('/ir', 'status INC-12'));
    expect(text).toContain('Unexpected `INC-12`');
    expect(shown(text)).toContain('Usage: `/ir status [inc=<id>]`');
  });

  it('accepts status with inc=', () => {
    expect(run(dispatch('/ir', 'status inc=INC-3')).args.options).toEqual({ inc: 'INC-3' });
  });

  it.each([
    ['status foo=bar', 'Unknown option `foo=` (known: inc=)'],
    ['status inc=INC-1 inc=INC-2', '`inc=` is given twice'],
    ['status inc=', '`inc=` needs a value'],
    ['close resolved "never closed', 'A quote is not closed (expected ")'],
    ['close resolved “never closed', 'A quote is not closed (expected ”)'],
  ])('%j → a reply with the problem, capitalised, and the usage line', (text, expected) => {
    const answer = reply(dispatch('/ir', text));
    expect(answer.split('\n')[0]).toBe(`${expected}.`);
    expect(answer.split('\n')[1]).toMatch(/^Usage: `\/ir (status|close)/);
  });

  it('decides from the commands it is given', () => {
    const only: SlashCommand = {
      name: 'ping',
      usage: '',
      summary: 'Answers.',
      examples: ['ping'],
      options: [],
      run: async () => {},
    };
    expect(run(dispatch('/ir', 'ping', [only])).spec).toBe(only);
    expect(reply(dispatch('/ir', 'close resolved', [only]))).toContain('Try one of: ping.');
  });
});

describe('helpText', () => {
  const text = helpText('/ir', COMMANDS);

  it('lists every registered command with its usage line, summary and every example', () => {
    for (const spec of COMMANDS) {
      expect(shown(text)).toContain(`\`${usageLine('/ir', spec)}\``);
      expect(shown(text)).toContain(spec.summary);
      for (const example of spec.examples) expect(shown(text)).toContain(`\`/ir ${example}\``);
    }
  });

  it('lists them in registry order, one bullet each', () => {
    const bullets = text.split('\n').filter((line) => line.startsWith('• '));
    expect(bullets).toHaveLength(COMMANDS.length);
    COMMANDS.forEach((spec, i) => {
      expect(shown(bullets[i]!)).toContain(`/ir ${spec.name}`);
    });
  });

  it('uses the configured command name', () => {
    const custom = helpText('/incident', COMMANDS);
    expect(custom).toContain('`/incident status');
    expect(custom).not.toContain('/ir ');
  });

  it('is what `/ir help` answers in the ack', () => {
    expect(reply(dispatch('/ir', 'help'))).toBe(text);
  });

  // Slack would read `<resolved|false-positive|…>` and `<id>` as links if help did not escape them.
  it('escapes the angle brackets of usage lines like dispatch does', () => {
    expect(text).not.toMatch(/<(resolved|id)/);
  });
});
