import type { CloudTrailRecord } from './model.js';

/** Building blocks of real-format CloudTrail records for the seeded history and the account's own calls. Pure. */

/** CloudTrail's eventTime: seconds, UTC, "Z". */
export const trailTime = (date: Date): string => `${date.toISOString().slice(0, 19)}Z`;

export function iamUserIdentity(
  user: { id: string; arn: string; name: string },
  accountId: string,
  accessKeyId?: string,
) {
  return {
    type: 'IAMUser',
    principalId: user.id,
    arn: user.arn,
    accountId,
    ...(accessKeyId !== undefined && { accessKeyId }),
    userName: user.name,
  };
}

export function assumedRoleIdentity(options: {
  accountId: string;
  roleName: string;
  roleId: string;
  session: string;
  accessKeyId: string;
  issuedAt: Date;
}) {
  const roleArn = `arn:aws:iam::${options.accountId}:role/${options.roleName}`;
  return {
    type: 'AssumedRole',
    principalId: `${options.roleId}:${options.session}`,
    arn: `arn:aws:sts::${options.accountId}:assumed-role/${options.roleName}/${options.session}`,
    accountId: options.accountId,
    accessKeyId: options.accessKeyId,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: options.roleId,
        arn: roleArn,
        accountId: options.accountId,
        userName: options.roleName,
      },
      attributes: { creationDate: trailTime(options.issuedAt), mfaAuthenticated: 'false' },
    },
  };
}

export interface ApiCallRecord {
  eventID: string;
  at: Date;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  userIdentity: Record<string, unknown>;
  sourceIPAddress: string;
  userAgent: string;
  requestParameters: unknown;
  responseElements?: unknown;
  errorCode?: string;
  errorMessage?: string;
  readOnly: boolean;
  requestID: string;
  recipientAccountId: string;
  resources?: { type: string; name: string }[];
}

/** An AwsApiCall record, in the field order CloudTrail writes. */
export function apiCallRecord(call: ApiCallRecord): CloudTrailRecord {
  return {
    eventVersion: '1.09',
    userIdentity: call.userIdentity,
    eventTime: trailTime(call.at),
    eventSource: call.eventSource,
    eventName: call.eventName,
    awsRegion: call.awsRegion,
    sourceIPAddress: call.sourceIPAddress,
    userAgent: call.userAgent,
    ...(call.errorCode !== undefined && { errorCode: call.errorCode }),
    ...(call.errorMessage !== undefined && { errorMessage: call.errorMessage }),
    requestParameters: call.requestParameters ?? null,
    responseElements: call.responseElements ?? null,
    requestID: call.requestID,
    eventID: call.eventID,
    readOnly: call.readOnly,
    ...(call.resources && {
      resources: call.resources.map((r) => ({
        accountId: call.recipientAccountId,
        type: r.type,
        ARN: r.name,
      })),
    }),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: call.recipientAccountId,
    eventCategory: 'Management',
  };
}
