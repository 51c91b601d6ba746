import { describe, expect, it } from 'vitest';
import { adminInlinePolicy, adminPolicyAttached } from '../../../src/investigate/rules/iam-admin-policy.js';
import { load, one, run } from './load.js';

const records = load('iam-policies.json');
const [
  attachAdmin,
  attachReadOnly,
  putUserAdmin,
  putRoleStarStar,
  putGroupScoped,
  putDenyAll,
  createVersion,
  attachDenied,
] = records;

describe('iam-admin-policy-attached', () => {
  it('flags AdministratorAccess attached to a user, naming policy and grantee', () => {
    expect(one(adminPolicyAttached, attachAdmin!)).toMatchObject({
      severity: 'critical',
      reason:
        'AttachUserPolicy arn:aws:iam::aws:policy/AdministratorAccess to user mallory by arn:aws:iam::123456789012:user/mallory from 203.0.113.7',
    });
  });

  it('flags a refused attempt one step lower', () => {
    expect(one(adminPolicyAttached, attachDenied!)).toMatchObject({ severity: 'high' });
    expect(one(adminPolicyAttached, attachDenied!)?.reason).toContain('to group developers');
  });

  it('leaves ReadOnlyAccess alone', () => {
    expect(one(adminPolicyAttached, attachReadOnly!)).toBeUndefined();
  });
});

describe('iam-admin-inline-policy', () => {
  it('reads a URL-encoded policy document', () => {
    expect(one(adminInlinePolicy, putUserAdmin!)).toMatchObject({
      severity: 'critical',
      reason:
        'PutUserPolicy break-glass allowing * on * to user support-temp by arn:aws:iam::123456789012:user/mallory from 203.0.113.7',
    });
  });

  it('reads a plain JSON document with "*:*" in an Action array', () => {
    expect(one(adminInlinePolicy, putRoleStarStar!)?.reason).toContain(
      'PutRolePolicy ops allowing * on * to role web-app-role',
    );
  });

  it('flags a new default policy version granting everything', () => {
    expect(one(adminInlinePolicy, createVersion!)).toMatchObject({
      severity: 'critical',
      reason:
        'CreatePolicyVersion of arn:aws:iam::123456789012:policy/developer allowing * on *, set as default by arn:aws:iam::123456789012:user/mallory from 203.0.113.7',
    });
  });

  it('leaves a scoped policy and a Deny * policy alone', () => {
    expect(one(adminInlinePolicy, putGroupScoped!)).toBeUndefined();
    expect(one(adminInlinePolicy, putDenyAll!)).toBeUndefined();
  });

  it('flags exactly the admin documents in the file', () => {
    expect(run(adminInlinePolicy, records).map((h) => h.index)).toEqual([2, 3, 6]);
  });
});
