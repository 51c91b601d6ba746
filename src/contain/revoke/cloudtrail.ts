import { type CloudTrailClient, type Event, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import type { AwsClients } from '../../aws/clients.js';
import type { Caller } from '../isolate/caller.js';
import { type SessionIssuer, sessionIssuerOf } from './session-issuer.js';

/** Where CloudTrail records IAM, STS and console sign-in events, whatever region they were made from. */
export const GLOBAL_EVENTS_REGION = 'us-east-1';
/** LookupEvents' limit per page; one page is enough to find the newest use of a key. */
const PAGE = 50;

/** The newest CloudTrail event made with a key, and who the key was issued to. */
export interface KeyTrace {
  issuer: SessionIssuer;
  eventName: string;
  /** ISO 8601. */
  eventTime: string;
  region: string;
}

export interface KeyTraceResult {
  /** Undefined when no event (with a readable identity) in the regions searched names the key. */
  trace?: KeyTrace;
  /** The regions searched, the target region first. */
  regions: string[];
}

/**
 * Finds who a temporary key was issued to with cloudtrail:LookupEvents (AccessKeyId), in the target region
 * and in us-east-1, one page each. The newest event whose identity names a role, user or root wins.
 */
export async function traceTemporaryKey(
  clients: AwsClients,
  call: Caller,
  keyId: string,
): Promise<KeyTraceResult> {
  const searches: { region: string; client: CloudTrailClient }[] = [
    { region: clients.region, client: clients.cloudTrail },
  ];
  if (clients.region !== GLOBAL_EVENTS_REGION) {
    searches.push({ region: GLOBAL_EVENTS_REGION, client: clients.cloudTrailUsEast1 });
  }
  const found = await Promise.all(
    searches.map(async ({ region, client }) => {
      const output = await call(`cloudtrail:LookupEvents (${region})`, () =>
        client.send(
          new LookupEventsCommand({
            LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: keyId }],
            MaxResults: PAGE,
          }),
        ),
      );
      return (output.Events ?? []).map((event) => ({ event, region }));
    }),
  );
  const traces = found
    .flat()
    .map(({ event, region }) => traceOf(event, region))
    .filter((trace): trace is KeyTrace => trace !== undefined)
    .sort((a, b) => b.eventTime.localeCompare(a.eventTime));
  const regions = searches.map((search) => search.region);
  return traces[0] === undefined ? { regions } : { trace: traces[0], regions };
}

function traceOf(event: Event, searched: string): KeyTrace | undefined {
  const issuer = sessionIssuerOf(event.CloudTrailEvent);
  if (!issuer || !event.EventTime) return undefined;
  let region = searched;
  try {
    const record = JSON.parse(event.CloudTrailEvent ?? '{}') as { awsRegion?: unknown };
    if (typeof record.awsRegion === 'string' && record.awsRegion) region = record.awsRegion;
  } catch {
    // sessionIssuerOf already read it; keep the region searched.
  }
  return {
    issuer,
    eventName: event.EventName ?? 'unknown event',
    eventTime: new Date(event.EventTime).toISOString(),
    region,
  };
}
