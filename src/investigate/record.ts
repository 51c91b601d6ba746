/**
 * A CloudTrail record as CloudTrail writes it and as LookupEvents returns it in `CloudTrailEvent` (a JSON string).
 * Every field is attacker-influenced (user names, user agents, request parameters) and every field may be
 * missing or of an unexpected type, so readers go through the accessors below instead of trusting the shape.
 */
export interface CloudTrailRecord {
  eventVersion?: string;
  eventID?: string;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  userIdentity?: UserIdentity;
  requestParameters?: unknown;
  responseElements?: unknown;
  additionalEventData?: unknown;
  errorCode?: string;
  errorMessage?: string;
  readOnly?: boolean;
  eventType?: string;
  recipientAccountId?: string;
  resources?: { ARN?: string; accountId?: string; type?: string }[];
  [field: string]: unknown;
}

export interface UserIdentity {
  type?: string;
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  invokedBy?: string;
  sessionContext?: {
    sessionIssuer?: {
      type?: string;
      principalId?: string;
      arn?: string;
      accountId?: string;
      userName?: string;
    };
    attributes?: { creationDate?: string; mfaAuthenticated?: string };
  };
  [field: string]: unknown;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * Parses LookupEvents' `CloudTrailEvent` string. A record without a time, source and name is not one we can
 * place on a timeline, so it is dropped rather than half-shown.
 */
export function parseCloudTrailEvent(json: string | undefined): CloudTrailRecord | undefined {
  if (!json) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (!text(record.eventTime) || !text(record.eventSource) || !text(record.eventName)) return undefined;
  if (
    record.userIdentity !== undefined &&
    (typeof record.userIdentity !== 'object' || record.userIdentity === null)
  )
    return undefined;
  return record as CloudTrailRecord;
}

/** Who did it, as a responder would name them: the ARN, else the user name, else the principal id. */
export function principalOf(record: CloudTrailRecord): string {
  const identity = record.userIdentity;
  return (
    text(identity?.arn) ??
    text(identity?.userName) ??
    text(identity?.principalId) ??
    text(identity?.invokedBy) ??
    text(identity?.type) ??
    'unknown'
  );
}

/** The IAM user or role name behind the call (the role for an assumed-role session), for matching `user=`. */
export function principalNameOf(record: CloudTrailRecord): string | undefined {
  const identity = record.userIdentity;
  return text(identity?.userName) ?? text(identity?.sessionContext?.sessionIssuer?.userName);
}
