import { describe, expect, it } from 'vitest';
import { guardPrincipal, permissionSetOf } from '../../../src/contain/revoke/guards.js';
import type { FoundPrincipal } from '../../../src/contain/revoke/observation.js';
import {
  fitsUserInline,
  managedPolicyArn,
  policySize,
  roleSessionsDocument,
  sameDocument,
  sessionsCutOff,
  userDenyDocument,
} from '../../../src/contain/revoke/policies.js';
import { parseRevokeTarget } from '../../../src/contain/revoke/target.js';
import { trustPrincipals } from '../../../src/contain/revoke/trust.js';

describe('parseRevokeTarget', () => {
  it.each([
    ['AKIARZPUZDIKCLGZQVM3', { type: 'access-key', keyId: 'AKIARZPUZDIKCLGZQVM3', temporary: false }],
    ['ASIARZPUZDIKCLGZQVM3', { type: 'access-key', keyId: 'ASIARZPUZDIKCLGZQVM3', temporary: true }],
    [
      'arn:aws:iam::123456789012:user/team/mallory',
      { type: 'user', name: 'mallory', account: '123456789012' },
    ],
    [
      'arn:aws:iam::123456789012:role/web-app-role',
      { type: 'role', name: 'web-app-role', account: '123456789012' },
    ],
    [
      'arn:aws:sts::123456789012:assumed-role/web-app-role/i-0abc',
      { type: 'role', name: 'web-app-role', account: '123456789012' },
    ],
    ['arn:aws:iam::123456789012:root', { type: 'root', account: '123456789012' }],
    ['root', { type: 'root' }],
    ['role/web-app-role', { type: 'role', name: 'web-app-role' }],
    ['user/mallory', { type: 'user', name: 'mallory' }],
    ['  mallory ', { type: 'name', name: 'mallory' }],
  ])('%s', (text, expected) => {
    expect(parseRevokeTarget(text)).toEqual(expected);
  });

  it('rejects what IAM could not name', () => {
    expect(parseRevokeTarget('<!channel>')).toBeUndefined();
    expect(parseRevokeTarget('two words')).toBeUndefined();
    expect(parseRevokeTarget('arn:aws:s3:::bucket')).toBeUndefined();
  });
});

describe('policies', () => {
  it('counts the inline budget as IAM does, without whitespace and without the policy being replaced', () => {
    const deny = userDenyDocument();
    const filler = (chars: number) => `{"a":"${'x'.repeat(chars - 8)}"}`;
    expect(policySize(filler(100))).toBe(100);
    expect(fitsUserInline({ a: filler(2048 - policySize(deny)) }, 'firebreak-INC-1', deny)).toBe(true);
    expect(fitsUserInline({ a: filler(2049 - policySize(deny)) }, 'firebreak-INC-1', deny)).toBe(false);
    expect(fitsUserInline({ 'firebreak-INC-1': filler(2000) }, 'firebreak-INC-1', deny)).toBe(true);
  });

  it('recognises its sessions deny and compares documents as JSON', () => {
    const document = roleSessionsDocument('2025-03-04T05:06:07.000Z');
    expect(sessionsCutOff(document)).toBe('2025-03-04T05:06:07.000Z');
    expect(sessionsCutOff(userDenyDocument())).toBeUndefined();
    expect(sessionsCutOff('not json')).toBeUndefined();
    expect(sameDocument(JSON.stringify(JSON.parse(document), null, 2), document)).toBe(true);
    expect(managedPolicyArn('arn:aws-cn:iam::123456789012:user/a/b', 'p')).toBe(
      'arn:aws-cn:iam::123456789012:policy/p',
    );
  });

  it('lists who a trust policy lets assume the role', () => {
    const trust = JSON.stringify({
      Statement: [
        { Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com', 'ecs-tasks.amazonaws.com'] } },
        { Effect: 'Allow', Principal: '*' },
        { Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::1:root' } },
      ],
    });
    expect(trustPrincipals(trust)).toEqual([
      'Service ec2.amazonaws.com',
      'Service ecs-tasks.amazonaws.com',
      '* (anyone)',
    ]);
  });
});

describe('guardPrincipal', () => {
  const self = {
    account: '111122223333',
    principalArn: 'arn:aws:iam::111122223333:role/bot',
    roleName: 'bot',
  };
  const role = (name: string, path = '/', account = '111122223333'): FoundPrincipal => ({
    type: 'role',
    name,
    path,
    account,
    arn: `arn:aws:iam::${account}:role${path}${name}`,
  });
  const none = { ownRoleArns: [], protectedPrincipals: [] };

  it('compares roles by account and name, since session ARNs drop the path', () => {
    expect(guardPrincipal(role('bot', '/ops/'), self, none)?.code).toBe('OWN_IDENTITY');
    expect(guardPrincipal(role('bot', '/', '444455556666'), self, none)).toBeUndefined();
    expect(guardPrincipal(role('web'), self, none)).toBeUndefined();
  });

  it('knows its own user identity too', () => {
    const asUser = { account: '111122223333', principalArn: 'arn:aws:iam::111122223333:user/ops/firebreak' };
    const user: FoundPrincipal = {
      type: 'user',
      name: 'firebreak',
      path: '/ops/',
      account: '111122223333',
      arn: asUser.principalArn,
    };
    expect(guardPrincipal(user, asUser, none)?.code).toBe('OWN_IDENTITY');
  });

  it('reads the permission set from an Identity Center role name', () => {
    expect(permissionSetOf('AWSReservedSSO_ReadOnly_0a1b2c3d4e5f6a7b')).toBe('ReadOnly');
    expect(guardPrincipal(role('AWSReservedSSO_ReadOnly_0a1b2c3d4e5f6a7b'), self, none)?.code).toBe(
      'IDENTITY_CENTER_ROLE',
    );
  });
});
