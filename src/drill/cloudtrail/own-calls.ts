import type { CallRecord } from '../call-log.js';
import type { CloudTrailRecord } from './model.js';
import { apiCallRecord } from './records.js';

/**
 * The simulated account's own history: every mutating call made to it (containment's
 * ModifyNetworkInterfaceAttribute, UpdateAccessKey, PutUserPolicy, …), refused ones included, becomes a
 * CloudTrail record, so an investigation after containment sees what the bot did, as it would in AWS. Pure.
 */

/** Request parameters that name a resource, and the CloudTrail resource type they name. */
const RESOURCE_KEYS: Record<string, string> = {
  InstanceId: 'AWS::EC2::Instance',
  InstanceIds: 'AWS::EC2::Instance',
  NetworkInterfaceId: 'AWS::EC2::NetworkInterface',
  GroupId: 'AWS::EC2::SecurityGroup',
  Groups: 'AWS::EC2::SecurityGroup',
  VolumeId: 'AWS::EC2::Volume',
  SnapshotId: 'AWS::EC2::Snapshot',
  NetworkAclId: 'AWS::EC2::NetworkAcl',
  UserName: 'AWS::IAM::User',
  AccessKeyId: 'AWS::IAM::AccessKey',
  RoleName: 'AWS::IAM::Role',
  PolicyArn: 'AWS::IAM::Policy',
  InstanceProfileName: 'AWS::IAM::InstanceProfile',
  AutoScalingGroupName: 'AWS::AutoScaling::AutoScalingGroup',
};

function resourcesOf(input: unknown): { type: string; name: string }[] {
  if (typeof input !== 'object' || input === null) return [];
  const found: { type: string; name: string }[] = [];
  for (const [key, type] of Object.entries(RESOURCE_KEYS)) {
    const value = (input as Record<string, unknown>)[key];
    const names = Array.isArray(value) ? value : [value];
    for (const name of names) if (typeof name === 'string' && name) found.push({ type, name });
  }
  return found;
}

/** "arn:aws:sts::123456789012:assumed-role/firebreak-bot/firebreak" → the identity CloudTrail would record. */
function identityOf(principalArn: string, accountId: string): Record<string, unknown> {
  const role = /^arn:aws[a-z-]*:sts::\d{12}:assumed-role\/([^/]+)\/(.+)$/.exec(principalArn);
  if (role) {
    return {
      type: 'AssumedRole',
      principalId: `AROADRILLFIREBREAKBOT:${role[2]}`,
      arn: principalArn,
      accountId,
      accessKeyId: 'ASIADRILLFIREBREAK00',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROADRILLFIREBREAKBOT',
          arn: `arn:aws:iam::${accountId}:role/${role[1]}`,
          accountId,
          userName: role[1],
        },
      },
    };
  }
  const user = /^arn:aws[a-z-]*:iam::\d{12}:user\/(.+)$/.exec(principalArn);
  return user
    ? { type: 'IAMUser', arn: principalArn, accountId, userName: user[1] }
    : { type: 'Unknown', arn: principalArn, accountId };
}

/** Whether a call belongs in the history: mutating calls, allowed or refused; never reads or dry runs. */
export const recordsInCloudTrail = (call: CallRecord): boolean => !call.readOnly && !call.dryRun;

export function ownCallRecord(call: CallRecord, accountId: string): CloudTrailRecord {
  return apiCallRecord({
    eventID: call.eventId,
    at: new Date(call.time),
    eventSource: call.eventSource,
    eventName: call.eventName,
    awsRegion: call.region,
    userIdentity: identityOf(call.principalArn, accountId),
    sourceIPAddress: '198.51.100.10',
    userAgent: 'firebreak (drill) aws-sdk-js/3',
    requestParameters: call.input ?? null,
    ...(call.outcome === 'error' && { errorCode: call.errorCode, errorMessage: call.errorMessage }),
    readOnly: false,
    requestID: call.requestId,
    recipientAccountId: accountId,
    resources: resourcesOf(call.input),
  });
}
