import { type CloudTrailRecord, principalOf } from '../record.js';
import {
  accessKeyOf,
  clientIpOf,
  eventNameOf,
  few,
  fromIp,
  isLongTermKey,
  shown,
  timeOf,
  userAgentOf,
  who,
} from './fields.js';
import type { Rule, RuleHit } from './types.js';

/**
 * Reconnaissance: offensive and audit tools announce themselves in the user agent (they wrap boto3/botocore and
 * append their name, or run on a pentest distribution whose kernel string names it), and a leaked key is almost
 * always first tried with GetCallerIdentity ("whoami") from wherever the attacker is.
 */

/**
 * Tool and distribution names, matched case-insensitively as a whole word, where digits and punctuation count as
 * word edges: "Pacu/1.5.2", "os/linux#6.3.0-kali1-amd64" and "6.5.0-13parrot1-amd64" match, "mycompany-pacurrier"
 * does not.
 */
export const SCANNER_USER_AGENTS: readonly string[] = [
  'pacu',
  'scoutsuite',
  'prowler',
  'cloudsploit',
  'trufflehog',
  'enumerate-iam',
  'cloudfox',
  'cloudmapper',
  'weirdaal',
  'pmapper',
  'nmap',
  'kali',
  'parrot',
  'pentoo',
];

const SCANNER_PATTERN = new RegExp(
  `(?:^|[^a-z])(${SCANNER_USER_AGENTS.map((s) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('|')})(?![a-z])`,
  'i',
);

/** The scanner a user agent names, in lower case, or undefined. */
export function scannerIn(userAgent: string | undefined): string | undefined {
  if (!userAgent) return undefined;
  return SCANNER_PATTERN.exec(userAgent.slice(0, 4096))?.[1]?.toLowerCase();
}

const isCallerIdentity = (record: CloudTrailRecord): boolean => eventNameOf(record) === 'GetCallerIdentity';
const usable = (record: unknown): record is CloudTrailRecord => typeof record === 'object' && record !== null;

export const callerIdentityRecon: Rule = {
  id: 'sts-get-caller-identity-recon',
  title: 'GetCallerIdentity from a scanner or an unusual IP',
  severity: 'high',
  severities: ['high', 'medium'],
  description: `GetCallerIdentity with a scanner user agent (${SCANNER_USER_AGENTS.join(', ')}) is high. Made with a long-term key (AKIA…) from an IP from which the same principal made no other call in these results, while it did make calls from other IPs, it is medium: the usual first test of a leaked key. A principal seen only in GetCallerIdentity calls has no baseline and is not judged on its IP.`,
  evaluate(records) {
    // IPs each principal used for anything other than GetCallerIdentity: the baseline.
    const seen = new Map<string, Set<string>>();
    records.forEach((record) => {
      if (!usable(record) || isCallerIdentity(record)) return;
      const ip = clientIpOf(record);
      if (!ip) return;
      const principal = principalOf(record);
      const ips = seen.get(principal) ?? new Set<string>();
      ips.add(ip);
      seen.set(principal, ips);
    });
    const hits: RuleHit[] = [];
    const reported = new Set<string>();
    // In time order, so the call reported for a new IP is its first, whatever order the records came in.
    const calls = records
      .map((record, index) => ({ record, index }))
      .filter(({ record }) => usable(record) && isCallerIdentity(record))
      .sort(
        (a, b) =>
          (timeOf(a.record) ?? Number.POSITIVE_INFINITY) - (timeOf(b.record) ?? Number.POSITIVE_INFINITY) ||
          a.index - b.index,
      );
    for (const { record, index } of calls) {
      const principal = principalOf(record);
      const scanner = scannerIn(userAgentOf(record));
      if (scanner) {
        hits.push({
          index,
          reason: `GetCallerIdentity by ${who(record)}${fromIp(record)} with scanner user agent "${scanner}"`,
          severity: 'high',
        });
        continue;
      }
      const key = accessKeyOf(record);
      const ip = clientIpOf(record);
      const baseline = seen.get(principal);
      if (!isLongTermKey(key) || !ip || !baseline || baseline.has(ip)) continue;
      if (reported.has(`${principal}\n${ip}`)) continue;
      reported.add(`${principal}\n${ip}`);
      hits.push({
        index,
        reason: `GetCallerIdentity with long-term key ${shown(key)} by ${who(record)} from ${ip}, an IP it used for nothing else (other calls came from ${few(baseline)})`,
        severity: 'medium',
      });
    }
    return hits;
  },
};

export const scannerUserAgent: Rule = {
  id: 'scanner-user-agent',
  title: 'Calls from a known scanner or pentest system',
  severity: 'high',
  severities: ['high'],
  description:
    'Any call other than GetCallerIdentity whose user agent names an offensive or audit tool or a pentest distribution. One finding per principal and tool, on its first call, with how many calls it made.',
  evaluate(records) {
    const groups = new Map<string, { index: number; time: number; scanner: string; name: string }[]>();
    records.forEach((record, index) => {
      if (!usable(record) || isCallerIdentity(record)) return;
      const scanner = scannerIn(userAgentOf(record));
      if (!scanner) return;
      const key = `${principalOf(record)}\n${scanner}`;
      const calls = groups.get(key) ?? [];
      calls.push({
        index,
        time: timeOf(record) ?? Number.POSITIVE_INFINITY,
        scanner,
        name: eventNameOf(record),
      });
      groups.set(key, calls);
    });
    return [...groups.values()].map((calls) => {
      calls.sort((a, b) => a.time - b.time || a.index - b.index);
      const first = calls[0]!;
      const record = records[first.index]!;
      return {
        index: first.index,
        reason: `${calls.length} call${calls.length === 1 ? '' : 's'} by ${who(record)}${fromIp(record)} with scanner user agent "${first.scanner}": ${few(
          calls.map((c) => c.name),
          4,
        )}`,
      };
    });
  },
};

export const RECON_RULES: readonly Rule[] = [callerIdentityRecon, scannerUserAgent];
