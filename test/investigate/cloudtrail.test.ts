import {
  AccessDeniedException,
  CloudTrailClient,
  type Event,
  InvalidLookupAttributesException,
  LookupEventsCommand,
  type LookupEventsCommandInput,
  ThrottlingException,
} from '@aws-sdk/client-cloudtrail';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsCallError } from '../../src/aws/errors.js';
import { backoffMs, lookupTrail, type TrailLookupResult } from '../../src/investigate/cloudtrail.js';
import { planLookups } from '../../src/investigate/plan.js';
import type { TrailQuery } from '../../src/investigate/query.js';
import type { CloudTrailRecord } from '../../src/investigate/record.js';
import type { TokenBucket } from '../../src/investigate/token-bucket.js';
import { ACCOUNT, consoleLogin, iamUserCall } from './trail-records.js';

const SINCE = new Date('2026-11-26T00:00:00Z');
const UNTIL = new Date('2026-11-26T12:00:00Z');
const query = (extra: Partial<TrailQuery> = {}): TrailQuery => ({
  since: SINCE,
  until: UNTIL,
  regions: ['eu-west-1'],
  limit: 500,
  ...extra,
});

const clients = new Map<string, CloudTrailClient>();
const mocks = new Map<string, AwsClientStub<CloudTrailClient>>();
function mockRegion(region: string): AwsClientStub<CloudTrailClient> {
  const client = new CloudTrailClient({
    region,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' },
  });
  const mock = mockClient(client);
  clients.set(region, client);
  mocks.set(region, mock);
  return mock;
}
afterEach(() => {
  for (const mock of mocks.values()) mock.restore();
  for (const client of clients.values()) client.destroy();
  mocks.clear();
  clients.clear();
});

interface Harness {
  acquired: string[];
  sleeps: number[];
  deps: Parameters<typeof lookupTrail>[0];
}
function harness(extra: Partial<Parameters<typeof lookupTrail>[0]> = {}): Harness {
  const acquired: string[] = [];
  const sleeps: number[] = [];
  const limiter: TokenBucket = {
    async acquire(key) {
      acquired.push(key);
    },
  };
  return {
    acquired,
    sleeps,
    deps: {
      clientFor: (region) => {
        const client = clients.get(region);
        if (!client) throw new Error(`no client mocked for ${region}`);
        return client;
      },
      limiter,
      account: ACCOUNT,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      ...extra,
    },
  };
}

/** A LookupEvents Event as the API returns it: the record as a JSON string next to a few lifted fields. */
function eventOf(record: CloudTrailRecord, resources?: Event['Resources']): Event {
  return {
    EventId: record.eventID,
    EventName: record.eventName,
    EventTime: new Date(record.eventTime),
    EventSource: record.eventSource,
    ...(resources && { Resources: resources }),
    CloudTrailEvent: JSON.stringify(record),
  };
}

/** `count` records of alice, one a minute back from 11:59, ids e-<start+i>. */
function aliceCalls(count: number, start = 0, overrides: Partial<CloudTrailRecord> = {}): Event[] {
  return Array.from({ length: count }, (_, i) => {
    const n = start + i;
    const at = new Date(UNTIL.getTime() - (n + 1) * 60_000).toISOString().replace('.000Z', 'Z');
    return eventOf(iamUserCall({ eventID: `e-${n}`, eventTime: at, ...overrides }));
  });
}

/** Pages of 50 served by NextToken "p2", "p3", …; the last page has no token. */
function servePages(mock: AwsClientStub<CloudTrailClient>, events: Event[]): void {
  mock.on(LookupEventsCommand).callsFake((input: LookupEventsCommandInput) => {
    const page = input.NextToken === undefined ? 0 : Number(input.NextToken.slice(1)) - 1;
    const slice = events.slice(page * 50, page * 50 + 50);
    const more = (page + 1) * 50 < events.length;
    return { Events: slice, ...(more && { NextToken: `p${page + 2}` }) };
  });
}

const inputs = (region = 'eu-west-1') =>
  mocks
    .get(region)!
    .commandCalls(LookupEventsCommand)
    .map((call) => call.args[0].input);

describe('lookupTrail: paging', () => {
  it('pages with NextToken until the limit, sending the attribute, the time range and MaxResults 50', async () => {
    const mock = mockRegion('eu-west-1');
    servePages(mock, aliceCalls(400));
    const h = harness();
    const q = query({ key: 'AKIAIOSFODNN7EXAMPLE', limit: 120, regions: ['eu-west-1', 'us-east-1'] });
    mockRegion('us-east-1').on(LookupEventsCommand).resolves({ Events: [] });

    const result = await lookupTrail(h.deps, planLookups(q), q);

    expect(inputs()).toEqual([
      {
        LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: 'AKIAIOSFODNN7EXAMPLE' }],
        StartTime: SINCE,
        EndTime: UNTIL,
        MaxResults: 50,
      },
      expect.objectContaining({ NextToken: 'p2', MaxResults: 50 }),
      expect.objectContaining({ NextToken: 'p3', MaxResults: 50 }),
    ]);
    expect(result.records).toHaveLength(120);
    expect(result.records[0]!.eventID).toBe('e-0');
    expect(result.records[119]!.eventID).toBe('e-119');
    expect(result).toMatchObject({
      matched: 150,
      truncated: true,
      regions: ['eu-west-1', 'us-east-1'],
      requests: 4,
    });
    expect(h.acquired.sort()).toEqual([
      `${ACCOUNT}:eu-west-1`,
      `${ACCOUNT}:eu-west-1`,
      `${ACCOUNT}:eu-west-1`,
      `${ACCOUNT}:us-east-1`,
    ]);
  });

  it('stops when CloudTrail has no more pages, and is not truncated then', async () => {
    servePages(mockRegion('eu-west-1'), aliceCalls(70));
    const q = query({ limit: 500 });
    const result = await lookupTrail(harness().deps, planLookups(q), q);
    expect(inputs()).toHaveLength(2);
    expect(inputs()[0]!.LookupAttributes).toBeUndefined();
    expect(result).toMatchObject({ matched: 70, truncated: false, requests: 2, throttled: 0, scanned: 70 });
  });

  it('stops a lookup at maxPagesPerLookup and says the answer is truncated', async () => {
    servePages(mockRegion('eu-west-1'), aliceCalls(400));
    const q = query({ ip: '192.0.2.0/24' });
    const result = await lookupTrail(harness({ maxPagesPerLookup: 3 }).deps, planLookups(q), q);
    expect(inputs()).toHaveLength(3);
    expect(result).toMatchObject({ matched: 0, truncated: true, scanned: 150, records: [] });
  });

  it('applies the client-side filters, the server-side attribute included', async () => {
    const events = [
      ...aliceCalls(3, 0),
      ...aliceCalls(2, 3, { sourceIPAddress: '198.51.100.9' }),
      ...aliceCalls(2, 5, { errorCode: 'AccessDenied' }),
      // An emulator that ignores the attribute returns other users' events too.
      ...aliceCalls(2, 7, {
        userIdentity: { type: 'IAMUser', userName: 'bob', accessKeyId: 'AKIAOTHERKEYEXAMPLE1' },
      }),
    ];
    servePages(mockRegion('eu-west-1'), events);
    const q = query({ key: 'AKIAIOSFODNN7EXAMPLE', ip: '203.0.113.0/24', regions: ['us-east-1'] });
    mocks.set('us-east-1', mocks.get('eu-west-1')!);
    clients.set('us-east-1', clients.get('eu-west-1')!);
    const result = await lookupTrail(harness().deps, planLookups(q), q);
    expect(result.records.map((r) => r.eventID)).toEqual(['e-0', 'e-1', 'e-2', 'e-5', 'e-6']);

    const errors = query({ key: 'AKIAIOSFODNN7EXAMPLE', error: 'AccessDenied', regions: ['us-east-1'] });
    const failed = await lookupTrail(harness().deps, planLookups(errors), errors);
    expect(failed.records.map((r) => r.eventID)).toEqual(['e-5', 'e-6']);
  });

  it('reads several event names one lookup each, and merges them newest first', async () => {
    const mock = mockRegion('eu-west-1');
    const stop = eventOf(
      iamUserCall({ eventID: 'stop', eventName: 'StopLogging', eventTime: '2026-11-26T10:00:00Z' }),
    );
    const del = eventOf(
      iamUserCall({ eventID: 'delete', eventName: 'DeleteTrail', eventTime: '2026-11-26T11:00:00Z' }),
    );
    mock.on(LookupEventsCommand).callsFake((input: LookupEventsCommandInput) => {
      const name = input.LookupAttributes?.[0]?.AttributeValue;
      return { Events: name === 'StopLogging' ? [stop] : name === 'DeleteTrail' ? [del] : [] };
    });
    const q = query({ events: ['StopLogging', 'DeleteTrail'] });
    const result = await lookupTrail(harness().deps, planLookups(q), q);
    expect(inputs().map((input) => input.LookupAttributes)).toEqual([
      [{ AttributeKey: 'EventName', AttributeValue: 'StopLogging' }],
      [{ AttributeKey: 'EventName', AttributeValue: 'DeleteTrail' }],
    ]);
    expect(result.records.map((r) => r.eventID)).toEqual(['delete', 'stop']);
  });

  it('honours Event.Resources for resource=, which the record itself may not carry', async () => {
    const record = iamUserCall({
      eventID: 'by-resources',
      eventName: 'StopInstances',
      requestParameters: {},
    });
    mockRegion('eu-west-1')
      .on(LookupEventsCommand)
      .resolves({
        Events: [
          eventOf(record, [{ ResourceType: 'AWS::EC2::Instance', ResourceName: 'i-0123456789abcdef0' }]),
          eventOf(iamUserCall({ eventID: 'unrelated', requestParameters: {} })),
        ],
      });
    const q = query({ resource: 'i-0123456789abcdef0' });
    const result = await lookupTrail(harness().deps, planLookups(q), q);
    expect(inputs()[0]!.LookupAttributes).toEqual([
      { AttributeKey: 'ResourceName', AttributeValue: 'i-0123456789abcdef0' },
    ]);
    expect(result.records.map((r) => r.eventID)).toEqual(['by-resources']);
  });

  it('skips events whose CloudTrailEvent cannot be read, and counts them', async () => {
    mockRegion('eu-west-1')
      .on(LookupEventsCommand)
      .resolves({
        Events: [
          { EventId: 'broken-json', CloudTrailEvent: '{"eventTime": ' },
          { EventId: 'missing' },
          {
            EventId: 'no-name',
            CloudTrailEvent: JSON.stringify({ eventTime: '2026-11-26T10:00:00Z', eventSource: 'x' }),
          },
          ...aliceCalls(1),
        ],
      });
    const q = query();
    const result = await lookupTrail(harness().deps, planLookups(q), q);
    expect(result).toMatchObject({ unparseable: 3, scanned: 4, matched: 1 });
    expect(result.records.map((r) => r.eventID)).toEqual(['e-0']);
  });

  it('tells onFirstResults once, as soon as a page has matches', async () => {
    servePages(mockRegion('eu-west-1'), aliceCalls(120));
    const partials: TrailLookupResult[] = [];
    const q = query();
    const result = await lookupTrail(harness().deps, planLookups(q), q, (partial) => partials.push(partial));
    expect(partials).toHaveLength(1);
    expect(partials[0]).toMatchObject({ matched: 50, requests: 1 });
    expect(result.matched).toBe(120);
  });
});

describe('lookupTrail: throttling and errors', () => {
  const throttle = () =>
    new ThrottlingException({
      message: 'Rate exceeded',
      $metadata: { httpStatusCode: 400, requestId: 'req-throttled' },
    });

  it('backs off and retries the same page when throttled, and the user never sees it', async () => {
    const mock = mockRegion('eu-west-1');
    const pages = aliceCalls(60);
    mock
      .on(LookupEventsCommand)
      .rejectsOnce(throttle())
      .rejectsOnce(throttle())
      .resolvesOnce({ Events: pages.slice(0, 50), NextToken: 'p2' })
      .rejectsOnce(Object.assign(new Error('Too Many Requests'), { $metadata: { httpStatusCode: 429 } }))
      .resolves({ Events: pages.slice(50) });
    const h = harness();
    const q = query();
    const result = await lookupTrail(h.deps, planLookups(q), q);

    expect(result).toMatchObject({ matched: 60, requests: 5, throttled: 3, truncated: false });
    expect(inputs().map((input) => input.NextToken)).toEqual([undefined, undefined, undefined, 'p2', 'p2']);
    expect(h.sleeps).toEqual([backoffMs(1, () => 0.5), backoffMs(2, () => 0.5), backoffMs(1, () => 0.5)]);
    expect(h.acquired).toHaveLength(5);
  });

  it('backs off longer each time, with jitter, up to a cap', () => {
    expect(backoffMs(1, () => 0)).toBe(500);
    expect(backoffMs(1, () => 1)).toBe(1000);
    expect(backoffMs(3, () => 0.5)).toBe(3000);
    expect(backoffMs(10, () => 1)).toBe(16_000);
  });

  it('gives up after the last attempt and says so plainly', async () => {
    mockRegion('eu-west-1').on(LookupEventsCommand).rejects(throttle());
    const h = harness({ maxAttempts: 4 });
    const q = query();
    const error = await lookupTrail(h.deps, planLookups(q), q).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsCallError);
    expect(error).toMatchObject({
      code: 'AWS_THROTTLED',
      awsCode: 'ThrottlingException',
      requestId: 'req-throttled',
    });
    expect((error as Error).message).toMatch(
      /^CloudTrail kept throttling LookupEvents in eu-west-1 \(4 attempts over \d+ s\).*try again in a minute/,
    );
    expect(h.sleeps).toHaveLength(3);
    expect(inputs()).toHaveLength(4);
  });

  it('turns AccessDenied into a FirebreakError naming the permission', async () => {
    mockRegion('eu-west-1')
      .on(LookupEventsCommand)
      .rejects(
        new AccessDeniedException({
          message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/firebreak-responder/x is not authorized to perform: cloudtrail:LookupEvents because no identity-based policy allows the cloudtrail:LookupEvents action`,
          $metadata: { httpStatusCode: 400, requestId: 'req-denied' },
        }),
      );
    const q = query();
    const error = await lookupTrail(harness().deps, planLookups(q), q).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'AWS_ACCESS_DENIED',
      awsCode: 'AccessDeniedException',
      requestId: 'req-denied',
    });
    expect((error as Error).message).toMatch(
      /add the permission cloudtrail:LookupEvents to the responder role/,
    );
    expect(inputs()).toHaveLength(1);
  });

  it('translates other AWS errors with a stable code and does not retry them', async () => {
    mockRegion('eu-west-1')
      .on(LookupEventsCommand)
      .rejects(
        new InvalidLookupAttributesException({
          message: 'bad attribute',
          $metadata: { httpStatusCode: 400 },
        }),
      );
    const q = query({ resourceType: 'AWS::EC2::Instance' });
    const error = await lookupTrail(harness().deps, planLookups(q), q).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'AWS_INVALID', awsCode: 'InvalidLookupAttributesException' });
    expect(inputs()).toHaveLength(1);
  });
});

describe('lookupTrail: several regions', () => {
  /** Resolves when both regions have started, or after a second (then the test fails on the order). */
  function gate() {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    const fallback = setTimeout(() => open(), 1000);
    return {
      opened,
      open: () => {
        clearTimeout(fallback);
        open();
      },
    };
  }

  it('searches the regions in parallel, each under its own budget, and deduplicates by eventID', async () => {
    const log: string[] = [];
    const both = gate();
    const shared = iamUserCall({ eventID: 'same-event', eventTime: '2026-11-26T11:30:00Z' });
    for (const region of ['eu-west-1', 'eu-central-1']) {
      mockRegion(region)
        .on(LookupEventsCommand)
        .callsFake(async () => {
          log.push(`start ${region}`);
          if (log.filter((line) => line.startsWith('start')).length === 2) both.open();
          await both.opened;
          log.push(`end ${region}`);
          return { Events: [eventOf(shared), eventOf(iamUserCall({ eventID: `only-${region}` }))] };
        });
    }
    const h = harness();
    const q = query({ regions: ['eu-west-1', 'eu-central-1'] });
    const result = await lookupTrail(h.deps, planLookups(q), q);

    expect(log.slice(0, 2).sort()).toEqual(['start eu-central-1', 'start eu-west-1']);
    expect(new Set(h.acquired)).toEqual(new Set([`${ACCOUNT}:eu-west-1`, `${ACCOUNT}:eu-central-1`]));
    expect(result.records.map((r) => r.eventID).sort()).toEqual([
      'only-eu-central-1',
      'only-eu-west-1',
      'same-event',
    ]);
    expect(result.matched).toBe(3);
    expect(result.regions).toEqual(['eu-west-1', 'eu-central-1']);
  });

  it('adds us-east-1 for a user, keeps its sign-in events and names it among the regions', async () => {
    mockRegion('eu-west-1')
      .on(LookupEventsCommand)
      .resolves({ Events: aliceCalls(1) });
    mockRegion('us-east-1')
      .on(LookupEventsCommand)
      .resolves({
        Events: [
          eventOf(consoleLogin()),
          eventOf(iamUserCall({ eventID: 'ec2-in-us-east-1', awsRegion: 'us-east-1' })),
        ],
      });
    const q = query({ user: 'alice' });
    const result = await lookupTrail(harness().deps, planLookups(q), q);
    expect(inputs('us-east-1')[0]!.LookupAttributes).toEqual([
      { AttributeKey: 'Username', AttributeValue: 'alice' },
    ]);
    expect(result.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(result.records.map((r) => r.eventID)).toEqual(['e-0', 'e-alice-login']);
  });

  it('stops the other regions when one fails', async () => {
    mockRegion('eu-west-1')
      .on(LookupEventsCommand)
      .rejects(new AccessDeniedException({ message: 'denied', $metadata: { httpStatusCode: 400 } }));
    servePages(mockRegion('eu-central-1'), aliceCalls(500));
    const q = query({ regions: ['eu-west-1', 'eu-central-1'] });
    await expect(lookupTrail(harness().deps, planLookups(q), q)).rejects.toMatchObject({
      code: 'AWS_ACCESS_DENIED',
    });
    // Ten pages were there to read; it stops within a request of the failure and nothing runs on afterwards.
    const read = inputs('eu-central-1').length;
    expect(read).toBeLessThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(inputs('eu-central-1')).toHaveLength(read);
  });
});
