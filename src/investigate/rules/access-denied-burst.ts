import { type CloudTrailRecord, principalOf } from '../record.js';
import { findBursts, span, type Timed } from './burst.js';
import { errorCodeOf, eventNameOf, few, shown, timeOf } from './fields.js';
import type { Rule, RuleHit } from './types.js';

/**
 * Denied calls in a burst from one principal: permission enumeration (enumerate-iam, Pacu) or a stolen credential
 * probing what it can do. The error codes are those the CIS unauthorized-API-calls filter counts.
 */
export const isDenied = (code: string | undefined): boolean =>
  code !== undefined && (code.startsWith('AccessDenied') || code.endsWith('UnauthorizedOperation'));

/**
 * Ten denials within five minutes: a misconfigured job retrying one call can reach that, so the reason shows how
 * many different APIs were refused, and five or more of them (enumeration) raises the finding to high.
 */
export const ACCESS_DENIED_BURST = { threshold: 10, windowMs: 5 * 60_000, distinctApisForHigh: 5 } as const;

export const accessDeniedBurst: Rule = {
  id: 'access-denied-burst',
  title: 'Burst of denied API calls',
  severity: 'medium',
  severities: ['high', 'medium'],
  description: `At least ${ACCESS_DENIED_BURST.threshold} calls failing with AccessDenied* or *UnauthorizedOperation (including Client.UnauthorizedOperation) from one principal within ${span(ACCESS_DENIED_BURST.windowMs)}; high when ${ACCESS_DENIED_BURST.distinctApisForHigh} or more different APIs were refused. The finding sits on the newest denial of the burst.`,
  evaluate(records) {
    const byPrincipal = new Map<string, Timed[]>();
    records.forEach((record: CloudTrailRecord, index) => {
      if (typeof record !== 'object' || record === null || !isDenied(errorCodeOf(record))) return;
      const time = timeOf(record);
      if (time === undefined) return;
      const principal = principalOf(record);
      const events = byPrincipal.get(principal) ?? [];
      events.push({ index, time });
      byPrincipal.set(principal, events);
    });
    const hits: RuleHit[] = [];
    for (const [principal, events] of byPrincipal) {
      for (const burst of findBursts(events, ACCESS_DENIED_BURST.threshold, ACCESS_DENIED_BURST.windowMs)) {
        const members = burst.indices.map((i) => records[i]!);
        const apis = new Set(members.map(eventNameOf));
        hits.push({
          index: burst.indices.at(-1)!,
          reason: `${members.length} denied calls by ${shown(principal, 200)} in ${span(burst.last - burst.first)} (${few(members.map((r) => errorCodeOf(r) ?? ''))}) across ${apis.size} API${apis.size === 1 ? '' : 's'}: ${few(apis, 4)}`,
          severity: apis.size >= ACCESS_DENIED_BURST.distinctApisForHigh ? 'high' : 'medium',
        });
      }
    }
    return hits;
  },
};
