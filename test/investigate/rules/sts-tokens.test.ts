import { describe, expect, it } from 'vitest';
import {
  federationTokenBroad,
  sessionTokenFromLongTermKey,
} from '../../../src/investigate/rules/sts-tokens.js';
import { load, one, run } from './load.js';

const records = load('sts.json');
const [fedAdmin, fedArns, fedNarrow, sessionFromAkia, assumeRole, sessionFromAsia] = records;

describe('sts-federation-token-broad', () => {
  it('flags an inline policy allowing * on *, with name and duration', () => {
    expect(one(federationTokenBroad, fedAdmin!)).toMatchObject({
      severity: 'high',
      reason:
        'GetFederationToken backup for 36 h with an inline policy allowing * on * by arn:aws:iam::123456789012:user/mallory from 203.0.113.7',
    });
  });

  it('flags managed policy ARNs, naming them', () => {
    expect(one(federationTokenBroad, fedArns!)?.reason).toBe(
      'GetFederationToken sync for 12 h with policies arn:aws:iam::aws:policy/AmazonS3FullAccess by arn:aws:iam::123456789012:user/mallory from 203.0.113.7',
    );
  });

  it('leaves a narrow inline policy alone', () => {
    expect(one(federationTokenBroad, fedNarrow!)).toBeUndefined();
  });
});

describe('sts-session-token-long-term-key', () => {
  it('flags GetSessionToken signed with an AKIA key and says why it matters', () => {
    const hit = one(sessionTokenFromLongTermKey, sessionFromAkia!);
    expect(hit?.severity).toBe('medium');
    expect(hit?.reason).toMatch(
      /^GetSessionToken for 36 h with long-term key AKIA[A-Z2-7]{16} by arn:aws:iam::123456789012:user\/mallory from 203\.0\.113\.7; its session outlives disabling the key$/,
    );
  });

  it('is high for root', () => {
    const asRoot = {
      ...sessionFromAkia!,
      userIdentity: {
        type: 'Root',
        principalId: '123456789012',
        arn: 'arn:aws:iam::123456789012:root',
        accountId: '123456789012',
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      },
    };
    expect(one(sessionTokenFromLongTermKey, asRoot)).toMatchObject({ severity: 'high' });
  });

  it('leaves AssumeRole and a call made with a session key alone', () => {
    expect(one(sessionTokenFromLongTermKey, assumeRole!)).toBeUndefined();
    expect(one(sessionTokenFromLongTermKey, sessionFromAsia!)).toBeUndefined();
  });

  it('flags exactly the expected records in the file', () => {
    expect(run(federationTokenBroad, records).map((h) => h.index)).toEqual([0, 1]);
    expect(run(sessionTokenFromLongTermKey, records).map((h) => h.index)).toEqual([3]);
  });
});
