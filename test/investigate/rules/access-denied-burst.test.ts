import { describe, expect, it } from 'vitest';
import {
  ACCESS_DENIED_BURST,
  accessDeniedBurst,
  isDenied,
} from '../../../src/investigate/rules/access-denied-burst.js';
import { load, run } from './load.js';

const records = load('access-denied.json');

describe('isDenied', () => {
  it('matches the CIS unauthorized-call codes only', () => {
    for (const code of [
      'AccessDenied',
      'AccessDeniedException',
      'UnauthorizedOperation',
      'Client.UnauthorizedOperation',
    ])
      expect(isDenied(code)).toBe(true);
    for (const code of ['AuthorizationError', 'ThrottlingException', 'NoSuchEntity', undefined])
      expect(isDenied(code)).toBe(false);
  });
});

describe('access-denied-burst', () => {
  const hits = run(accessDeniedBurst, records);

  it(`flags enumeration (${ACCESS_DENIED_BURST.threshold}+ denials across many APIs) as high, on the newest denial`, () => {
    const hit = hits.find((h) => h.reason.includes('web-app-role'));
    expect(hit?.index).toBe(12);
    expect(hit?.severity).toBe('high');
    expect(hit?.reason).toBe(
      '12 denied calls by arn:aws:sts::123456789012:assumed-role/web-app-role/i-0a1b2c3d4e5f60718 in 2 min (AccessDenied, AccessDeniedException, Client.UnauthorizedOperation) across 12 APIs: ListUsers, ListRoles, ListSecrets, DescribeInstances and 8 more',
    );
  });

  it('flags one call retried into a burst as medium', () => {
    const hit = hits.find((h) => h.reason.includes('nightly-report'));
    expect(hit?.index).toBe(22);
    expect(hit?.severity).toBe('medium');
    expect(hit?.reason).toContain(
      '10 denied calls by arn:aws:sts::123456789012:assumed-role/nightly-report/batch-7 in 4.5 min',
    );
    expect(hit?.reason).toContain('across 1 API: GetBucketPolicy');
  });

  it('leaves nine denials alone', () => {
    expect(hits.some((h) => h.reason.includes('user/bob'))).toBe(false);
    expect(hits).toHaveLength(2);
  });
});
