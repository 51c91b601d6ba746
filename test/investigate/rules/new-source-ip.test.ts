import { describe, expect, it } from 'vitest';
import { newSourceIp } from '../../../src/investigate/rules/new-source-ip.js';
import { load, run } from './load.js';

const records = load('new-source-ip.json');

describe('new-source-ip', () => {
  it('flags each later IP once, on its first call, naming the baseline; AWS-internal sources are ignored', () => {
    expect(run(newSourceIp, records)).toEqual([
      {
        index: 4,
        severity: 'low',
        reason:
          'ConsoleLogin by arn:aws:iam::123456789012:user/carol from new IP 203.0.113.77 (first seen from 198.51.100.40)',
      },
      {
        index: 6,
        severity: 'low',
        reason:
          'ListRoles by arn:aws:iam::123456789012:user/carol from new IP 2001:db8::77 (first seen from 198.51.100.40)',
      },
    ]);
  });

  it('uses time, not array order, for the baseline', () => {
    const reversed = [...records].reverse();
    expect(
      run(newSourceIp, reversed)
        .map((h) => reversed[h.index]!.eventTime)
        .sort(),
    ).toEqual(['2026-11-26T12:30:00Z', '2026-11-26T12:40:00Z']);
  });

  it('keeps principals apart', () => {
    const other = {
      ...records[4]!,
      userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/dave', userName: 'dave' },
    };
    expect(run(newSourceIp, [records[0]!, other])).toEqual([]);
  });
});
