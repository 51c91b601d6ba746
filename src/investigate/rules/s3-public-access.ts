import type { CloudTrailRecord } from '../record.js';
import {
  at,
  bool,
  eventNameOf,
  failed,
  few,
  fromIp,
  list,
  obj,
  outcome,
  shown,
  str,
  strings,
  who,
} from './fields.js';
import { downgrade, type Rule, recordRule, type Severity } from './types.js';

/** Bucket ACLs that open a bucket to everyone, and the public access block being switched off. */

const isS3Source = (record: CloudTrailRecord): boolean =>
  /^s3(-control)?\.amazonaws\.com$/.test(str(record.eventSource) ?? '');

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

/** Canned ACLs (`x-amz-acl`) and the group each one grants to. */
const CANNED: Readonly<Record<string, 'AllUsers' | 'AuthenticatedUsers'>> = {
  'public-read': 'AllUsers',
  'public-read-write': 'AllUsers',
  'authenticated-read': 'AuthenticatedUsers',
};

const GRANT_HEADERS = [
  'x-amz-grant-read',
  'x-amz-grant-write',
  'x-amz-grant-read-acp',
  'x-amz-grant-write-acp',
  'x-amz-grant-full-control',
];

/** What the request grants to AllUsers or AuthenticatedUsers, as "AllUsers READ" lines. */
function publicGrants(request: unknown): { group: 'AllUsers' | 'AuthenticatedUsers'; what: string }[] {
  const found: { group: 'AllUsers' | 'AuthenticatedUsers'; what: string }[] = [];
  const grants = list(at(request, 'AccessControlPolicy', 'AccessControlList', 'Grant'));
  for (const grant of grants) {
    const uri = str(at(grant, 'Grantee', 'URI'))?.trim();
    const permission = shown(str(at(grant, 'Permission')));
    if (uri === ALL_USERS) found.push({ group: 'AllUsers', what: `AllUsers ${permission}` });
    if (uri === AUTHENTICATED_USERS)
      found.push({ group: 'AuthenticatedUsers', what: `AuthenticatedUsers ${permission}` });
  }
  for (const acl of strings(at(request, 'x-amz-acl'))) {
    const group = Object.hasOwn(CANNED, acl.trim()) ? CANNED[acl.trim()] : undefined;
    if (group) found.push({ group, what: `canned ACL ${acl.trim()}` });
  }
  for (const header of GRANT_HEADERS) {
    for (const value of strings(at(request, header))) {
      if (value.includes('/groups/global/AllUsers'))
        found.push({ group: 'AllUsers', what: `${header} AllUsers` });
      else if (value.includes('/groups/global/AuthenticatedUsers'))
        found.push({ group: 'AuthenticatedUsers', what: `${header} AuthenticatedUsers` });
    }
  }
  return found;
}

export const bucketAclPublic = recordRule({
  id: 's3-acl-public',
  title: 'ACL grants public access',
  severity: 'critical',
  alsoSeverities: ['high', 'medium'],
  description:
    'PutBucketAcl or PutObjectAcl granting the AllUsers group (critical) or AuthenticatedUsers, meaning any AWS account (high), in the ACL body (AccessControlPolicy.AccessControlList.Grant[].Grantee.URI), a canned x-amz-acl (public-read, public-read-write, authenticated-read) or an x-amz-grant-* header.',
  match(record) {
    const name = eventNameOf(record);
    if (!isS3Source(record) || (name !== 'PutBucketAcl' && name !== 'PutObjectAcl')) return undefined;
    const grants = publicGrants(record.requestParameters);
    if (grants.length === 0) return undefined;
    const severity: Severity = grants.some((g) => g.group === 'AllUsers') ? 'critical' : 'high';
    const bucket = shown(str(at(record.requestParameters, 'bucketName')));
    const key = str(at(record.requestParameters, 'key'));
    return {
      reason: `${name} on ${bucket}${key ? `/${shown(key)}` : ''} grants ${few(grants.map((g) => g.what))} by ${who(record)}${fromIp(record)}${outcome(record)}`,
      severity: failed(record) ? downgrade(severity) : severity,
    };
  },
});

const DELETE_BLOCK = new Set([
  'DeletePublicAccessBlock',
  'DeleteBucketPublicAccessBlock',
  'DeleteAccountPublicAccessBlock',
]);
const PUT_BLOCK = new Set([
  'PutPublicAccessBlock',
  'PutBucketPublicAccessBlock',
  'PutAccountPublicAccessBlock',
]);
const BLOCK_FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'];

function scopeOf(record: CloudTrailRecord): string {
  const bucket = str(at(record.requestParameters, 'bucketName'));
  return bucket ? `bucket ${shown(bucket)}` : 'the account';
}

export const publicAccessBlockWeakened = recordRule({
  id: 's3-public-access-block-weakened',
  title: 'S3 Block Public Access removed or weakened',
  severity: 'high',
  alsoSeverities: ['medium'],
  description:
    'DeletePublicAccessBlock (bucket or account), or PutPublicAccessBlock setting any of BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets to false: the guard that keeps a later public policy or ACL from taking effect.',
  match(record) {
    const name = eventNameOf(record);
    if (!isS3Source(record)) return undefined;
    const severity = failed(record) ? downgrade('high') : 'high';
    if (DELETE_BLOCK.has(name)) {
      return {
        reason: `${name} on ${scopeOf(record)} by ${who(record)}${fromIp(record)}${outcome(record)}`,
        severity,
      };
    }
    if (!PUT_BLOCK.has(name)) return undefined;
    const config = obj(at(record.requestParameters, 'PublicAccessBlockConfiguration'));
    const off = BLOCK_FLAGS.filter((flag) => config && bool(config[flag]) === false);
    if (off.length === 0) return undefined;
    return {
      reason: `${name} on ${scopeOf(record)} turns off ${off.join(', ')} by ${who(record)}${fromIp(record)}${outcome(record)}`,
      severity,
    };
  },
});

export const S3_PUBLIC_ACCESS_RULES: readonly Rule[] = [bucketAclPublic, publicAccessBlockWeakened];
