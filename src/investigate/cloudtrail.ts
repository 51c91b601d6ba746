import {
  type CloudTrailClient,
  type Event,
  LookupEventsCommand,
  type LookupEventsCommandInput,
  type LookupEventsCommandOutput,
} from '@aws-sdk/client-cloudtrail';
import { type AwsErrorShape, classify } from '../aws/classify.js';
import { AwsCallError, awsErrorCode, requestIdOf, toFirebreakError } from '../aws/errors.js';
import type { Lookup, LookupPlan, LookupResource } from './plan.js';
import type { TrailQuery } from './query.js';
import { type CloudTrailRecord, parseCloudTrailEvent } from './record.js';
import type { TokenBucket } from './token-bucket.js';

/**
 * Runs a LookupPlan against CloudTrail LookupEvents: regions in parallel (each region has its own budget of 2
 * requests per second, so they do not slow each other), the lookups of one region one after another, every
 * request through the shared TokenBucket keyed `${account}:${region}`.
 */

export interface TrailLookupResult {
  /** Newest first, deduplicated by eventID, at most `query.limit`. */
  records: CloudTrailRecord[];
  /** matched before the limit cut; when `truncated`, a lower bound (pages left unread may match more) */
  matched: number;
  truncated: boolean;
  regions: string[];
  /** LookupEvents requests sent, retries included. */
  requests: number;
  /** Requests CloudTrail answered with throttling (each was retried after a back-off). */
  throttled: number;
  /** Events read from CloudTrail, matching or not. */
  scanned: number;
  /** Events whose CloudTrailEvent could not be read as a record; skipped. */
  unparseable: number;
}

export interface TrailLookupDeps {
  clientFor(region: string): CloudTrailClient;
  limiter: TokenBucket;
  account: string;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** For the back-off jitter; tests pass a fixed value. */
  random?: () => number;
  /** Attempts per page when CloudTrail throttles (default 6: back-offs of about 1, 2, 4, 8 and 16 s). */
  maxAttempts?: number;
  /** Pages read per lookup at most (default 200, i.e. 10,000 events, about 100 s at 2 requests per second). */
  maxPagesPerLookup?: number;
}

/** LookupEvents' largest page. */
export const PAGE_SIZE = 50;
const DEFAULT_MAX_ATTEMPTS = 6;
const DEFAULT_MAX_PAGES = 200;
// Longer than the SDK's own retries (100 ms base, already spent by the time an error reaches us): CloudTrail's
// budget refills at 2 a second, so a throttle means someone else is spending it and a pause of seconds is needed.
const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 16_000;

/** Exponential back-off with "equal jitter": half fixed, half random, so retrying replicas spread out. */
export function backoffMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

export function isThrottling(error: unknown): boolean {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as AwsErrorShape;
  const message = typeof shape.message === 'string' ? shape.message : '';
  return classify(shape, awsErrorCode(error), message) === 'throttled';
}

/** Another region failed: this one stops; the caller sees the first region's error, never this. */
class SearchAbandoned extends Error {}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function resourcesOf(event: Event): LookupResource[] {
  return (event.Resources ?? []).map((resource) => ({
    ...(resource.ResourceType !== undefined && { type: resource.ResourceType }),
    ...(resource.ResourceName !== undefined && { name: resource.ResourceName }),
  }));
}

const timeOf = (record: CloudTrailRecord): number => {
  const at = Date.parse(record.eventTime);
  return Number.isNaN(at) ? 0 : at;
};

function newestFirst(a: CloudTrailRecord, b: CloudTrailRecord): number {
  return timeOf(b) - timeOf(a) || (b.eventID ?? '').localeCompare(a.eventID ?? '');
}

export async function lookupTrail(
  deps: TrailLookupDeps,
  plan: LookupPlan,
  query: TrailQuery,
  onFirstResults?: (partial: TrailLookupResult) => void,
): Promise<TrailLookupResult> {
  const sleep = deps.sleep ?? defaultSleep;
  const random = deps.random ?? Math.random;
  const now = deps.now ?? Date.now;
  const maxAttempts = deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const maxPages = deps.maxPagesPerLookup ?? DEFAULT_MAX_PAGES;
  const found = new Map<string, CloudTrailRecord>();
  const counts = { requests: 0, throttled: 0, scanned: 0, unparseable: 0 };
  let truncated = false;
  let failed = false;
  let announced = false;

  const snapshot = (): TrailLookupResult => {
    const sorted = [...found.values()].sort(newestFirst);
    return {
      records: sorted.slice(0, query.limit),
      matched: sorted.length,
      truncated: truncated || sorted.length > query.limit,
      regions: [...plan.regions],
      ...counts,
    };
  };

  async function send(region: string, input: LookupEventsCommandInput): Promise<LookupEventsCommandOutput> {
    const client = deps.clientFor(region);
    const what = `cloudtrail:LookupEvents in ${region}`;
    const startedAt = now();
    for (let attempt = 1; ; attempt += 1) {
      await deps.limiter.acquire(`${deps.account}:${region}`);
      if (failed) throw new SearchAbandoned();
      counts.requests += 1;
      try {
        return await client.send(new LookupEventsCommand(input));
      } catch (error) {
        // A bug of ours (a TypeError without AWS metadata) surfaces as itself, not as a misleading AWS message.
        if (error instanceof TypeError && !('$metadata' in error)) throw error;
        if (!isThrottling(error)) throw toFirebreakError(error, what);
        counts.throttled += 1;
        if (attempt >= maxAttempts) throw throttledOut(error, region, attempt, now() - startedAt);
        await sleep(backoffMs(attempt, random));
      }
    }
  }

  function throttledOut(error: unknown, region: string, attempts: number, elapsedMs: number): AwsCallError {
    return new AwsCallError(
      'AWS_THROTTLED',
      `CloudTrail kept throttling LookupEvents in ${region} (${attempts} attempts over ${Math.round(elapsedMs / 1000)} s), although Firebreak keeps to 2 requests per second: something else in account ${deps.account} is spending the same budget. The search stopped with ${found.size} matching events found and none shown; try again in a minute, or narrow it (key=, user=, event=, a shorter since=).`,
      { cause: error, awsCode: awsErrorCode(error), requestId: requestIdOf(error) },
    );
  }

  function keep(event: Event, region: string): boolean {
    counts.scanned += 1;
    const record = parseCloudTrailEvent(event.CloudTrailEvent);
    if (record === undefined) {
      counts.unparseable += 1;
      return false;
    }
    const readOnly = event.ReadOnly === 'true' ? true : event.ReadOnly === 'false' ? false : undefined;
    if (!plan.matches(record, { region, resources: resourcesOf(event), readOnly })) return false;
    const id = record.eventID ?? event.EventId ?? event.CloudTrailEvent!;
    if (!found.has(id)) found.set(id, record);
    return true;
  }

  async function runLookup(lookup: Lookup): Promise<void> {
    let token: string | undefined;
    let matched = 0;
    for (let page = 1; ; page += 1) {
      if (failed) return;
      const output = await send(lookup.region, {
        ...(lookup.attribute && {
          LookupAttributes: [{ AttributeKey: lookup.attribute.key, AttributeValue: lookup.attribute.value }],
        }),
        StartTime: query.since,
        EndTime: query.until,
        MaxResults: PAGE_SIZE,
        ...(token !== undefined && { NextToken: token }),
      });
      for (const event of output.Events ?? []) if (keep(event, lookup.region)) matched += 1;
      if (!announced && found.size > 0 && onFirstResults) {
        announced = true;
        onFirstResults(snapshot());
      }
      token = output.NextToken || undefined;
      if (token === undefined) return;
      // Each lookup reads up to the limit on its own: with several event names, stopping at the first one's
      // limit would show only its events instead of the newest of all.
      if (matched >= query.limit || page >= maxPages) {
        truncated = true;
        return;
      }
    }
  }

  async function runRegion(region: string): Promise<void> {
    for (const lookup of plan.lookups.filter((l) => l.region === region)) {
      await runLookup(lookup);
    }
  }

  let firstError: unknown;
  await Promise.all(
    plan.regions.map((region) =>
      runRegion(region).catch((error: unknown) => {
        // The other regions stop at their next request instead of spending budget on an answer nobody will
        // see; waiting for them (rather than rejecting at once) leaves nothing running after the call returns.
        if (!failed) firstError = error;
        failed = true;
      }),
    ),
  );
  if (failed) throw firstError;
  return snapshot();
}
