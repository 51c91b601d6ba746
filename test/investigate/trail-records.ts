import type { CloudTrailRecord } from '../../src/investigate/record.js';

/**
 * CloudTrail records shaped as AWS documents them (userIdentity per identity type, ConsoleLogin's
 * additionalEventData, EC2's "Client." error codes), for the planner's and the pager's tests.
 */

export const ACCOUNT = '123456789012';

export function iamUserCall(overrides: Partial<CloudTrailRecord> = {}): CloudTrailRecord {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAJ45Q7YFFAREXAMPLE',
      arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      accountId: ACCOUNT,
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      userName: 'alice',
    },
    eventTime: '2026-11-26T11:00:00Z',
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DescribeInstances',
    awsRegion: 'eu-west-1',
    sourceIPAddress: '203.0.113.7',
    userAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64',
    requestParameters: { instancesSet: {}, filterSet: {} },
    responseElements: null,
    requestID: 'c3a3b5f0-5b7f-4a9d-9a6e-4b1d3f0e2a11',
    eventID: 'e-alice-describe',
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    ...overrides,
  };
}

export function assumedRoleCall(overrides: Partial<CloudTrailRecord> = {}): CloudTrailRecord {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAIDPPEZS35WEXAMPLE:deploy-session',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deploy-role/deploy-session`,
      accountId: ACCOUNT,
      accessKeyId: 'ASIAY34FZKBOKMUTVV7A',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAIDPPEZS35WEXAMPLE',
          arn: `arn:aws:iam::${ACCOUNT}:role/deploy-role`,
          accountId: ACCOUNT,
          userName: 'deploy-role',
        },
        attributes: { creationDate: '2026-11-26T09:00:00Z', mfaAuthenticated: 'false' },
      },
    },
    eventTime: '2026-11-26T10:30:00Z',
    eventSource: 'ec2.amazonaws.com',
    eventName: 'TerminateInstances',
    awsRegion: 'eu-west-1',
    sourceIPAddress: '2001:db8:85a3::8a2e:370:7334',
    userAgent: 'Boto3/1.34.0',
    requestParameters: { instancesSet: { items: [{ instanceId: 'i-0123456789abcdef0' }] } },
    responseElements: null,
    errorCode: 'Client.UnauthorizedOperation',
    errorMessage: 'You are not authorized to perform this operation.',
    eventID: 'e-deploy-terminate',
    readOnly: false,
    eventType: 'AwsApiCall',
    recipientAccountId: ACCOUNT,
    ...overrides,
  };
}

export function consoleLogin(overrides: Partial<CloudTrailRecord> = {}): CloudTrailRecord {
  return {
    eventVersion: '1.08',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAJ45Q7YFFAREXAMPLE',
      arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      accountId: ACCOUNT,
      userName: 'alice',
    },
    eventTime: '2026-11-26T09:00:00Z',
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.20',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
    requestParameters: null,
    responseElements: { ConsoleLogin: 'Success' },
    additionalEventData: { MobileVersion: 'No', LoginTo: 'https://console.aws.amazon.com/', MFAUsed: 'No' },
    eventID: 'e-alice-login',
    eventType: 'AwsConsoleSignIn',
    recipientAccountId: ACCOUNT,
    ...overrides,
  };
}

export function rootCall(overrides: Partial<CloudTrailRecord> = {}): CloudTrailRecord {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'Root',
      principalId: ACCOUNT,
      arn: `arn:aws:iam::${ACCOUNT}:root`,
      accountId: ACCOUNT,
      accessKeyId: 'ASIAROOTEXAMPLE12345',
    },
    eventTime: '2026-11-26T08:00:00Z',
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateAccessKey',
    awsRegion: 'us-east-1',
    sourceIPAddress: '192.0.2.44',
    userAgent: 'AWS Internal',
    requestParameters: { userName: 'mallory' },
    responseElements: {
      accessKey: { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', status: 'Active', userName: 'mallory' },
    },
    eventID: 'e-root-createkey',
    readOnly: false,
    eventType: 'AwsApiCall',
    recipientAccountId: ACCOUNT,
    ...overrides,
  };
}
