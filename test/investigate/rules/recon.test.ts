import { describe, expect, it } from 'vitest';
import { callerIdentityRecon, scannerIn, scannerUserAgent } from '../../../src/investigate/rules/recon.js';
import { load, run } from './load.js';

const records = load('recon.json');

describe('scannerIn', () => {
  it('finds tool and distribution names where a word starts', () => {
    expect(scannerIn('Boto3/1.34.0 Botocore/1.34.0 Pacu/1.5.2')).toBe('pacu');
    expect(scannerIn('aws-cli/2.13.0 Python/3.11.4 Linux/6.3.0-kali1-amd64')).toBe('kali');
    expect(scannerIn('python-requests/2.31 ScoutSuite/5.14.0')).toBe('scoutsuite');
    expect(scannerIn('enumerate-iam/1.0 botocore/1.29')).toBe('enumerate-iam');
    expect(scannerIn('aws-cli/2.13.0 Linux/6.5.0-13parrot1-amd64')).toBe('parrot');
  });

  it('leaves ordinary user agents and names inside words alone', () => {
    expect(scannerIn('aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.1.0-18-amd64')).toBeUndefined();
    expect(scannerIn('aws-sdk-js/3.700.0 app/mycompany-pacurrier')).toBeUndefined();
    expect(scannerIn(undefined)).toBeUndefined();
  });
});

describe('sts-get-caller-identity-recon', () => {
  const hits = run(callerIdentityRecon, records);

  it('flags a long-term key at an IP its principal used for nothing else, once, naming key, IP and baseline', () => {
    const hit = hits.find((h) => h.index === 2);
    expect(hit?.severity).toBe('medium');
    expect(hit?.reason).toMatch(
      /^GetCallerIdentity with long-term key AKIA[A-Z2-7]{16} by arn:aws:iam::123456789012:user\/alice from 203\.0\.113\.200, an IP it used for nothing else \(other calls came from 198\.51\.100\.20\)$/,
    );
  });

  it('flags a scanner user agent as high', () => {
    expect(hits.find((h) => h.index === 4)).toEqual({
      index: 4,
      severity: 'high',
      reason:
        'GetCallerIdentity by arn:aws:iam::123456789012:user/bob from 203.0.113.201 with scanner user agent "pacu"',
    });
  });

  it('leaves the usual IP, the repeat at the new IP and a session key alone', () => {
    expect(hits.map((h) => h.index)).toEqual([2, 4]);
  });

  it('does not judge a principal with no other calls by its IP', () => {
    expect(run(callerIdentityRecon, [records[2]!])).toEqual([]);
  });
});

describe('scanner-user-agent', () => {
  it('flags calls from a Kali box once per principal and tool, on the first, counting them', () => {
    expect(run(scannerUserAgent, records)).toEqual([
      {
        index: 7,
        severity: 'high',
        reason:
          '2 calls by arn:aws:iam::123456789012:user/bob from 203.0.113.201 with scanner user agent "kali": ListUsers, ListRoles',
      },
    ]);
  });

  it('leaves ordinary calls alone', () => {
    expect(run(scannerUserAgent, [records[0]!, records[5]!])).toEqual([]);
  });
});
