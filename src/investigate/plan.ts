import { BlockList, isIP } from 'node:net';
import type { TrailQuery } from './query.js';
import { type CloudTrailRecord, principalNameOf } from './record.js';

/**
 * Turns a TrailQuery into LookupEvents calls. LookupEvents takes ONE lookup attribute per call, so the most
 * selective criterion goes to the server and every criterion (that one included) is applied again client-side:
 * cheap, and correct even when an emulator ignores the attribute.
 *
 * Server-side attribute, most selective first:
 *   AccessKeyId > ResourceName > Username > EventName > ResourceType > EventSource > ReadOnly
 * A key is used by one principal for a short time; a resource name is nearly unique; a user's activity is
 * narrower than one API's across the account; the rest select whole classes of events. `ip`, `error`, `account`
 * and the time range have no lookup attribute and are always client-side (the time range is also sent as
 * StartTime/EndTime).
 *
 * Username: CloudTrail's lookup matches the IAM user name, the role session name (for assumed roles) or "root".
 * Client-side, `user=` also accepts the role name behind a session (principalNameOf), so when another attribute
 * is server-side, `user=deploy-role` finds that role's sessions too.
 *
 * Global events: IAM, STS (global endpoint) and console sign-in events are recorded in us-east-1 only. A query
 * about a user, a key, those sources or those event names also runs in us-east-1. Results from us-east-1 that
 * the query did not ask for by region keep only events of those global services, so `user=alice region=eu-west-1`
 * shows alice's eu-west-1 calls and her IAM, STS and sign-in events, not her us-east-1 EC2 calls.
 */

export type LookupAttributeKey =
  | 'EventId'
  | 'EventName'
  | 'ReadOnly'
  | 'Username'
  | 'EventSource'
  | 'ResourceType'
  | 'ResourceName'
  | 'AccessKeyId';

export interface LookupAttribute {
  key: LookupAttributeKey;
  value: string;
}

/** A resource as LookupEvents lists it next to the record (Event.Resources), which the record itself may lack. */
export interface LookupResource {
  type?: string;
  name?: string;
}

/** Where a record was found: lets `matches` apply the global-region rule and use Event.Resources. */
export interface MatchContext {
  /** The region whose LookupEvents returned the record. */
  region?: string;
  resources?: readonly LookupResource[];
  /** LookupEvents' own Event.ReadOnly, for records that carry no readOnly field (ConsoleLogin among them). */
  readOnly?: boolean;
}

export interface Lookup {
  region: string;
  attribute?: LookupAttribute;
}

export interface LookupPlan {
  lookups: Lookup[];
  /** Every region searched: the query's, then the global region when added. */
  regions: string[];
  /** The global region, when it was added only for global events (and not asked for). */
  globalOnlyRegion?: string;
  /**
   * Client-side filter applying every criterion, the server-side one included (cheap, and safe if an emulator
   * ignores the attribute). `where` says which region's lookup returned the record and carries Event.Resources.
   */
  matches(record: CloudTrailRecord, where?: MatchContext): boolean;
}

/** Where CloudTrail records IAM, STS global-endpoint and console sign-in events, per partition. */
export function globalRegionFor(region: string | undefined): string {
  if (region?.startsWith('cn-')) return 'cn-north-1';
  if (region?.startsWith('us-gov-')) return 'us-gov-west-1';
  return 'us-east-1';
}

/** Sources whose events are recorded in the global region only. */
export const GLOBAL_EVENT_SOURCES: ReadonlySet<string> = new Set([
  'iam.amazonaws.com',
  'sts.amazonaws.com',
  'signin.amazonaws.com',
]);

/** Event names of those sources that people query by name (the CIS alarms' and the common IAM writes). */
export const GLOBAL_EVENT_NAMES: ReadonlySet<string> = new Set([
  // console sign-in
  'ConsoleLogin',
  'CheckMfa',
  'SwitchRole',
  'ExitRole',
  'RenewRole',
  'CredentialChallenge',
  'CredentialVerification',
  'PasswordUpdated',
  // STS (global endpoint)
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'AssumeRoot',
  'GetFederationToken',
  'GetSessionToken',
  'GetCallerIdentity',
  'GetAccessKeyInfo',
  'DecodeAuthorizationMessage',
  // IAM
  'AddUserToGroup',
  'AttachGroupPolicy',
  'AttachRolePolicy',
  'AttachUserPolicy',
  'ChangePassword',
  'CreateAccessKey',
  'CreateGroup',
  'CreateInstanceProfile',
  'CreateLoginProfile',
  'CreateOpenIDConnectProvider',
  'CreatePolicy',
  'CreatePolicyVersion',
  'CreateRole',
  'CreateSAMLProvider',
  'CreateServiceLinkedRole',
  'CreateUser',
  'CreateVirtualMFADevice',
  'DeactivateMFADevice',
  'DeleteAccessKey',
  'DeleteAccountPasswordPolicy',
  'DeleteGroupPolicy',
  'DeleteLoginProfile',
  'DeletePolicy',
  'DeletePolicyVersion',
  'DeleteRole',
  'DeleteRolePermissionsBoundary',
  'DeleteRolePolicy',
  'DeleteUser',
  'DeleteUserPermissionsBoundary',
  'DeleteUserPolicy',
  'DeleteVirtualMFADevice',
  'DetachGroupPolicy',
  'DetachRolePolicy',
  'DetachUserPolicy',
  'EnableMFADevice',
  'PutGroupPolicy',
  'PutRolePermissionsBoundary',
  'PutRolePolicy',
  'PutUserPermissionsBoundary',
  'PutUserPolicy',
  'RemoveUserFromGroup',
  'ResyncMFADevice',
  'SetDefaultPolicyVersion',
  'UpdateAccessKey',
  'UpdateAccountPasswordPolicy',
  'UpdateAssumeRolePolicy',
  'UpdateLoginProfile',
  'UpdateRole',
  'UpdateUser',
  'UploadSSHPublicKey',
  'UploadServerCertificate',
  'UploadSigningCertificate',
]);

function isAboutGlobalEvents(query: TrailQuery): boolean {
  if (query.user !== undefined || query.key !== undefined) return true;
  if (query.source !== undefined) return GLOBAL_EVENT_SOURCES.has(query.source);
  return query.events?.some((name) => GLOBAL_EVENT_NAMES.has(name)) ?? false;
}

/** The server-side attribute(s): several event names become one lookup each. */
function chooseAttributes(query: TrailQuery): (LookupAttribute | undefined)[] {
  if (query.key !== undefined) return [{ key: 'AccessKeyId', value: query.key }];
  if (query.resource !== undefined) return [{ key: 'ResourceName', value: query.resource }];
  if (query.user !== undefined) return [{ key: 'Username', value: query.user }];
  if (query.events?.length) return query.events.map((value) => ({ key: 'EventName', value }));
  if (query.resourceType !== undefined) return [{ key: 'ResourceType', value: query.resourceType }];
  if (query.source !== undefined) return [{ key: 'EventSource', value: query.source }];
  if (query.readOnly !== undefined) return [{ key: 'ReadOnly', value: String(query.readOnly) }];
  return [undefined];
}

export function planLookups(query: TrailQuery, options: { globalRegion?: string } = {}): LookupPlan {
  const regions = [...new Set(query.regions)];
  const globalRegion = options.globalRegion ?? globalRegionFor(regions[0]);
  let globalOnlyRegion: string | undefined;
  if (isAboutGlobalEvents(query) && !regions.includes(globalRegion)) {
    regions.push(globalRegion);
    globalOnlyRegion = globalRegion;
  }
  const attributes = chooseAttributes(query);
  const lookups = regions.flatMap((region) =>
    attributes.map((attribute): Lookup => (attribute === undefined ? { region } : { region, attribute })),
  );
  const filter = recordFilter(query);
  return {
    lookups,
    regions,
    ...(globalOnlyRegion !== undefined && { globalOnlyRegion }),
    matches(record, where = {}) {
      if (globalOnlyRegion !== undefined && where.region === globalOnlyRegion) {
        if (!GLOBAL_EVENT_SOURCES.has(record.eventSource)) return false;
      }
      return filter(record, where);
    },
  };
}

type Check = (record: CloudTrailRecord, where: MatchContext) => boolean;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** The names CloudTrail's Username lookup knows a record by, plus the role behind a session. */
export function userNamesOf(record: CloudTrailRecord): string[] {
  const identity = record.userIdentity;
  const names = [text(identity?.userName), principalNameOf(record)];
  // arn:aws:sts::123456789012:assumed-role/RoleName/session-name: the session name is the last segment.
  const arn = text(identity?.arn);
  if (identity?.type === 'AssumedRole' && arn?.includes(':assumed-role/')) names.push(arn.split('/').pop());
  if (identity?.type === 'Root') names.push('root');
  return names.filter((name): name is string => name !== undefined);
}

const strip = (code: string): string => code.replace(/^(Client|Server)\./, '');

function errorMatches(record: CloudTrailRecord, wanted: true | string): boolean {
  const code = text(record.errorCode);
  if (code === undefined) return false;
  return wanted === true || code === wanted || strip(code) === strip(wanted);
}

/** Compiles the address or CIDR once; `sourceIPAddress` that is a service name ("ec2.amazonaws.com") never matches. */
function ipMatcher(filter: string): (address: string | undefined) => boolean {
  const [network = '', prefix] = filter.split('/');
  const type = isIP(network) === 6 ? 'ipv6' : 'ipv4';
  const list = new BlockList();
  if (prefix === undefined) list.addAddress(network, type);
  else list.addSubnet(network, Number(prefix), type);
  return (address) => {
    if (address === undefined) return false;
    const family = isIP(address);
    if (family === 0) return false;
    return list.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };
}

function readOnlyOf(record: CloudTrailRecord): boolean | undefined {
  const value: unknown = record.readOnly;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return undefined;
}

/** True when `value` appears as a whole string anywhere in the (bounded) structure: request ids, names, ARNs. */
function mentions(value: unknown, wanted: string, depth = 0): boolean {
  if (typeof value === 'string') return value === wanted;
  if (depth > 6 || typeof value !== 'object' || value === null) return false;
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.some((child) => mentions(child, wanted, depth + 1));
}

function resourceMatches(record: CloudTrailRecord, where: MatchContext, wanted: string): boolean {
  if (where.resources?.some((resource) => resource.name === wanted)) return true;
  const arns = (Array.isArray(record.resources) ? record.resources : []).map((r) => text(r?.ARN));
  if (
    arns.some(
      (arn) =>
        arn !== undefined && (arn === wanted || arn.endsWith(`/${wanted}`) || arn.endsWith(`:${wanted}`)),
    )
  ) {
    return true;
  }
  return mentions(record.requestParameters, wanted) || mentions(record.responseElements, wanted);
}

function resourceTypeMatches(record: CloudTrailRecord, where: MatchContext, wanted: string): boolean {
  if (where.resources?.some((resource) => resource.type === wanted)) return true;
  return (Array.isArray(record.resources) ? record.resources : []).some((r) => r?.type === wanted);
}

function recordFilter(query: TrailQuery): Check {
  const checks: Check[] = [];
  const { user, key, events, source, resource, resourceType, readOnly, ip, error, account } = query;
  const since = query.since.getTime();
  const until = query.until.getTime();
  checks.push((record) => {
    const at = Date.parse(record.eventTime);
    return !Number.isNaN(at) && at >= since && at <= until;
  });
  if (user !== undefined) checks.push((record) => userNamesOf(record).includes(user));
  if (key !== undefined) checks.push((record) => record.userIdentity?.accessKeyId === key);
  if (events?.length) {
    const names = new Set(events);
    checks.push((record) => names.has(record.eventName));
  }
  if (source !== undefined) checks.push((record) => record.eventSource === source);
  if (resource !== undefined) checks.push((record, where) => resourceMatches(record, where, resource));
  if (resourceType !== undefined)
    checks.push((record, where) => resourceTypeMatches(record, where, resourceType));
  if (readOnly !== undefined) {
    // Some records (ConsoleLogin among them) carry no readOnly: LookupEvents' Event.ReadOnly decides then, and
    // without either they match neither true nor false.
    checks.push((record, where) => (readOnlyOf(record) ?? where.readOnly) === readOnly);
  }
  if (ip !== undefined) {
    const inRange = ipMatcher(ip);
    checks.push((record) => inRange(text(record.sourceIPAddress)));
  }
  if (error !== undefined) checks.push((record) => errorMatches(record, error));
  if (account !== undefined) {
    // LookupEvents returns one account's history; a record naming another recipient is not this account's.
    checks.push((record) => record.recipientAccountId === undefined || record.recipientAccountId === account);
  }
  return (record, where) => checks.every((check) => check(record, where));
}
