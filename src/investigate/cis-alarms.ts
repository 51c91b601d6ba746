import type { CloudTrailRecord } from './record.js';

/**
 * The CIS AWS Foundations Benchmark monitoring controls (Security Hub CloudWatch.1–14, CIS v1.2 3.x, v1.4/v3 4.x)
 * are CloudWatch alarms on CloudTrail metric filters. Knowing which filter an alarm stands on tells us which events
 * to look up to say who set it off. Event names and sources are those of the published filter patterns.
 */
export interface CisControl {
  id: string;
  title: string;
  eventNames: string[];
  eventSources?: string[];
  /** CloudWatch Logs wildcards: "AccessDenied*" matches any code that starts with AccessDenied. */
  errorCodes?: string[];
  /** Set when the filter selects by identity rather than by event (root usage). */
  userIdentityType?: string;
  /** The published filter pattern, for display and for readers checking our reading of it. */
  filterPattern: string;
  /** events recorded only in us-east-1 (IAM, STS global, sign-in) */
  global: boolean;
  /** Metric and alarm names seen for this control, compared with case and separators ignored. */
  aliases: string[];
}

const ors = (names: string[]): string => names.map((n) => `($.eventName = ${n})`).join(' || ');

const IAM_POLICY_EVENTS = [
  'DeleteGroupPolicy',
  'DeleteRolePolicy',
  'DeleteUserPolicy',
  'PutGroupPolicy',
  'PutRolePolicy',
  'PutUserPolicy',
  'CreatePolicy',
  'DeletePolicy',
  'CreatePolicyVersion',
  'DeletePolicyVersion',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'AttachUserPolicy',
  'DetachUserPolicy',
  'AttachGroupPolicy',
  'DetachGroupPolicy',
];
const CLOUDTRAIL_EVENTS = ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'];
const KMS_EVENTS = ['DisableKey', 'ScheduleKeyDeletion'];
const S3_POLICY_EVENTS = [
  'PutBucketAcl',
  'PutBucketPolicy',
  'PutBucketCors',
  'PutBucketLifecycle',
  'PutBucketReplication',
  'DeleteBucketPolicy',
  'DeleteBucketCors',
  'DeleteBucketLifecycle',
  'DeleteBucketReplication',
];
const CONFIG_EVENTS = [
  'StopConfigurationRecorder',
  'DeleteDeliveryChannel',
  'PutDeliveryChannel',
  'PutConfigurationRecorder',
];
const SECURITY_GROUP_EVENTS = [
  'AuthorizeSecurityGroupIngress',
  'AuthorizeSecurityGroupEgress',
  'RevokeSecurityGroupIngress',
  'RevokeSecurityGroupEgress',
  'CreateSecurityGroup',
  'DeleteSecurityGroup',
];
const NACL_EVENTS = [
  'CreateNetworkAcl',
  'CreateNetworkAclEntry',
  'DeleteNetworkAcl',
  'DeleteNetworkAclEntry',
  'ReplaceNetworkAclEntry',
  'ReplaceNetworkAclAssociation',
];
const GATEWAY_EVENTS = [
  'CreateCustomerGateway',
  'DeleteCustomerGateway',
  'AttachInternetGateway',
  'CreateInternetGateway',
  'DeleteInternetGateway',
  'DetachInternetGateway',
];
const ROUTE_TABLE_EVENTS = [
  'CreateRoute',
  'CreateRouteTable',
  'ReplaceRoute',
  'ReplaceRouteTableAssociation',
  'DeleteRouteTable',
  'DeleteRoute',
  'DisassociateRouteTable',
];
const VPC_EVENTS = [
  'CreateVpc',
  'DeleteVpc',
  'ModifyVpcAttribute',
  'AcceptVpcPeeringConnection',
  'CreateVpcPeeringConnection',
  'DeleteVpcPeeringConnection',
  'RejectVpcPeeringConnection',
  'AttachClassicLinkVpc',
  'DetachClassicLinkVpc',
  'DisableVpcClassicLink',
  'EnableVpcClassicLink',
];
const ORGANIZATIONS_EVENTS = [
  'AcceptHandshake',
  'AttachPolicy',
  'CreateAccount',
  'CreateOrganizationalUnit',
  'CreatePolicy',
  'DeclineHandshake',
  'DeleteOrganization',
  'DeleteOrganizationalUnit',
  'DeletePolicy',
  'DetachPolicy',
  'DisablePolicyType',
  'EnablePolicyType',
  'InviteAccountToOrganization',
  'LeaveOrganization',
  'MoveAccount',
  'RemoveAccountFromOrganization',
  'UpdatePolicy',
  'UpdateOrganizationalUnit',
];

export const CIS_CONTROLS: readonly CisControl[] = [
  {
    id: 'CloudWatch.1',
    title: 'Usage of the root user',
    eventNames: [],
    userIdentityType: 'Root',
    filterPattern:
      '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    // Root's API calls land in the region they were made in; only its console sign-in is us-east-1's.
    global: false,
    aliases: [
      'RootAccountUsage',
      'RootUsage',
      'RootAccountLogins',
      'RootUserEventCount',
      'RootAccount',
      'RootActivity',
    ],
  },
  {
    id: 'CloudWatch.2',
    title: 'Unauthorized API calls',
    eventNames: [],
    errorCodes: ['*UnauthorizedOperation', 'AccessDenied*'],
    filterPattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
    global: false,
    aliases: [
      'UnauthorizedAPICalls',
      'UnauthorizedApiCallsMetric',
      'UnauthorizedAttemptCount',
      'AuthorizationFailureCount',
    ],
  },
  {
    id: 'CloudWatch.3',
    title: 'Management Console sign-in without MFA',
    eventNames: ['ConsoleLogin'],
    eventSources: ['signin.amazonaws.com'],
    filterPattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
    global: true,
    aliases: [
      'ConsoleSigninWithoutMFA',
      'NoMFAConsoleSignin',
      'NoMFAConsoleLogins',
      'ConsoleSignInWithoutMfaCount',
      'SigninWithoutMFA',
      'NoMFAConsoleLogin',
    ],
  },
  {
    id: 'CloudWatch.4',
    title: 'IAM policy changes',
    eventNames: IAM_POLICY_EVENTS,
    eventSources: ['iam.amazonaws.com'],
    filterPattern: `{ ${ors(IAM_POLICY_EVENTS)} }`,
    global: true,
    aliases: ['IAMPolicyChanges', 'IAMPolicyEventCount', 'IAMPolicyChange', 'IAMChanges'],
  },
  {
    id: 'CloudWatch.5',
    title: 'CloudTrail configuration changes',
    eventNames: CLOUDTRAIL_EVENTS,
    eventSources: ['cloudtrail.amazonaws.com'],
    filterPattern: `{ ${ors(CLOUDTRAIL_EVENTS)} }`,
    global: false,
    aliases: [
      'CloudTrailCfgChanges',
      'CloudTrailChanges',
      'CloudTrailEventCount',
      'CloudTrailConfigChanges',
      'CloudTrailConfigurationChanges',
    ],
  },
  {
    id: 'CloudWatch.6',
    title: 'Management Console authentication failures',
    eventNames: ['ConsoleLogin'],
    eventSources: ['signin.amazonaws.com'],
    filterPattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
    global: true,
    aliases: [
      'ConsoleSigninFailures',
      'ConsoleSignInFailureCount',
      'ConsoleLoginFailures',
      'ConsoleAuthenticationFailures',
      'ConsoleAuthFailures',
    ],
  },
  {
    id: 'CloudWatch.7',
    title: 'Disabling or scheduled deletion of customer managed keys',
    eventNames: KMS_EVENTS,
    eventSources: ['kms.amazonaws.com'],
    filterPattern: `{ ($.eventSource = kms.amazonaws.com) && (${ors(KMS_EVENTS)}) }`,
    global: false,
    aliases: [
      'DisableOrDeleteCMK',
      'DisableOrDeleteCMKs',
      'KMSKeyDeletion',
      'KMSCustomerMasterKeyDeletion',
      'CMKChanges',
    ],
  },
  {
    id: 'CloudWatch.8',
    title: 'S3 bucket policy changes',
    eventNames: S3_POLICY_EVENTS,
    eventSources: ['s3.amazonaws.com'],
    filterPattern: `{ ($.eventSource = s3.amazonaws.com) && (${ors(S3_POLICY_EVENTS)}) }`,
    global: false,
    aliases: [
      'S3BucketPolicyChanges',
      'S3BucketActivityEventCount',
      'S3PolicyChanges',
      'BucketPolicyChanges',
    ],
  },
  {
    id: 'CloudWatch.9',
    title: 'AWS Config configuration changes',
    eventNames: CONFIG_EVENTS,
    eventSources: ['config.amazonaws.com'],
    filterPattern: `{ ($.eventSource = config.amazonaws.com) && (${ors(CONFIG_EVENTS)}) }`,
    global: false,
    aliases: [
      'AWSConfigChanges',
      'ConfigChanges',
      'AWSConfigEventCount',
      'ConfigEventCount',
      'AWSConfigConfigurationChanges',
    ],
  },
  {
    id: 'CloudWatch.10',
    title: 'Security group changes',
    eventNames: SECURITY_GROUP_EVENTS,
    eventSources: ['ec2.amazonaws.com'],
    filterPattern: `{ ${ors(SECURITY_GROUP_EVENTS)} }`,
    global: false,
    aliases: ['SecurityGroupChanges', 'SecurityGroupEventCount', 'SecurityGroupChangeMetric', 'SGChanges'],
  },
  {
    id: 'CloudWatch.11',
    title: 'Network ACL changes',
    eventNames: NACL_EVENTS,
    eventSources: ['ec2.amazonaws.com'],
    filterPattern: `{ ${ors(NACL_EVENTS)} }`,
    global: false,
    aliases: ['NACLChanges', 'NetworkAclEventCount', 'NetworkAclChanges', 'NetworkAclChangeMetric'],
  },
  {
    id: 'CloudWatch.12',
    title: 'Network gateway changes',
    eventNames: GATEWAY_EVENTS,
    eventSources: ['ec2.amazonaws.com'],
    filterPattern: `{ ${ors(GATEWAY_EVENTS)} }`,
    global: false,
    aliases: ['NetworkGatewayChanges', 'GatewayEventCount', 'GatewayChanges', 'GatewayChangeMetric'],
  },
  {
    id: 'CloudWatch.13',
    title: 'Route table changes',
    eventNames: ROUTE_TABLE_EVENTS,
    eventSources: ['ec2.amazonaws.com'],
    filterPattern: `{ ${ors(ROUTE_TABLE_EVENTS)} }`,
    global: false,
    aliases: ['RouteTableChanges', 'RouteTableEventCount', 'RouteTableChangeMetric'],
  },
  {
    id: 'CloudWatch.14',
    title: 'VPC changes',
    eventNames: VPC_EVENTS,
    eventSources: ['ec2.amazonaws.com'],
    filterPattern: `{ ${ors(VPC_EVENTS)} }`,
    global: false,
    aliases: ['VPCChanges', 'VpcEventCount', 'VPCChangeMetric'],
  },
  {
    // CIS v1.4/v3 4.15; Security Hub has no CloudWatch control number for it.
    id: 'CIS-4.15',
    title: 'AWS Organizations changes',
    eventNames: ORGANIZATIONS_EVENTS,
    eventSources: ['organizations.amazonaws.com'],
    filterPattern: `{ ($.eventSource = organizations.amazonaws.com) && (${ORGANIZATIONS_EVENTS.map((n) => `($.eventName = "${n}")`).join(' || ')}) }`,
    // Organizations is served from us-east-1 and records its events there.
    global: true,
    aliases: ['OrganizationsChanges', 'OrganizationChanges', 'AWSOrganizationsChanges', 'OrgChanges'],
  },
];

const normalise = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * Aliases longest first, so "S3BucketPolicyChanges" is found before a shorter alias that happens to sit inside
 * it, and "ConsoleSigninFailures" never reads as "ConsoleSignin…" of another control.
 */
const ALIASES: readonly { alias: string; control: CisControl }[] = CIS_CONTROLS.flatMap((control) =>
  control.aliases.map((alias) => ({ alias: normalise(alias), control })),
).sort((a, b) => b.alias.length - a.alias.length);

function controlNamedIn(text: string | undefined): CisControl | undefined {
  if (typeof text !== 'string' || text === '') return undefined;
  const name = normalise(text.slice(0, 1024));
  return ALIASES.find(({ alias }) => name.includes(alias))?.control;
}

/**
 * The control an alarm stands on, from its metric name, else its alarm name, else its description. A metric in an
 * AWS service namespace (AWS/EC2, AWS/Lambda…) is a service metric, never a CloudTrail metric filter.
 */
export function cisControlFor(alarm: {
  alarmName: string;
  metricName?: string;
  namespace?: string;
  description?: string;
}): CisControl | undefined {
  if (typeof alarm.namespace === 'string' && alarm.namespace.startsWith('AWS/')) return undefined;
  return (
    controlNamedIn(alarm.metricName) ?? controlNamedIn(alarm.alarmName) ?? controlNamedIn(alarm.description)
  );
}

/** CloudWatch Logs' `*` wildcard at either end of a value. */
function wildcardMatch(pattern: string, value: string): boolean {
  const starts = pattern.startsWith('*');
  const ends = pattern.endsWith('*');
  const core = pattern.slice(starts ? 1 : 0, ends ? -1 : undefined);
  if (starts && ends) return value.includes(core);
  if (starts) return value.endsWith(core);
  if (ends) return value.startsWith(core);
  return value === core;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * Whether a record is one the control's filter would count: used to keep, from a wider lookup, the events that
 * set the alarm off. It follows the published patterns, including their non-event conditions.
 */
export function matchesCisControl(control: CisControl, record: CloudTrailRecord): boolean {
  if (typeof record !== 'object' || record === null) return false;
  const identity =
    typeof record.userIdentity === 'object' && record.userIdentity !== null ? record.userIdentity : {};
  if (control.userIdentityType) {
    return (
      text(identity.type) === control.userIdentityType &&
      identity.invokedBy === undefined &&
      text(record.eventType) !== 'AwsServiceEvent'
    );
  }
  if (control.errorCodes) {
    const code = text(record.errorCode);
    return code !== undefined && control.errorCodes.some((pattern) => wildcardMatch(pattern, code));
  }
  if (!control.eventNames.includes(text(record.eventName) ?? '')) return false;
  if (control.eventSources && !control.eventSources.includes(text(record.eventSource) ?? '')) return false;
  if (control.id === 'CloudWatch.3') {
    const extra = record.additionalEventData;
    const mfa =
      typeof extra === 'object' && extra !== null ? (extra as Record<string, unknown>).MFAUsed : undefined;
    return mfa !== 'Yes';
  }
  if (control.id === 'CloudWatch.6') return text(record.errorMessage) === 'Failed authentication';
  return true;
}
