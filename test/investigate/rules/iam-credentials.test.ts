import { describe, expect, it } from 'vitest';
import {
  accessKeyForOtherUser,
  loginProfileChanged,
  rootAccessKey,
  userCreated,
} from '../../../src/investigate/rules/iam-credentials.js';
import { load, one, run } from './load.js';

const records = load('iam-credentials.json');
const [
  forBob,
  forSelfNamed,
  forSelfUnnamed,
  rootKey,
  roleForUser,
  createUser,
  createLogin,
  updateOwnLogin,
  deniedForBob,
  listKeys,
] = records;

describe('iam-access-key-for-other-user', () => {
  it('flags a key created for another user, naming the target, the new key, the caller and the IP', () => {
    const hit = one(accessKeyForOtherUser, forBob!);
    expect(hit?.severity).toBe('high');
    expect(hit?.reason).toMatch(
      /^CreateAccessKey for bob \(new key AKIA[A-Z2-7]{16}\) by arn:aws:iam::123456789012:user\/alice from 203\.0\.113\.7$/,
    );
  });

  it('flags a role session creating a user key', () => {
    expect(one(accessKeyForOtherUser, roleForUser!)?.reason).toContain(
      'CreateAccessKey for svc-backup (new key AKIA',
    );
    expect(one(accessKeyForOtherUser, roleForUser!)?.reason).toContain(
      'by arn:aws:sts::123456789012:assumed-role/ci-deployer/github-actions-1234',
    );
  });

  it('flags a refused attempt one step lower', () => {
    expect(one(accessKeyForOtherUser, deniedForBob!)).toMatchObject({ severity: 'medium' });
    expect(one(accessKeyForOtherUser, deniedForBob!)?.reason).toContain('(attempted, failed: AccessDenied)');
  });

  it('leaves a user creating their own key alone, named or not', () => {
    expect(one(accessKeyForOtherUser, forSelfNamed!)).toBeUndefined();
    expect(one(accessKeyForOtherUser, forSelfUnnamed!)).toBeUndefined();
    expect(one(accessKeyForOtherUser, listKeys!)).toBeUndefined();
  });
});

describe('iam-root-access-key', () => {
  it('flags root creating a key for itself as critical', () => {
    const hit = one(rootAccessKey, rootKey!);
    expect(hit?.severity).toBe('critical');
    expect(hit?.reason).toMatch(
      /^CreateAccessKey for root \(new key AKIA[A-Z2-7]{16}\) by arn:aws:iam::123456789012:root from 203\.0\.113\.66$/,
    );
  });

  it('leaves an IAM user creating their own key alone', () => {
    expect(one(rootAccessKey, forSelfUnnamed!)).toBeUndefined();
  });
});

describe('iam-user-created', () => {
  it('flags CreateUser with the new user name', () => {
    expect(one(userCreated, createUser!)).toMatchObject({
      severity: 'medium',
      reason: 'CreateUser support-temp by arn:aws:iam::123456789012:user/alice from 203.0.113.7',
    });
  });

  it('flags nothing else in the file', () => {
    expect(run(userCreated, records).map((h) => h.index)).toEqual([5]);
  });
});

describe('iam-login-profile', () => {
  it('flags a console password created for another user as high', () => {
    expect(one(loginProfileChanged, createLogin!)).toMatchObject({
      severity: 'high',
      reason: 'CreateLoginProfile for support-temp by arn:aws:iam::123456789012:user/alice from 203.0.113.7',
    });
  });

  it("flags changing one's own password profile lower", () => {
    expect(one(loginProfileChanged, updateOwnLogin!)).toMatchObject({
      severity: 'medium',
      reason: 'UpdateLoginProfile for themselves by arn:aws:iam::123456789012:user/alice from 198.51.100.20',
    });
  });

  it('leaves other IAM calls alone', () => {
    expect(run(loginProfileChanged, records).map((h) => h.index)).toEqual([6, 7]);
  });
});
