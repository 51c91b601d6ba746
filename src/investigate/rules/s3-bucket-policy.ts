import type { CloudTrailRecord } from '../record.js';
import { accountOf, at, eventNameOf, failed, few, fromIp, outcome, shown, str, who } from './fields.js';
import { accountOfPrincipal, awsPrincipals, hasRestrictingCondition, statements } from './policy.js';
import { downgrade, type Rule, recordRule } from './types.js';

/**
 * PutBucketPolicy that opens a bucket. CloudTrail records the policy as an object in
 * `requestParameters.bucketPolicy` (older records and some tools give a JSON string; both are read).
 */

const isS3Source = (record: CloudTrailRecord): boolean =>
  /^s3(-control)?\.amazonaws\.com$/.test(str(record.eventSource) ?? '');

function allowStatements(record: CloudTrailRecord) {
  if (!isS3Source(record) || eventNameOf(record) !== 'PutBucketPolicy') return [];
  return statements(at(record.requestParameters, 'bucketPolicy')).filter((s) => s.effect === 'Allow');
}

const bucketOf = (record: CloudTrailRecord): string => shown(str(at(record.requestParameters, 'bucketName')));

export const bucketPolicyPublic = recordRule({
  id: 's3-bucket-policy-public',
  title: 'Bucket policy grants public access',
  severity: 'critical',
  alsoSeverities: ['high'],
  description:
    'PutBucketPolicy with an Allow to Principal "*" (or AWS "*") and no condition pinning the caller down (aws:SourceVpce, aws:SourceIp, aws:PrincipalOrgID, aws:SourceAccount and the other keys AWS itself accepts as non-public).',
  match(record) {
    const open = allowStatements(record).filter(
      (s) =>
        awsPrincipals(s.principal).some((p) => p.trim() === '*') && !hasRestrictingCondition(s.condition),
    );
    if (open.length === 0) return undefined;
    const actions = open.flatMap((s) => s.actions);
    return {
      reason: `PutBucketPolicy on ${bucketOf(record)} allows anyone (Principal "*") ${actions.length ? few(actions) : 'some actions'} by ${who(record)}${fromIp(record)}${outcome(record)}`,
      severity: failed(record) ? 'high' : 'critical',
    };
  },
});

export const bucketPolicyCrossAccount = recordRule({
  id: 's3-bucket-policy-cross-account',
  title: 'Bucket policy grants another account',
  severity: 'high',
  alsoSeverities: ['medium'],
  description:
    "PutBucketPolicy with an Allow naming a principal (account id or ARN) in an account other than the bucket's (recipientAccountId): a path for data to leave the account.",
  match(record) {
    const own = accountOf(record);
    const foreign = allowStatements(record)
      .flatMap((s) => awsPrincipals(s.principal))
      .filter((p) => {
        const account = accountOfPrincipal(p);
        return account !== undefined && account !== own;
      });
    if (foreign.length === 0) return undefined;
    const accounts = foreign.map((p) => accountOfPrincipal(p)!);
    return {
      reason: `PutBucketPolicy on ${bucketOf(record)} grants account ${few(accounts)} (${few(foreign, 2)}) by ${who(record)}${fromIp(record)}${outcome(record)}`,
      severity: failed(record) ? downgrade('high') : 'high',
    };
  },
});

export const S3_BUCKET_POLICY_RULES: readonly Rule[] = [bucketPolicyPublic, bucketPolicyCrossAccount];
