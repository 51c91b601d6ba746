import { describe, expect, it } from 'vitest';
import {
  CONSOLE_FAILURE_BURST,
  consoleLoginFailureBurst,
  consoleLoginNoMfa,
  consoleLoginRoot,
} from '../../../src/investigate/rules/console-login.js';
import { load, one, run } from './load.js';

const [aliceNoMfa, aliceWithMfa, rootNoMfa, rootWithMfa, ssoNoMfa, rootFailure, aliceFailure] =
  load('console-login.json');

describe('console-login-no-mfa', () => {
  it('flags an IAM user signing in without MFA, naming the user and the IP', () => {
    const hit = one(consoleLoginNoMfa, aliceNoMfa!);
    expect(hit?.severity).toBe('high');
    expect(hit?.reason).toBe(
      'ConsoleLogin by arn:aws:iam::123456789012:user/alice without MFA from 203.0.113.7',
    );
  });

  it('leaves a sign-in with MFA, a federated SSO sign-in and a failed sign-in alone', () => {
    expect(one(consoleLoginNoMfa, aliceWithMfa!)).toBeUndefined();
    expect(one(consoleLoginNoMfa, ssoNoMfa!)).toBeUndefined();
    expect(one(consoleLoginNoMfa, aliceFailure!)).toBeUndefined();
  });

  it('leaves root to console-login-root', () => {
    expect(one(consoleLoginNoMfa, rootNoMfa!)).toBeUndefined();
  });
});

describe('console-login-root', () => {
  it('flags root signing in, with or without MFA, saying which', () => {
    expect(one(consoleLoginRoot, rootNoMfa!)).toEqual({
      index: 0,
      severity: 'critical',
      reason: 'ConsoleLogin by root without MFA from 203.0.113.66',
    });
    expect(one(consoleLoginRoot, rootWithMfa!)?.reason).toBe(
      'ConsoleLogin by root with MFA from 198.51.100.21',
    );
  });

  it('flags a failed root sign-in one step lower', () => {
    expect(one(consoleLoginRoot, rootFailure!)).toMatchObject({
      severity: 'high',
      reason: 'Failed ConsoleLogin as root from 203.0.113.66',
    });
  });

  it('leaves IAM users and federated sessions alone', () => {
    expect(one(consoleLoginRoot, aliceNoMfa!)).toBeUndefined();
    expect(one(consoleLoginRoot, ssoNoMfa!)).toBeUndefined();
  });
});

describe('console-login-failure-burst', () => {
  it(`flags ${CONSOLE_FAILURE_BURST.threshold} failures within the window once, on the newest failure, naming users and IPs`, () => {
    const records = load('console-login-failures-burst.json');
    const hits = run(consoleLoginFailureBurst, records);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.index).toBe(6);
    expect(hits[0]!.severity).toBe('high');
    expect(hits[0]!.reason).toBe(
      '6 failed console sign-ins in 3.9 min for alice, HIDDEN_DUE_TO_SECURITY_REASONS from 203.0.113.50, 203.0.113.51',
    );
  });

  it('does not count the successful sign-in in the middle of the burst', () => {
    const records = load('console-login-failures-burst.json');
    const withoutOneFailure = records.filter((_, i) => i !== 0 && i !== 1);
    // 4 failures remain: below the threshold.
    expect(run(consoleLoginFailureBurst, withoutOneFailure)).toEqual([]);
  });

  it('leaves failures spread over hours alone', () => {
    expect(run(consoleLoginFailureBurst, load('console-login-failures-sparse.json'))).toEqual([]);
  });
});
