import type { CloudTrailRecord } from '../record.js';
import { at, eventNameOf, eventSourceOf, failed, fromIp, outcome, shown, str, who } from './fields.js';
import { downgrade, recordRule, type Severity } from './types.js';

/**
 * Calls that blind the audit trail. Stopping or deleting it is what an intruder does before anything they would
 * rather not have logged; updating a trail or its selectors can redirect or thin it just as quietly.
 */
const TAMPERING: Readonly<Record<string, Severity>> = {
  StopLogging: 'critical',
  DeleteTrail: 'critical',
  StopEventDataStoreIngestion: 'critical',
  DeleteEventDataStore: 'critical',
  UpdateTrail: 'high',
  PutEventSelectors: 'high',
  PutAdvancedEventSelectors: 'high',
};

function trailNameOf(record: CloudTrailRecord): string | undefined {
  const request = record.requestParameters;
  return str(at(request, 'name')) ?? str(at(request, 'trailName')) ?? str(at(request, 'eventDataStore'));
}

export const cloudTrailTampering = recordRule({
  id: 'cloudtrail-tampering',
  title: 'CloudTrail logging stopped or changed',
  severity: 'critical',
  alsoSeverities: ['high', 'medium'],
  description:
    'StopLogging, DeleteTrail (critical), UpdateTrail, PutEventSelectors (high) and their CloudTrail Lake equivalents on cloudtrail.amazonaws.com. A refused attempt is flagged one step lower: it still means someone tried.',
  match(record) {
    if (eventSourceOf(record) !== 'cloudtrail.amazonaws.com') return undefined;
    const name = eventNameOf(record);
    const severity = Object.hasOwn(TAMPERING, name) ? TAMPERING[name] : undefined;
    if (!severity) return undefined;
    const trail = trailNameOf(record);
    return {
      reason: `${name}${trail ? ` on trail ${shown(trail)}` : ''} by ${who(record)}${fromIp(record)}${outcome(record)}`,
      severity: failed(record) ? downgrade(severity) : severity,
    };
  },
});
