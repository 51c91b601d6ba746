import type { FlaggedTrailEvent } from '../incident/timeline.js';
import { type CloudTrailRecord, principalOf } from './record.js';
import { accessDeniedBurst } from './rules/access-denied-burst.js';
import { cloudTrailTampering } from './rules/cloudtrail-tampering.js';
import { CONSOLE_LOGIN_RULES } from './rules/console-login.js';
import { clientIpOf, str, timeOf } from './rules/fields.js';
import { IAM_ADMIN_RULES } from './rules/iam-admin-policy.js';
import { IAM_CREDENTIAL_RULES } from './rules/iam-credentials.js';
import { newSourceIp } from './rules/new-source-ip.js';
import { RECON_RULES } from './rules/recon.js';
import { rootApiCalls } from './rules/root-activity.js';
import { S3_BUCKET_POLICY_RULES } from './rules/s3-bucket-policy.js';
import { S3_PUBLIC_ACCESS_RULES } from './rules/s3-public-access.js';
import { securityGroupOpenToWorld } from './rules/security-group-ingress.js';
import { STS_TOKEN_RULES } from './rules/sts-tokens.js';
import { type Rule, SEVERITY_RANK, type Severity } from './rules/types.js';

export type { Rule, RuleHit } from './rules/types.js';
export type { Severity };

/** A rule's verdict on one record, as shown in Slack: one record may carry several findings. */
export interface Finding {
  ruleId: string;
  title: string;
  severity: Severity;
  reason: string;
  /** index into the records array */
  index: number;
}

/** Every rule, in the order of the help text. */
export const RULES: readonly Rule[] = [
  cloudTrailTampering,
  ...CONSOLE_LOGIN_RULES,
  rootApiCalls,
  ...IAM_CREDENTIAL_RULES,
  ...IAM_ADMIN_RULES,
  securityGroupOpenToWorld,
  ...S3_BUCKET_POLICY_RULES,
  ...S3_PUBLIC_ACCESS_RULES,
  ...STS_TOKEN_RULES,
  ...RECON_RULES,
  accessDeniedBurst,
  newSourceIp,
];

/**
 * Runs every rule over a result set. Sorted most severe first, then newest first (records whose time cannot be
 * read last), then in record and rule order so the same input always gives the same list.
 */
export function flagSuspicious(records: readonly CloudTrailRecord[]): Finding[] {
  const findings: (Finding & { rank: number })[] = [];
  RULES.forEach((rule, rank) => {
    for (const hit of rule.evaluate(records)) {
      if (!Number.isInteger(hit.index) || hit.index < 0 || hit.index >= records.length) continue;
      findings.push({
        ruleId: rule.id,
        title: rule.title,
        severity: hit.severity ?? rule.severity,
        reason: hit.reason,
        index: hit.index,
        rank,
      });
    }
  });
  const time = (f: Finding) => {
    const record = records[f.index];
    return (
      (typeof record === 'object' && record !== null ? timeOf(record) : undefined) ?? Number.NEGATIVE_INFINITY
    );
  };
  findings.sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      time(b) - time(a) ||
      a.index - b.index ||
      a.rank - b.rank,
  );
  return findings.map(({ rank: _rank, ...finding }) => finding);
}

/** A finding as the timeline keeps it: the rule and the who/what/where of its record. */
export function toFlaggedTrailEvent(record: CloudTrailRecord, finding: Finding): FlaggedTrailEvent {
  const flagged: FlaggedTrailEvent = {
    rule: finding.ruleId,
    severity: finding.severity,
    reason: finding.reason,
    eventTime: str(record.eventTime) ?? '',
    principal: principalOf(record),
    eventName: str(record.eventName) ?? '',
  };
  const eventSource = str(record.eventSource);
  if (eventSource) flagged.eventSource = eventSource;
  const sourceIp = clientIpOf(record) ?? str(record.sourceIPAddress);
  if (sourceIp) flagged.sourceIp = sourceIp;
  const region = str(record.awsRegion);
  if (region) flagged.region = region;
  const eventId = str(record.eventID);
  if (eventId) flagged.eventId = eventId;
  return flagged;
}
