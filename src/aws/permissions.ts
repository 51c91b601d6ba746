/**
 * The least-privilege IAM policy, as data: each Firebreak feature and the IAM actions its AWS calls need.
 * test/aws/permissions.test.ts scans src/ for SDK commands and fails on any action missing here, so a new AWS
 * call cannot ship without its permission; `npm run iam:policy` writes docs/iam-policy.json from this table.
 */

/**
 * Who needs the permission. With FIREBREAK_ROLE_ARN set, the bot's own ("base") identity only assumes the
 * responder role in each account, and that role does the work; without it, the base identity is the responder.
 */
export type Principal = 'responder' | 'base' | 'both';

export interface FeaturePermission {
  feature: string;
  description: string;
  actions: readonly string[];
  principal: Principal;
  /** Defaults to "*": Describe* calls support no resource-level permissions, and containment must reach any instance. */
  resources?: readonly string[];
  condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/*
 * Mutating actions stay on Resource "*" on purpose: a condition on the target's tags would let whoever controls
 * those tags (an attacker on the instance, say) opt it out of containment. Firebreak's own guards decide what it
 * may touch; the policy decides which kinds of call it may make.
 */
export const FEATURE_PERMISSIONS: readonly FeaturePermission[] = [
  {
    feature: 'isolate: read (preview)',
    description:
      'Reads the instance, every interface (trunk branches too), route tables, network ACLs, Elastic IPs, Auto Scaling membership and the instance role, to build the plan and to re-read before each step.',
    principal: 'responder',
    actions: [
      'autoscaling:DescribeAutoScalingGroups',
      'autoscaling:DescribeAutoScalingInstances',
      'ec2:DescribeAddresses',
      'ec2:DescribeIamInstanceProfileAssociations',
      'ec2:DescribeInstanceAttribute',
      'ec2:DescribeInstances',
      'ec2:DescribeNetworkAcls',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeRouteTables',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeTrunkInterfaceAssociations',
      'iam:GetInstanceProfile',
      'iam:ListInstanceProfilesForRole',
    ],
  },
  {
    feature: 'isolate: network cut',
    description:
      "Finds or creates the untrack and isolation groups, records each interface's groups in a tag, then moves every interface through the untrack group into the isolation group.",
    principal: 'responder',
    actions: [
      'ec2:AuthorizeSecurityGroupEgress',
      'ec2:AuthorizeSecurityGroupIngress',
      'ec2:CreateSecurityGroup',
      'ec2:CreateTags',
      'ec2:DeleteTags',
      'ec2:ModifyNetworkInterfaceAttribute',
      'ec2:RevokeSecurityGroupEgress',
      'ec2:RevokeSecurityGroupIngress',
    ],
  },
  {
    feature: 'isolate: network ACL deny',
    description:
      "Denies the instance's addresses on its subnets' network ACLs, for flows that stay tracked (NAT gateway, load balancer, transit gateway, endpoint paths).",
    principal: 'responder',
    actions: ['ec2:CreateNetworkAclEntry'],
  },
  {
    feature: 'isolate: credentials (instance profile)',
    description:
      'Disassociates the instance profile, since the metadata service is link-local and no security group stops it.',
    principal: 'responder',
    actions: ['ec2:DisassociateIamInstanceProfile'],
  },
  {
    feature: 'isolate: evidence',
    description:
      'Termination protection, shutdown behaviour stop, DeleteOnTermination=false, Standby or detach from Auto Scaling, tagged snapshots, and the incident tags on the instance.',
    principal: 'responder',
    actions: [
      'autoscaling:DetachInstances',
      'autoscaling:EnterStandby',
      'ec2:CreateSnapshots',
      'ec2:CreateTags',
      'ec2:DescribeSnapshots',
      'ec2:ModifyInstanceAttribute',
    ],
  },
  {
    feature: 'isolate: restore',
    description:
      "Puts back the original groups and instance profile, removes Firebreak's network ACL entries and tags, and returns the instance to its Auto Scaling group at the recorded desired capacity.",
    principal: 'responder',
    actions: [
      'autoscaling:AttachInstances',
      'autoscaling:ExitStandby',
      'autoscaling:SetDesiredCapacity',
      'ec2:AssociateIamInstanceProfile',
      'ec2:CreateTags',
      'ec2:DeleteNetworkAclEntry',
      'ec2:DeleteTags',
      'ec2:ModifyNetworkInterfaceAttribute',
    ],
  },
  {
    // Its own statement, because it needs a condition the EC2 actions of restore cannot share.
    feature: 'isolate: restore (pass role)',
    description:
      'Re-associating an instance profile passes its role to EC2. The roles are whatever profiles Firebreak took away, so they cannot be named in advance; the condition allows passing them to EC2 only.',
    principal: 'responder',
    actions: ['iam:PassRole'],
    resources: ['arn:aws:iam::*:role/*'],
    condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
  },
  {
    feature: 'revoke: read (preview)',
    description:
      "Places an access key in its account, finds its user (or, for a session key, the role or user CloudTrail shows using it), and reads the user's keys (with last use), console access, MFA and policies, or the role's trust, policies, instance profiles and the running instances that use them.",
    principal: 'responder',
    actions: [
      'cloudtrail:LookupEvents',
      'ec2:DescribeInstances',
      'iam:GetAccessKeyLastUsed',
      'iam:GetLoginProfile',
      'iam:GetPolicy',
      'iam:GetRole',
      'iam:GetRolePolicy',
      'iam:GetUser',
      'iam:GetUserPolicy',
      'iam:ListAccessKeys',
      'iam:ListAttachedRolePolicies',
      'iam:ListAttachedUserPolicies',
      'iam:ListInstanceProfilesForRole',
      'iam:ListMFADevices',
      'iam:ListRolePolicies',
      'iam:ListUserPolicies',
      'sts:GetAccessKeyInfo',
    ],
  },
  {
    feature: 'revoke: user credentials',
    description:
      "Deactivates a user's access keys (never deletes them) and denies it everything with an inline policy, or with a managed policy when its inline budget is full.",
    principal: 'responder',
    actions: [
      'iam:AttachUserPolicy',
      'iam:CreatePolicy',
      'iam:GetPolicy',
      'iam:PutUserPolicy',
      'iam:UpdateAccessKey',
    ],
  },
  {
    feature: 'revoke: console access',
    description: "Deletes a user's console password, only when the responder picks it; it cannot be undone.",
    principal: 'responder',
    actions: ['iam:DeleteLoginProfile'],
  },
  {
    feature: 'revoke: role sessions',
    description:
      'Denies every session of a role issued before now, with an inline aws:TokenIssueTime policy.',
    principal: 'responder',
    actions: ['iam:PutRolePolicy'],
  },
  {
    feature: 'revoke: restore',
    description:
      'Reactivates exactly the keys a revocation deactivated, removes its deny policies (detaching and deleting a managed one) and puts back any policy it overwrote.',
    principal: 'responder',
    actions: [
      'iam:DeletePolicy',
      'iam:DeleteRolePolicy',
      'iam:DeleteUserPolicy',
      'iam:DetachUserPolicy',
      'iam:PutRolePolicy',
      'iam:PutUserPolicy',
      'iam:UpdateAccessKey',
    ],
  },
  {
    feature: 'remediate: delete deactivated keys, lift the deny',
    description:
      'After a confirmation that says it is irreversible, deletes the access keys a revocation deactivated (re-reading each first; a reactivated key is left alone). Lifting the deny uses the revoke restore permissions above.',
    principal: 'responder',
    actions: ['iam:DeleteAccessKey', 'iam:ListAccessKeys'],
  },
  {
    feature: 'investigate: CloudTrail search',
    description:
      'Searches CloudTrail event history (/ir trail and the Investigate button) in the target regions, and in us-east-1 for IAM, STS and console sign-in events.',
    principal: 'responder',
    actions: ['cloudtrail:LookupEvents'],
  },
  {
    feature: 'investigate: alarm graph',
    description:
      "Renders the alarm's metric around the alarm time, with its threshold, as a PNG for the incident thread.",
    principal: 'responder',
    actions: ['cloudwatch:GetMetricWidgetImage'],
  },
  {
    feature: 'identity (who am I)',
    description:
      "Learns the bot's own account and principal, so containment never cuts off Firebreak itself. STS answers this call even without the permission; it is listed so the table is complete.",
    principal: 'both',
    actions: ['sts:GetCallerIdentity'],
  },
  {
    feature: 'cross-account (assume role)',
    description:
      'With FIREBREAK_ROLE_ARN set, the base identity assumes the responder role in each target account. Change the resource if the role has another name.',
    principal: 'base',
    actions: ['sts:AssumeRole'],
    resources: ['arn:aws:iam::*:role/firebreak-responder'],
  },
];

/** Actions AWS checks although no SDK command names them, with what in the code triggers each and why. */
export const INDIRECT_PERMISSIONS: readonly { action: string; neededBy: string; reason: string }[] = [
  {
    action: 'iam:PassRole',
    neededBy: 'ec2:AssociateIamInstanceProfile',
    reason: 'associating an instance profile hands its role to EC2, which IAM authorises as iam:PassRole',
  },
  {
    action: 'ec2:CreateTags',
    neededBy: 'ec2:CreateSecurityGroup',
    reason: 'tags given on create (TagSpecifications) are authorised as ec2:CreateTags',
  },
  {
    action: 'ec2:CreateTags',
    neededBy: 'ec2:CreateSnapshots',
    reason: 'tags given on create (TagSpecifications) are authorised as ec2:CreateTags',
  },
  {
    action: 'sts:AssumeRole',
    neededBy: 'fromTemporaryCredentials',
    reason: 'the SDK credential provider calls AssumeRole itself when FIREBREAK_ROLE_ARN is set',
  },
];

/** The IAM service prefix of each SDK client package Firebreak uses. */
export const CLIENT_SERVICE_PREFIXES: Readonly<Record<string, string>> = {
  '@aws-sdk/client-auto-scaling': 'autoscaling',
  '@aws-sdk/client-cloudtrail': 'cloudtrail',
  '@aws-sdk/client-cloudwatch': 'cloudwatch',
  '@aws-sdk/client-ec2': 'ec2',
  '@aws-sdk/client-iam': 'iam',
  '@aws-sdk/client-sts': 'sts',
};

/**
 * `ModifyNetworkInterfaceAttributeCommand` from `@aws-sdk/client-ec2` → `ec2:ModifyNetworkInterfaceAttribute`.
 * For these four services the IAM action is the API operation's name; a service where it is not (S3's
 * ListObjectsV2 is s3:ListBucket) needs its exceptions here. Undefined for an unknown package.
 */
export function actionOfCommand(clientPackage: string, commandName: string): string | undefined {
  const prefix = CLIENT_SERVICE_PREFIXES[clientPackage];
  const operation = /^(\w+)Command$/.exec(commandName)?.[1];
  return prefix === undefined || operation === undefined ? undefined : `${prefix}:${operation}`;
}

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** 'isolate: read (preview)' → 'IsolateReadPreview': IAM allows only letters and digits in a Sid. */
export function sidOf(feature: string): string {
  return feature
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

const holds = (principal: Principal, wanted: Exclude<Principal, 'both'>) =>
  principal === 'both' || principal === wanted;

/**
 * One statement per feature, actions sorted, so the generated JSON is stable and its diffs readable.
 * `responder` is docs/iam-policy.json, for the identity that does the work; `base` is what the bot's own
 * identity needs when it assumes the responder role in each account.
 */
export function buildPolicy(principal: Exclude<Principal, 'both'> = 'responder'): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: FEATURE_PERMISSIONS.filter((entry) => holds(entry.principal, principal)).map((entry) => {
      const resources = entry.resources ?? ['*'];
      return {
        Sid: sidOf(entry.feature),
        Effect: 'Allow',
        Action: [...new Set(entry.actions)].sort(),
        Resource: resources.length === 1 ? resources[0]! : [...resources],
        ...(entry.condition && { Condition: copyCondition(entry.condition) }),
      };
    }),
  };
}

function copyCondition(condition: NonNullable<FeaturePermission['condition']>): PolicyStatement['Condition'] {
  return Object.fromEntries(
    Object.entries(condition).map(([operator, keys]) => [
      operator,
      Object.fromEntries(
        Object.entries(keys).map(([key, value]) => [key, typeof value === 'string' ? value : [...value]]),
      ),
    ]),
  );
}
