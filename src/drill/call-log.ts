/**
 * One call made to the simulated account, shaped after a CloudTrail record so the drill page and a later
 * simulated LookupEvents can be built on it. Every call is recorded: allowed, refused, faulted or dry run.
 */
export interface CallRecord {
  eventId: string;
  /** ISO 8601, UTC. */
  time: string;
  /** The SDK command, e.g. 'ModifyNetworkInterfaceAttributeCommand'. */
  command: string;
  /** CloudTrail's eventName, e.g. 'ModifyNetworkInterfaceAttribute'. */
  eventName: string;
  /** CloudTrail's eventSource, e.g. 'ec2.amazonaws.com'. */
  eventSource: string;
  /** The SDK client, e.g. 'EC2Client'. */
  client: string;
  /** The client's region; us-east-1 for global services, as CloudTrail records them. */
  region: string;
  requestId: string;
  principalArn: string;
  readOnly: boolean;
  dryRun: boolean;
  /** The command input as JSON (dates as ISO strings). */
  input: unknown;
  outcome: 'success' | 'error';
  errorCode?: string;
  errorMessage?: string;
}

/** A JSON copy: what a log or a file can hold, detached from the caller's objects. */
export function toJsonValue(value: unknown): unknown {
  if (value === undefined) return undefined;
  return JSON.parse(JSON.stringify(value));
}
