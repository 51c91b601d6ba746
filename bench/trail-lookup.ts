/**
 * bench/trail-lookup — a CloudTrail search over 5,000 events (100 pages of 50) from a mocked LookupEvents that
 * enforces AWS's 2 requests per second per account and region (a third request inside any one-second window is
 * answered with ThrottlingException), through the production path: parseTrailQuery → planLookups → lookupTrail
 * with the token bucket. Prints the achieved request rate, the throttling count and the time to first results
 * (when lookupTrail hands over its first page of matches). A benchmark, not a test: it asserts nothing.
 *
 *   npm run bench:trail -- [--events 5000] [--latency 80] [--redis redis://127.0.0.1:6379/10]
 *
 * With --redis, the limiter is the Redis token bucket shared by replicas (src/incident/redis-token-bucket.ts).
 */
import { parseArgs as parseCli } from 'node:util';
import type { Event } from '@aws-sdk/client-cloudtrail';
import { parseArgs } from '../commands/args.js';
import { createRedisTokenBucket } from '../src/incident/redis-token-bucket.js';
import { lookupTrail } from '../src/investigate/cloudtrail.js';
import { planLookups } from '../src/investigate/plan.js';
import { parseTrailQuery, TRAIL_OPTIONS } from '../src/investigate/query.js';
import { createMemoryTokenBucket, type TokenBucket } from '../src/investigate/token-bucket.js';
import { throttledCloudTrail } from './support/throttled-cloudtrail.js';

const { values } = parseCli({
  options: {
    events: { type: 'string', default: '5000' },
    latency: { type: 'string', default: '80' },
    redis: { type: 'string' },
  },
});
const total = Number(values.events);
const latencyMs = Number(values.latency);
if (!Number.isInteger(total) || total < 1 || !Number.isFinite(latencyMs) || latencyMs < 0) {
  console.error('usage: npm run bench:trail -- [--events <n ≥ 1>] [--latency <ms ≥ 0>] [--redis <url>]');
  process.exit(2);
}

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const now = new Date();
const events: Event[] = Array.from({ length: total }, (_, i) => {
  const eventTime = new Date(now.getTime() - (i + 1) * 1000).toISOString();
  const record = {
    eventVersion: '1.09',
    eventID: `bench-${i}`,
    eventTime,
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DescribeInstances',
    awsRegion: REGION,
    sourceIPAddress: '203.0.113.7',
    userIdentity: {
      type: 'IAMUser',
      userName: 'alice',
      accountId: ACCOUNT,
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    },
    readOnly: true,
    recipientAccountId: ACCOUNT,
  };
  return { EventId: record.eventID, EventName: record.eventName, CloudTrailEvent: JSON.stringify(record) };
});

const cloudTrail = throttledCloudTrail(events, { region: REGION, latencyMs });
const client = cloudTrail.client;

const redisBucket = values.redis
  ? createRedisTokenBucket({ url: values.redis, keyPrefix: `bench:${process.pid}:` })
  : undefined;
const limiter: TokenBucket = redisBucket ?? createMemoryTokenBucket();

const parsed = parseArgs(`user=alice since=1d limit=${total}`, TRAIL_OPTIONS);
if (!parsed.ok) throw new Error(parsed.problem);
const result = parseTrailQuery(parsed.args, now, { region: REGION, defaultLimit: total, limitCap: total });
if (!result.ok) throw new Error(result.problem);
// The bench measures one region's pager; the us-east-1 leg a user query adds is left out.
const plan = planLookups({ ...result.query, regions: [REGION] }, { globalRegion: REGION });

const started = performance.now();
let firstResultsMs: number | undefined;
const found = await lookupTrail(
  { clientFor: () => client, limiter, account: ACCOUNT },
  plan,
  result.query,
  () => {
    firstResultsMs = performance.now() - started;
  },
);
const elapsedMs = performance.now() - started;
await redisBucket?.close();

const sent = cloudTrail.served.length;
const rate = cloudTrail.rate();
const throttledByService = cloudTrail.throttled();
const figures = {
  limiter: redisBucket ? 'redis' : 'memory',
  events: total,
  matched: found.matched,
  pages: sent,
  requests: found.requests,
  throttledByService,
  achievedRequestsPerSecond: Number(rate.toFixed(3)),
  timeToFirstResultsMs: firstResultsMs === undefined ? null : Math.round(firstResultsMs),
  totalSeconds: Number((elapsedMs / 1000).toFixed(1)),
};
console.log(JSON.stringify(figures, null, 2));
console.log(
  `rate ${figures.achievedRequestsPerSecond}/s (target ≥ 1.9, ≤ 2), throttled ${throttledByService} (target 0), first results after ${figures.timeToFirstResultsMs} ms (lookup side of the < 2 s target)`,
);
client.destroy();
