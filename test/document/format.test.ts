import { describe, expect, it } from 'vitest';
import { actorLabel, formatDuration, formatUtc } from '../../src/document/format.js';

describe('format', () => {
  it('writes UTC with the date, one token per column', () => {
    expect(formatUtc('2026-11-26T08:05:43.999Z')).toBe('2026-11-26 08:05:43Z');
    expect(formatUtc('2026-11-26T09:05:43+01:00')).toBe('2026-11-26 08:05:43Z');
    expect(formatUtc('not a time <b>')).toBe('not a time &lt;b&gt;');
    expect(formatUtc(undefined)).toBe('');
  });

  it('writes durations with their two largest units', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(59_400)).toBe('59 s');
    expect(formatDuration(129_000)).toBe('2 min 9 s');
    expect(formatDuration(3_600_000)).toBe('1 h');
    expect(formatDuration(7_440_000)).toBe('2 h 4 min');
    expect(formatDuration(90_061_000)).toBe('1 d 1 h');
    expect(formatDuration(-5000)).toBe('-5 s');
  });

  it('names the bot Firebreak and escapes Slack ids', () => {
    expect(actorLabel('system')).toBe('Firebreak');
    expect(actorLabel('U07ALICE')).toBe('@U07ALICE');
    expect(actorLabel('<!channel>')).toBe('@&lt;!channel&gt;');
  });
});
