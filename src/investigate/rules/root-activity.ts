import type { CloudTrailRecord } from '../record.js';
import { at, clientIpOf, eventNameOf, few, fromIp, identityTypeOf, str, timeOf } from './fields.js';
import type { Rule, RuleHit } from './types.js';

/**
 * API calls made as root, as the CIS root-usage filter counts them: not a sign-in (console-login-root covers
 * those), not a call AWS made on root's behalf (`invokedBy`), not a service event.
 */
function isRootCall(record: CloudTrailRecord): boolean {
  return (
    identityTypeOf(record) === 'Root' &&
    eventNameOf(record) !== 'ConsoleLogin' &&
    str(at(record, 'userIdentity', 'invokedBy')) === undefined &&
    str(record.eventType) !== 'AwsServiceEvent'
  );
}

export const rootApiCalls: Rule = {
  id: 'root-api-calls',
  title: 'API calls made as root',
  severity: 'high',
  severities: ['high'],
  description:
    'Calls signed by the root user. One finding per source IP, on the first call, listing what root did; root sessions cannot be restricted or revoked by policy.',
  evaluate(records) {
    const bySource = new Map<string, { index: number; time: number; name: string }[]>();
    records.forEach((record, index) => {
      if (typeof record !== 'object' || record === null || !isRootCall(record)) return;
      const source = clientIpOf(record) ?? str(record.sourceIPAddress) ?? 'unknown';
      const calls = bySource.get(source) ?? [];
      calls.push({ index, time: timeOf(record) ?? Number.POSITIVE_INFINITY, name: eventNameOf(record) });
      bySource.set(source, calls);
    });
    return [...bySource.values()].map((calls): RuleHit => {
      calls.sort((a, b) => a.time - b.time || a.index - b.index);
      const first = calls[0]!;
      return {
        index: first.index,
        reason: `Root used for ${calls.length} API call${calls.length === 1 ? '' : 's'}${fromIp(records[first.index]!)}: ${few(
          calls.map((c) => c.name),
          4,
        )}`,
      };
    });
  },
};
