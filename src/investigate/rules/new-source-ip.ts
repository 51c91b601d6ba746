import { principalOf } from '../record.js';
import { clientIpOf, eventNameOf, shown, timeOf } from './fields.js';
import type { Rule, RuleHit } from './types.js';

/**
 * A principal acting from an IP it had not used earlier in the results. The first IP seen for a principal is its
 * baseline; each later different IP is flagged once, on its first call. Calls from inside AWS (a service host name,
 * "AWS Internal") carry no client address and are left out. Low severity: people travel and change networks, but
 * next to a higher finding it tells the responder where the intruder was.
 */
export const newSourceIp: Rule = {
  id: 'new-source-ip',
  title: 'New source IP for a principal',
  severity: 'low',
  severities: ['low'],
  description:
    'ConsoleLogin or any API call from a source IP the same principal had not used earlier in these results (the first IP is the baseline; AWS-internal sources are ignored). One finding per principal and new IP.',
  evaluate(records) {
    const calls = records
      .map((record, index) => ({ record, index }))
      .filter(({ record }) => typeof record === 'object' && record !== null)
      .map(({ record, index }) => ({ record, index, time: timeOf(record), ip: clientIpOf(record) }))
      .filter((c): c is typeof c & { time: number; ip: string } => c.time !== undefined && c.ip !== undefined)
      .sort((a, b) => a.time - b.time || a.index - b.index);
    const known = new Map<string, { baseline: string; ips: Set<string> }>();
    const hits: RuleHit[] = [];
    for (const { record, index, ip } of calls) {
      const principal = principalOf(record);
      const entry = known.get(principal);
      if (!entry) {
        known.set(principal, { baseline: ip, ips: new Set([ip]) });
        continue;
      }
      if (entry.ips.has(ip)) continue;
      entry.ips.add(ip);
      hits.push({
        index,
        reason: `${shown(eventNameOf(record))} by ${shown(principal, 200)} from new IP ${ip} (first seen from ${entry.baseline})`,
      });
    }
    return hits;
  },
};
