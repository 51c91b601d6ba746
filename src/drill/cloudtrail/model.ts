/**
 * A CloudTrail record as CloudTrail writes it (eventVersion, userIdentity, eventTime, eventSource, eventName,
 * awsRegion, …): plain JSON. LookupEvents returns it as the `CloudTrailEvent` string.
 */
export type CloudTrailRecord = Record<string, unknown> & {
  eventID: string;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
};

export interface CloudTrailState {
  /** The event history; each region's LookupEvents answers from the records of its awsRegion. */
  events: CloudTrailRecord[];
}

export function emptyCloudTrailState(): CloudTrailState {
  return { events: [] };
}
