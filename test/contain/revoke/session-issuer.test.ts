import { describe, expect, it } from 'vitest';
import { sessionIssuerOf, sessionLabel } from '../../../src/contain/revoke/session-issuer.js';

/** Records in the format CloudTrail writes them (trimmed of request details). */
const assumedRole = {
  eventVersion: '1.09',
  userIdentity: {
    type: 'AssumedRole',
    principalId: 'AROAEXAMPLEID00000001:i-0web1a2b3c4d5e6f7',
    arn: 'arn:aws:sts::111122223333:assumed-role/web-app-role/i-0web1a2b3c4d5e6f7',
    accountId: '111122223333',
    accessKeyId: 'ASIAEXAMPLESESSION01',
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAEXAMPLEID00000001',
        arn: 'arn:aws:iam::111122223333:role/service/web-app-role',
        accountId: '111122223333',
        userName: 'web-app-role',
      },
      attributes: { creationDate: '2025-03-04T04:10:00Z', mfaAuthenticated: 'false' },
      ec2RoleDelivery: '2.0',
    },
  },
  eventTime: '2025-03-04T04:50:00Z',
  eventSource: 's3.amazonaws.com',
  eventName: 'ListBuckets',
  awsRegion: 'eu-west-1',
};

const iamUserSession = {
  eventVersion: '1.08',
  userIdentity: {
    type: 'IAMUser',
    principalId: 'AIDAEXAMPLEUSER00001',
    arn: 'arn:aws:iam::111122223333:user/dev/alice',
    accountId: '111122223333',
    accessKeyId: 'ASIAEXAMPLESESSION02',
    userName: 'alice',
    sessionContext: {
      sessionIssuer: {},
      webIdFederationData: {},
      attributes: { creationDate: '2025-03-04T03:00:00Z', mfaAuthenticated: 'true' },
    },
  },
  eventTime: '2025-03-04T03:05:00Z',
  eventSource: 'iam.amazonaws.com',
  eventName: 'ListUsers',
  awsRegion: 'us-east-1',
};

const root = {
  eventVersion: '1.08',
  userIdentity: {
    type: 'Root',
    principalId: '111122223333',
    arn: 'arn:aws:iam::111122223333:root',
    accountId: '111122223333',
    accessKeyId: 'ASIAEXAMPLESESSION03',
    sessionContext: { attributes: { creationDate: '2025-03-04T02:00:00Z', mfaAuthenticated: 'false' } },
  },
  eventTime: '2025-03-04T02:01:00Z',
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  awsRegion: 'us-east-1',
};

describe('sessionIssuerOf', () => {
  it('finds the role of an assumed-role session, from the JSON string LookupEvents returns', () => {
    const issuer = sessionIssuerOf(JSON.stringify(assumedRole));
    expect(issuer).toEqual({
      type: 'role',
      roleArn: 'arn:aws:iam::111122223333:role/service/web-app-role',
      roleName: 'web-app-role',
      account: '111122223333',
      sessionArn: 'arn:aws:sts::111122223333:assumed-role/web-app-role/i-0web1a2b3c4d5e6f7',
    });
    expect(issuer && sessionLabel(issuer)).toBe('assumed-role/web-app-role/i-0web1a2b3c4d5e6f7');
  });

  it('finds the user of a GetSessionToken session', () => {
    const issuer = sessionIssuerOf(iamUserSession);
    expect(issuer).toEqual({
      type: 'user',
      userArn: 'arn:aws:iam::111122223333:user/dev/alice',
      userName: 'alice',
      account: '111122223333',
    });
    expect(issuer && sessionLabel(issuer)).toBe('user/alice');
  });

  it('recognises root', () => {
    expect(sessionIssuerOf(JSON.stringify(root))).toEqual({ type: 'root', account: '111122223333' });
    const { arn: _arn, ...noArn } = root.userIdentity;
    expect(sessionIssuerOf({ ...root, userIdentity: noArn })).toEqual({
      type: 'root',
      account: '111122223333',
    });
  });

  it('gives up on missing or malformed fields and on other identity types', () => {
    const { sessionContext: _context, ...noContext } = assumedRole.userIdentity;
    expect(sessionIssuerOf({ ...assumedRole, userIdentity: noContext })).toBeUndefined();
    expect(
      sessionIssuerOf({
        ...assumedRole,
        userIdentity: {
          ...assumedRole.userIdentity,
          sessionContext: { sessionIssuer: { arn: 'not-an-arn' } },
        },
      }),
    ).toBeUndefined();
    const { arn: _userArn, ...noUserArn } = iamUserSession.userIdentity;
    expect(sessionIssuerOf({ ...iamUserSession, userIdentity: noUserArn })).toBeUndefined();
    expect(sessionIssuerOf({ ...root, userIdentity: { type: 'Root' } })).toBeUndefined();
    expect(
      sessionIssuerOf({ userIdentity: { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' } }),
    ).toBeUndefined();
    expect(sessionIssuerOf({ eventName: 'ListBuckets' })).toBeUndefined();
    expect(sessionIssuerOf('{not json')).toBeUndefined();
    expect(sessionIssuerOf(undefined)).toBeUndefined();
    expect(sessionIssuerOf('null')).toBeUndefined();
  });
});
