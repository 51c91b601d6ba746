import type { Severity } from '../incident/incident.js';
import type { ParsedAlarm } from './alarm.js';

/**
 * Severity of a new alarm incident, from a small rule table read top to bottom; the first match wins.
 *
 * An explicit token in the alarm name (sev1, p2, critical, low, …) is the alarm owner's own call and comes first.
 * Then the CIS Benchmark CloudTrail metric-filter alarms (root use, unauthorised API calls, sign-in without MFA,
 * IAM / CloudTrail / KMS / S3 policy / Config / network changes) are SEV2: each may be an attacker at work, and
 * they rarely fire otherwise. Everything else is SEV3 until a responder says differently.
 *
 * `tokens` match whole words of the name, after splitting camelCase and separators ("prod-web-Sev1", "CpuHigh");
 * `squashed` matches the name and metric name lower-cased with every non-alphanumeric removed
 * ("CIS-3.3-RootAccountUsage" → "cis33rootaccountusage").
 */
export interface SeverityRule {
  severity: Severity;
  why: string;
  tokens?: RegExp;
  squashed?: RegExp;
  namespace?: RegExp;
}

export const SEVERITY_RULES: readonly SeverityRule[] = [
  { severity: 1, why: 'name says sev1 / p1 / critical', tokens: /\b(sev ?1|p1|critical|crit)\b/ },
  { severity: 2, why: 'name says sev2 / p2 / high', tokens: /\b(sev ?2|p2|high)\b/ },
  { severity: 3, why: 'name says sev3 / p3 / medium', tokens: /\b(sev ?3|p3|medium)\b/ },
  { severity: 4, why: 'name says sev4 / p4 / low', tokens: /\b(sev ?4|p4|low)\b/ },
  { severity: 2, why: 'CIS root account usage', squashed: /root(account)?(usage|use|activity|login)/ },
  { severity: 2, why: 'CIS unauthorized API calls', squashed: /unauthori[sz]ed(api)?(call|access|request)/ },
  { severity: 2, why: 'CIS console sign-in without MFA', squashed: /(without|no)mfa|mfa(disabled|missing)/ },
  {
    severity: 2,
    why: 'CIS console authentication failures',
    squashed: /console(auth|authentication|login|signin)fail/,
  },
  { severity: 2, why: 'CIS IAM policy changes', squashed: /iam(policy|policies)?change/ },
  {
    severity: 2,
    why: 'CIS CloudTrail configuration changes',
    squashed: /cloudtrail(cfg|config|configuration)?change/,
  },
  {
    severity: 2,
    why: 'CIS KMS key disabled or deleted',
    squashed: /(disable|delete|deletion)(of)?(cmk|kms)|(cmk|kmskey)(deletion|disable)/,
  },
  { severity: 2, why: 'CIS S3 bucket policy changes', squashed: /bucketpolicychange/ },
  { severity: 2, why: 'CIS AWS Config changes', squashed: /awsconfigchange|configservicechange/ },
  { severity: 2, why: 'CIS security group changes', squashed: /securitygroupchange/ },
  { severity: 2, why: 'CIS network ACL changes', squashed: /(nacl|networkacl)change/ },
  {
    severity: 2,
    why: 'CIS network gateway changes',
    squashed: /(network|internet)(gateway|gw)change|igwchange/,
  },
  { severity: 2, why: 'CIS route table changes', squashed: /routetablechange/ },
  { severity: 2, why: 'CIS VPC changes', squashed: /vpcchange/ },
  { severity: 2, why: 'CIS AWS Organizations changes', squashed: /organi[sz]ations?change/ },
  { severity: 2, why: 'CIS Benchmark metric namespace', namespace: /^CISBenchmark$/i },
];

export const DEFAULT_SEVERITY: Severity = 3;

/** "prod-web-HighCPU_sev1" → "prod web high cpu sev1". */
function words(name: string): string {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const squash = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '');

interface Subject {
  name: string;
  metricNames: string[];
  namespaces: string[];
}

function subject(alarm: ParsedAlarm): Subject | undefined {
  switch (alarm.kind) {
    case 'unknown':
      return undefined;
    case 'metric':
      return {
        name: alarm.name,
        metricNames: alarm.trigger.metricName ? [alarm.trigger.metricName] : [],
        namespaces: alarm.trigger.namespace ? [alarm.trigger.namespace] : [],
      };
    case 'metric-math': {
      const metrics = alarm.trigger.metrics.flatMap((q) => (q.metricStat ? [q.metricStat.metric] : []));
      return {
        name: alarm.name,
        metricNames: metrics.flatMap((m) => (m.metricName ? [m.metricName] : [])),
        namespaces: metrics.flatMap((m) => (m.namespace ? [m.namespace] : [])),
      };
    }
    case 'composite':
      return { name: alarm.name, metricNames: [], namespaces: [] };
  }
}

function matches(rule: SeverityRule, s: Subject): boolean {
  if (rule.tokens?.test(words(s.name))) return true;
  if (rule.squashed && [s.name, ...s.metricNames].some((text) => rule.squashed?.test(squash(text))))
    return true;
  return rule.namespace !== undefined && s.namespaces.some((ns) => rule.namespace?.test(ns));
}

/** The severity and the rule that chose it (for the timeline: people ask why an alarm was SEV2). */
export function classifySeverity(alarm: ParsedAlarm): { severity: Severity; why: string } {
  const s = subject(alarm);
  const rule = s === undefined ? undefined : SEVERITY_RULES.find((r) => matches(r, s));
  return rule ? { severity: rule.severity, why: rule.why } : { severity: DEFAULT_SEVERITY, why: 'default' };
}

export function severityForAlarm(alarm: ParsedAlarm): Severity {
  return classifySeverity(alarm).severity;
}
