/**
 * bench/trail — a CloudTrail search answered in Slack, end to end in one process: a query over 5,000 events (100
 * pages of 50) from a mocked LookupEvents that enforces AWS's 2 requests per second per account and region (a third
 * request inside any rolling second is answered with ThrottlingException), through the trail service (planner,
 * pager, token bucket, findings, evidence on disk, results and files in the incident's thread) and the real Slack
 * gateway and scheduler posting to the Slack Web API simulator on loopback.
 *
 * Prints, per run and as medians: the achieved request rate (target ≥ 1.9/s), the throttling errors CloudTrail
 * answered and any surfaced to the user (target 0), the time from the search's start to the first results being
 * in Slack (target < 2 s), the time to the final answer and the files, and the peak heap. A benchmark, not a test:
 * it asserts nothing. One run takes about 50 s at 2 requests per second.
 *
 *   npm run bench:trail:slack -- [--runs 1] [--events 5000] [--latency 80]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Event } from '@aws-sdk/client-cloudtrail';
import { WebClient } from '@slack/web-api';
import { createMemoryStore } from '../src/incident/memory-store.js';
import { createEvidenceStore } from '../src/investigate/evidence-store.js';
import { createMemoryTokenBucket } from '../src/investigate/token-bucket.js';
import { createTrailSearch } from '../src/investigate/trail-lookup.js';
import { createInvestigator } from '../src/investigate/trail-service.js';
import { createLogger } from '../src/log.js';
import { startSlackSimulator } from '../src/sandbox/slack-simulator.js';
import { createSlackGateway, FILE_UPLOAD_METHOD } from '../src/slack/gateway.js';
import { createSlackScheduler } from '../src/slack/scheduler.js';
import { slackClientOptions } from '../src/slack/web-client-options.js';
import { throttledCloudTrail } from './support/throttled-cloudtrail.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '1' },
    events: { type: 'string', default: '5000' },
    latency: { type: 'string', default: '80' },
  },
});
const runs = Number(values.runs);
const total = Number(values.events);
const latencyMs = Number(values.latency);
if (![runs, total].every((n) => Number.isInteger(n) && n >= 1) || !(latencyMs >= 0)) {
  console.error(
    'usage: npm run bench:trail:slack -- [--runs <n ≥ 1>] [--events <n ≥ 1>] [--latency <ms ≥ 0>]',
  );
  process.exit(2);
}

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const CHANNEL = 'CBENCHTRAIL';
const TOKEN = 'xoxb-bench-trail';

function eventsAt(now: Date): Event[] {
  return Array.from({ length: total }, (_, i) => {
    const record = {
      eventVersion: '1.09',
      eventID: `bench-${i}`,
      eventTime: new Date(now.getTime() - (i + 1) * 1000).toISOString(),
      eventSource: 'ec2.amazonaws.com',
      // A few write calls among the reads, and a world-open SSH rule, so the findings rules have work to do.
      eventName: i % 50 === 7 ? 'AuthorizeSecurityGroupIngress' : 'DescribeInstances',
      awsRegion: REGION,
      sourceIPAddress: `203.0.113.${i % 3}`,
      userAgent: 'aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.11.8',
      userIdentity: {
        type: 'IAMUser',
        arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
        userName: 'alice',
        accountId: ACCOUNT,
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      },
      requestParameters:
        i % 50 === 7
          ? {
              groupId: 'sg-0123456789abcdef0',
              ipPermissions: {
                items: [
                  {
                    ipProtocol: 'tcp',
                    fromPort: 22,
                    toPort: 22,
                    ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] },
                  },
                ],
              },
            }
          : { instancesSet: {}, filterSet: {} },
      readOnly: i % 50 !== 7,
      eventType: 'AwsApiCall',
      recipientAccountId: ACCOUNT,
    };
    return { EventId: record.eventID, EventName: record.eventName, CloudTrailEvent: JSON.stringify(record) };
  });
}

const median = (list: number[]) => {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function runOnce(run: number) {
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-bench-trail-'));
  const slack = await startSlackSimulator({
    signingSecret: 'bench-trail-signing-secret-0123',
    botToken: TOKEN,
    channels: [{ id: CHANNEL, name: 'bench-trail' }],
  });
  const logger = createLogger({ level: 'warn' });
  const client = new WebClient(TOKEN, slackClientOptions({ slackApiUrl: slack.url, logger }));
  const firstInSlack: { at?: number } = {};
  let started = 0;
  const scheduler = createSlackScheduler({
    send: async (method, args) => {
      const result =
        method === FILE_UPLOAD_METHOD
          ? await client.filesUploadV2(args as unknown as Parameters<typeof client.filesUploadV2>[0])
          : await client.apiCall(method, args);
      if (method === 'chat.postMessage' && String(args.text ?? '').startsWith('CloudTrail:'))
        firstInSlack.at ??= performance.now();
      return result;
    },
    updatesPerMinute: 50,
  });
  const gateway = createSlackGateway(scheduler);
  const card = await gateway.post(CHANNEL, { text: 'SEV2 · bench incident' });

  const now = new Date();
  const events = eventsAt(now);
  const mocked = throttledCloudTrail(events, { region: REGION, latencyMs, maxAttempts: 1 });
  const cloudTrail = mocked.client;

  const store = createMemoryStore();
  await store.create({
    id: 'INC-1',
    title: 'bench',
    severity: 2,
    status: 'open',
    account: ACCOUNT,
    region: REGION,
    resources: [],
    alarmCount: 1,
    channel: CHANNEL,
    cardTs: card.ts,
    declaredAt: now.toISOString(),
    declaredBy: 'system',
  });
  const investigator = createInvestigator({
    search: createTrailSearch({ cloudTrailFor: async () => cloudTrail, limiter: createMemoryTokenBucket() }),
    slack: gateway,
    evidence: createEvidenceStore(join(dir, 'evidence')),
    record: (id, event) => store.appendTimeline(id, event),
    now: () => new Date(),
    logger,
    settings: { defaultLimit: total, limitCap: total },
  });

  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 50);
  let surfaced = 0;
  started = performance.now();
  const outcome = await investigator
    .search({
      query: {
        source: 'ec2.amazonaws.com',
        since: new Date(now.getTime() - 2 * 3_600_000),
        until: now,
        regions: [REGION],
        account: ACCOUNT,
        limit: total,
      },
      incident: (await store.get('INC-1'))!,
      userId: 'U0BENCH',
      respond: async () => {},
    })
    .catch((error: unknown) => {
      surfaced += 1;
      console.error(`run ${run}: the search failed: ${String(error)}`);
      return undefined;
    });
  const answeredMs = performance.now() - started;
  await scheduler.drain();
  clearInterval(sampler);
  const sent = mocked.served.length;
  const rate = mocked.rate();
  const throttledByService = mocked.throttled();
  const files = slack.files().filter((file) => file.threadTs === card.ts);
  const figures = {
    run,
    events: total,
    matched: outcome?.view.matched ?? 0,
    flagged: new Set(outcome?.view.findings.map((f) => f.index)).size,
    requests: sent,
    requestsPerSecond: Number(rate.toFixed(3)),
    throttledByService,
    throttlingErrorsSurfaced: surfaced,
    firstResultsInSlackMs: firstInSlack.at === undefined ? null : Math.round(firstInSlack.at - started),
    answeredMs: Math.round(answeredMs),
    filesInThread: files.map(
      (file) => `${file.name.replace(/^.*-trail/, '*-trail')} ${file.content?.length ?? 0} B`,
    ),
    peakHeapMiB: Number((peakHeap / 1024 / 1024).toFixed(1)),
  };
  cloudTrail.destroy();
  await slack.close();
  rmSync(dir, { recursive: true, force: true });
  return figures;
}

const results = [];
for (let run = 1; run <= runs; run += 1) {
  const figures = await runOnce(run);
  console.log(JSON.stringify(figures));
  results.push(figures);
}
const first = results.map((r) => r.firstResultsInSlackMs).filter((n): n is number => n !== null);
console.log(
  JSON.stringify(
    {
      runs,
      medianRequestsPerSecond: median(results.map((r) => r.requestsPerSecond)),
      totalThrottledByService: results.reduce((sum, r) => sum + r.throttledByService, 0),
      totalThrottlingErrorsSurfaced: results.reduce((sum, r) => sum + r.throttlingErrorsSurfaced, 0),
      medianFirstResultsInSlackMs: first.length ? median(first) : null,
      medianAnsweredMs: median(results.map((r) => r.answeredMs)),
      peakHeapMiB: Math.max(...results.map((r) => r.peakHeapMiB)),
    },
    null,
    2,
  ),
);
console.log('targets: ≥ 1.9 requests/s, 0 throttling errors surfaced, first results in Slack < 2000 ms');
