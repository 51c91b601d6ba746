import type { Event, LookupEventsRequest, LookupEventsResponse } from '@aws-sdk/client-cloudtrail';
import type { HandlerContext } from '../context.js';
import { AwsFault } from '../errors.js';
import { paginate } from '../pagination.js';
import { type CloudTrailRecord, type CloudTrailState, emptyCloudTrailState } from './model.js';

/** The CloudTrail state, created on first use for an account saved before it existed. */
export function cloudTrailOf(ctx: HandlerContext): CloudTrailState {
  ctx.state.cloudTrail ??= emptyCloudTrailState();
  return ctx.state.cloudTrail;
}

/** Adds a record to the event history (a copy, so the state stays plain JSON). */
export function addCloudTrailEvent(ctx: HandlerContext, record: CloudTrailRecord): void {
  cloudTrailOf(ctx).events.push(structuredClone(record));
}

/** Every lookup attribute LookupEvents accepts. */
const SUPPORTED = [
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
] as const;
type Supported = (typeof SUPPORTED)[number];

type Json = Record<string, unknown>;
const objectOf = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;

/** CloudTrail's Username: the user name, the role session's issuer name, or root. */
function usernameOf(record: CloudTrailRecord): string | undefined {
  const identity = objectOf(record.userIdentity);
  if (!identity) return undefined;
  if (identity.type === 'Root') return 'root';
  if (typeof identity.userName === 'string') return identity.userName;
  const issuer = objectOf(objectOf(identity.sessionContext)?.sessionIssuer);
  if (typeof issuer?.userName === 'string') return issuer.userName;
  return undefined;
}

function resourcesOf(record: CloudTrailRecord): { ResourceType?: string; ResourceName?: string }[] {
  const resources = Array.isArray(record.resources) ? record.resources : [];
  return resources.flatMap((resource) => {
    const found = objectOf(resource);
    if (!found) return [];
    return [
      {
        ...(typeof found.type === 'string' && { ResourceType: found.type }),
        ...(typeof found.ARN === 'string' && { ResourceName: found.ARN }),
      },
    ];
  });
}

function accessKeyOf(record: CloudTrailRecord): string | undefined {
  const key = objectOf(record.userIdentity)?.accessKeyId;
  return typeof key === 'string' && key ? key : undefined;
}

function matches(record: CloudTrailRecord, key: Supported, value: string): boolean {
  switch (key) {
    case 'EventId':
      return record.eventID === value;
    case 'EventName':
      return record.eventName === value;
    case 'ReadOnly':
      return String(record.readOnly ?? false) === value;
    case 'Username':
      return usernameOf(record) === value;
    case 'ResourceType':
      return resourcesOf(record).some((resource) => resource.ResourceType === value);
    case 'ResourceName':
      return resourcesOf(record).some((resource) => resource.ResourceName === value);
    case 'EventSource':
      return record.eventSource === value;
    case 'AccessKeyId':
      return accessKeyOf(record) === value;
  }
}

function eventOf(record: CloudTrailRecord): Event {
  const username = usernameOf(record);
  const accessKeyId = accessKeyOf(record);
  const resources = resourcesOf(record);
  return {
    EventId: record.eventID,
    EventName: record.eventName,
    ReadOnly: String(record.readOnly ?? false),
    ...(accessKeyId !== undefined && { AccessKeyId: accessKeyId }),
    EventTime: new Date(record.eventTime),
    EventSource: record.eventSource,
    ...(username !== undefined && { Username: username }),
    ...(resources.length > 0 && { Resources: resources }),
    CloudTrailEvent: JSON.stringify(record),
  };
}

/**
 * LookupEvents over the history of the client's region (the seeded events and the account's own mutating calls):
 * at most one lookup attribute of any kind AWS accepts, StartTime and EndTime, newest first, MaxResults up to 50,
 * NextToken paging.
 */
export function lookupEvents(ctx: HandlerContext, input: LookupEventsRequest): LookupEventsResponse {
  const attributes = input.LookupAttributes ?? [];
  if (attributes.length > 1) {
    throw new AwsFault(
      'InvalidLookupAttributesException',
      'You cannot specify more than one lookup attribute.',
    );
  }
  const attribute = attributes[0];
  if (attribute && !(SUPPORTED as readonly string[]).includes(attribute.AttributeKey ?? '')) {
    throw new AwsFault(
      'InvalidLookupAttributesException',
      `Lookup attribute key ${attribute.AttributeKey} is not valid; use one of ${SUPPORTED.join(', ')}.`,
    );
  }
  const max = input.MaxResults;
  if (max !== undefined && (max < 1 || max > 50)) {
    throw new AwsFault('InvalidMaxResultsException', 'MaxResults must be between 1 and 50.');
  }
  const start = input.StartTime === undefined ? undefined : new Date(input.StartTime).getTime();
  const end = input.EndTime === undefined ? undefined : new Date(input.EndTime).getTime();
  if (start !== undefined && end !== undefined && start > end) {
    throw new AwsFault('InvalidTimeRangeException', 'StartTime must be before EndTime.');
  }
  const found = cloudTrailOf(ctx)
    .events.filter((record) => record.awsRegion === ctx.region)
    .filter((record) => {
      const at = Date.parse(record.eventTime);
      return (start === undefined || at >= start) && (end === undefined || at <= end);
    })
    .filter(
      (record) =>
        attribute === undefined ||
        matches(record, attribute.AttributeKey as Supported, attribute.AttributeValue ?? ''),
    )
    .sort((a, b) => Date.parse(b.eventTime) - Date.parse(a.eventTime));
  const page = paginate(found, max ?? 50, input.NextToken, 'InvalidNextTokenException');
  return { Events: page.items.map(eventOf), ...(page.nextToken && { NextToken: page.nextToken }) };
}
