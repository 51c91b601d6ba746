import { iamUniqueId } from '../ids.js';
import type { ManagedPolicyRecord } from './model.js';

function doc(statement: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statement });
}

function awsManaged(
  name: string,
  path: string,
  description: string,
  createDate: string,
  document: string,
): ManagedPolicyRecord {
  const arn = `arn:aws:iam::aws:policy${path}${name}`;
  return {
    name,
    id: iamUniqueId(arn, 'ANPA', 0),
    arn,
    path,
    description,
    createDate,
    updateDate: createDate,
    defaultVersionId: 'v1',
    versions: [{ versionId: 'v1', document, createDate }],
    tags: {},
  };
}

/**
 * The AWS managed policies every account sees, by ARN. Documents are abridged where AWS's are long (the
 * real ReadOnlyAccess lists hundreds of actions); names, paths and effects are AWS's.
 */
export const AWS_MANAGED_POLICIES: Readonly<Record<string, ManagedPolicyRecord>> = Object.fromEntries(
  [
    awsManaged(
      'AdministratorAccess',
      '/',
      'Provides full access to AWS services and resources.',
      '2015-02-06T18:39:46.000Z',
      doc([{ Effect: 'Allow', Action: '*', Resource: '*' }]),
    ),
    awsManaged(
      'ReadOnlyAccess',
      '/',
      'Provides read-only access to AWS services and resources.',
      '2015-02-06T18:39:48.000Z',
      doc([
        {
          Effect: 'Allow',
          Action: [
            'ec2:Describe*',
            'iam:Get*',
            'iam:List*',
            's3:Get*',
            's3:List*',
            'cloudtrail:LookupEvents',
          ],
          Resource: '*',
        },
      ]),
    ),
    awsManaged(
      'AWSDenyAll',
      '/',
      'Deny all access.',
      '2019-05-01T22:36:14.000Z',
      doc([{ Effect: 'Deny', Action: '*', Resource: '*' }]),
    ),
    awsManaged(
      'AWSCompromisedKeyQuarantineV2',
      '/',
      "Denies access to certain actions, applied by the AWS team in the event that an IAM user's credentials have been compromised or exposed publicly.",
      '2022-06-06T18:09:25.000Z',
      doc([
        {
          Effect: 'Deny',
          Action: [
            'iam:AttachUserPolicy',
            'iam:CreateAccessKey',
            'iam:CreateLoginProfile',
            'iam:CreateUser',
            'iam:PutUserPolicy',
            'iam:UpdateLoginProfile',
            'ec2:RunInstances',
            'ec2:StartInstances',
            'lambda:CreateFunction',
            'organizations:LeaveOrganization',
          ],
          Resource: ['*'],
        },
      ]),
    ),
    awsManaged(
      'AmazonSSMManagedInstanceCore',
      '/',
      'The policy for Amazon EC2 Role to enable AWS Systems Manager service core functionality.',
      '2019-03-15T17:22:12.000Z',
      doc([
        {
          Effect: 'Allow',
          Action: ['ssm:UpdateInstanceInformation', 'ssmmessages:*', 'ec2messages:*'],
          Resource: '*',
        },
      ]),
    ),
    awsManaged(
      'AutoScalingServiceRolePolicy',
      '/aws-service-role/',
      'Enables access to AWS Services and Resources used or managed by Auto Scaling',
      '2018-01-08T23:10:55.000Z',
      doc([
        {
          Sid: 'EC2InstanceManagement',
          Effect: 'Allow',
          Action: ['ec2:RunInstances', 'ec2:TerminateInstances', 'ec2:Describe*', 'ec2:CreateTags'],
          Resource: '*',
        },
      ]),
    ),
  ].map((policy) => [policy.arn, policy]),
);

export function isAwsManagedArn(arn: string): boolean {
  return arn.startsWith('arn:aws:iam::aws:policy/');
}

/** Service role policies (path /aws-service-role/) are for service-linked roles only. */
export function isServiceRolePolicy(policy: ManagedPolicyRecord): boolean {
  return isAwsManagedArn(policy.arn) && policy.path.startsWith('/aws-service-role/');
}
