/**
 * bench/sns-intake — posts N signed SNS alarm notifications to a running bot and prints accepted/s, p50/p99
 * latency and the bot's peak RSS. A benchmark, not a test: it prints figures and asserts nothing about time.
 *
 *   npm run bench:sns -- [--count 10000] [--concurrency 32] [--alarms 50] [--store memory|redis|both]
 *
 * Everything runs on loopback: the bot in a child process, the Slack simulator, and redis-server when asked.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import { startSlackSimulator } from '../src/sandbox/slack-simulator.js';
import { startBot } from '../test/support/bot-process.js';
import { startRedis } from '../test/support/redis-server.js';
import { createSnsSigner, notificationFor } from '../test/support/sns-signer.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '32' },
    alarms: { type: 'string', default: '50' },
    store: { type: 'string', default: 'both' },
  },
});
const count = Number(values.count);
const concurrency = Number(values.concurrency);
const alarmCount = Number(values.alarms);

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:firebreak-alarms';
const CHANNEL = 'CBENCH0001';
const SECRET = 'bench-signing-secret-0123456789';
const TOKEN = 'xoxb-bench-token';

function alarmMessage(index: number, at: Date): string {
  const name = `bench-cpu-high-${index % alarmCount}`;
  return JSON.stringify({
    AlarmName: name,
    AlarmDescription: 'CPU above 90% on a web host',
    AWSAccountId: '123456789012',
    AlarmConfigurationUpdatedTimestamp: '2026-11-01T10:00:00.000+0000',
    NewStateValue: 'ALARM',
    NewStateReason: 'Threshold Crossed: 3 datapoints were greater than the threshold (90.0).',
    StateChangeTime: at.toISOString().replace('Z', '+0000'),
    Region: 'EU (Ireland)',
    AlarmArn: `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${name}`,
    OldStateValue: 'OK',
    Trigger: {
      MetricName: 'CPUUtilization',
      Namespace: 'AWS/EC2',
      StatisticType: 'Statistic',
      Statistic: 'AVERAGE',
      Unit: null,
      Dimensions: [
        { value: `i-0${(index % alarmCount).toString(16).padStart(16, '0')}`, name: 'InstanceId' },
      ],
      Period: 300,
      EvaluationPeriods: 3,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 90,
      TreatMissingData: 'missing',
    },
  });
}

function post(agent: Agent, port: number, body: string): Promise<{ status: number; ms: number }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/sns',
        method: 'POST',
        agent,
        headers: { 'content-type': 'text/plain; charset=UTF-8' },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function run(store: 'memory' | 'redis'): Promise<void> {
  const signer = await createSnsSigner();
  const slack = await startSlackSimulator({
    signingSecret: SECRET,
    botToken: TOKEN,
    channels: [{ id: CHANNEL, name: 'incidents' }],
  });
  const redis = store === 'redis' ? await startRedis() : undefined;
  const bot = await startBot({
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.url,
    FIREBREAK_CHANNEL: CHANNEL,
    SNS_TOPIC_ARNS: TOPIC,
    SNS_SIGNING_CERTS_DIR: signer.certsDir,
    LOG_LEVEL: 'warn',
    ...(redis ? { REDIS_URL: redis.url } : {}),
  });
  try {
    const base = Date.now();
    const bodies = Array.from({ length: count }, (_, i) =>
      JSON.stringify(
        signer.sign(notificationFor(TOPIC, alarmMessage(i, new Date(base + i))), i % 2 ? '2' : '1'),
      ),
    );
    const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++]!;
          const { status, ms } = await post(agent, bot.port, body);
          latencies.push(ms);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    agent.destroy();
    latencies.sort((a, b) => a - b);
    const ok = [...statuses]
      .filter(([status]) => status >= 200 && status < 300)
      .reduce((sum, [, n]) => sum + n, 0);
    console.log(
      [
        `sns-intake store=${store} count=${count} concurrency=${concurrency} alarms=${alarmCount}`,
        `  2xx: ${ok}/${count} (statuses ${JSON.stringify(Object.fromEntries(statuses))})`,
        `  accepted/s: ${(ok / seconds).toFixed(0)}  wall: ${seconds.toFixed(2)} s`,
        `  latency p50: ${percentile(latencies, 0.5).toFixed(2)} ms  p99: ${percentile(latencies, 0.99).toFixed(2)} ms  max: ${latencies.at(-1)?.toFixed(2)} ms`,
        `  bot peak RSS: ${peakRssMb(bot.pid).toFixed(0)} MB`,
      ].join('\n'),
    );
  } finally {
    await bot.stop();
    await redis?.stop();
    await slack.close();
    signer.cleanup();
  }
}

const stores =
  values.store === 'both' ? (['memory', 'redis'] as const) : [values.store as 'memory' | 'redis'];
for (const store of stores) await run(store);
