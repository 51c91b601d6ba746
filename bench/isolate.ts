/**
 * bench/isolate — isolates the drill's web instance (3 interfaces: primary, trunk, branch) with simulated AWS
 * latency on every call, through the production path: client factory → observeInstance → planIsolation →
 * isolationSteps → runSteps. Prints the preview and execution wall times, the AWS call counts, and how close
 * the execution gets to its critical path. A benchmark, not a test: it prints figures and asserts nothing.
 *
 *   npm run bench:isolate -- [--latency 100] [--runs 5]
 */
import { parseArgs } from 'node:util';
import { createAwsClientFactory } from '../src/aws/clients.js';
import { observeInstance } from '../src/contain/isolate/observe.js';
import { planIsolation } from '../src/contain/isolate/plan.js';
import { isolationSteps } from '../src/contain/isolate/steps.js';
import { runSteps } from '../src/contain/runner.js';
import type { StepRecord } from '../src/contain/step.js';
import {
  type CallRecord,
  DRILL_ACCOUNT_ID,
  DRILL_IDS,
  DRILL_REGION,
  SimulatedAccount,
  seedDrillEnvironment,
} from '../src/drill/index.js';
import { simulatedAccountClients } from '../src/drill/mode.js';

const { values } = parseArgs({
  options: {
    latency: { type: 'string', default: '100' },
    runs: { type: 'string', default: '5' },
  },
});
const latencyMs = Number(values.latency);
const runs = Number(values.runs);
if (!Number.isFinite(latencyMs) || latencyMs < 0 || !Number.isInteger(runs) || runs < 1) {
  console.error('usage: npm run bench:isolate -- [--latency <ms ≥ 0>] [--runs <n ≥ 1>]');
  process.exit(2);
}

const GOAL = 1.5;
const INSTANCE = DRILL_IDS.instances.web;

interface RunFigures {
  interfaces: number;
  steps: number;
  previewMs: number;
  /** Call rounds during the preview: clusters of calls answered together, i.e. sequential latency paid. */
  previewRounds: number;
  previewCalls: number;
  executeMs: number;
  /** Execution calls only (the preview only reads). */
  reads: number;
  writes: number;
  failedSteps: string[];
  criticalPathMs: number;
  criticalPath: string[];
  /** The critical path's sequential calls × latency: what the graph costs with free compute. */
  latencyBoundMs: number;
}

async function once(): Promise<RunFigures> {
  const account = new SimulatedAccount();
  seedDrillEnvironment(account);
  account.latencyMs = latencyMs;
  const factory = createAwsClientFactory(simulatedAccountClients(account));
  try {
    const clients = factory.forTarget({ account: DRILL_ACCOUNT_ID, region: DRILL_REGION });

    const previewStart = performance.now();
    const observed = await observeInstance(clients, INSTANCE);
    const plan = planIsolation(observed, { asgMode: 'standby', snapshots: true, naclDeny: false });
    const previewMs = performance.now() - previewStart;
    const previewCalls = account.calls;

    const persisted = new Map<string, StepRecord>();
    const definitions = isolationSteps(plan, clients);
    const executeStart = performance.now();
    const records = await runSteps(
      definitions,
      [],
      {
        dryRun: false,
        incidentId: 'INC-BENCH',
        actionId: 'act-bench',
        actor: 'UBENCH',
        now: () => new Date(),
      },
      {
        persist: async (step) => {
          persisted.set(step.id, step);
        },
        now: () => new Date(),
      },
    );
    const executeMs = performance.now() - executeStart;
    const executeCalls = account.calls.slice(previewCalls.length);

    const path = criticalPath(records, executeCalls);
    return {
      interfaces: plan.interfaces.length,
      steps: records.length,
      previewMs,
      previewRounds: rounds(previewCalls),
      previewCalls: previewCalls.length,
      executeMs,
      reads: executeCalls.filter((call) => call.readOnly).length,
      writes: executeCalls.filter((call) => !call.readOnly).length,
      failedSteps: records.filter((record) => record.status !== 'done').map((r) => `${r.id}=${r.status}`),
      ...path,
    };
  } finally {
    factory.destroy();
  }
}

/**
 * Calls answered within half a latency of each other overlapped, so they cost one round. With no latency
 * every call is its own round, which says nothing, so the count is only meaningful with latency set.
 */
function rounds(calls: readonly CallRecord[]): number {
  const times = calls.map((call) => Date.parse(call.time)).sort((a, b) => a - b);
  let count = 0;
  let last = Number.NEGATIVE_INFINITY;
  for (const time of times) {
    if (time - last > latencyMs / 2) count += 1;
    last = time;
  }
  return count;
}

/**
 * The longest chain of dependent steps, weighing each step by its measured duration; and the same chain's
 * latency floor, from the calls each step made (matched by request id, so overlapping steps do not blur).
 */
function criticalPath(
  records: readonly StepRecord[],
  calls: readonly CallRecord[],
): Pick<RunFigures, 'criticalPathMs' | 'criticalPath' | 'latencyBoundMs'> {
  const byId = new Map(records.map((record) => [record.id, record]));
  const callsByRequest = new Map(calls.map((call) => [call.requestId, call]));
  const duration = (record: StepRecord) =>
    record.startedAt && record.finishedAt ? Date.parse(record.finishedAt) - Date.parse(record.startedAt) : 0;
  const floor = (record: StepRecord) =>
    rounds(record.requestIds.flatMap((id) => callsByRequest.get(id) ?? [])) * latencyMs;

  const memo = new Map<string, { ms: number; bound: number; chain: string[] }>();
  const longest = (id: string): { ms: number; bound: number; chain: string[] } => {
    const known = memo.get(id);
    if (known) return known;
    const record = byId.get(id);
    if (record === undefined) return { ms: 0, bound: 0, chain: [] };
    let best = { ms: 0, bound: 0, chain: [] as string[] };
    for (const dependency of record.dependsOn) {
      const candidate = longest(dependency);
      if (candidate.ms > best.ms) best = candidate;
    }
    const result = {
      ms: best.ms + duration(record),
      bound: best.bound + floor(record),
      chain: [...best.chain, id],
    };
    memo.set(id, result);
    return result;
  };
  let top = { ms: 0, bound: 0, chain: [] as string[] };
  for (const record of records) {
    const candidate = longest(record.id);
    if (candidate.ms > top.ms) top = candidate;
  }
  // The floor of the slowest measured chain need not be the largest floor; the bound is over every chain.
  const bound = Math.max(...records.map((record) => longest(record.id).bound));
  return { criticalPathMs: top.ms, criticalPath: top.chain, latencyBoundMs: bound };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const ms = (value: number) => `${value.toFixed(0)} ms`;

console.log(`isolate ${INSTANCE}: ${runs} run(s), ${latencyMs} ms simulated latency per AWS call`);
const all: RunFigures[] = [];
for (let run = 1; run <= runs; run += 1) {
  const figures = await once();
  all.push(figures);
  console.log(
    `  run ${run}: preview ${ms(figures.previewMs)}, execute ${ms(figures.executeMs)}, ` +
      `critical path ${ms(figures.criticalPathMs)} (latency floor ${ms(figures.latencyBoundMs)}), ` +
      `calls ${figures.previewCalls} preview + ${figures.reads} read / ${figures.writes} write executing` +
      (figures.failedSteps.length > 0 ? `, NOT DONE: ${figures.failedSteps.join(', ')}` : ''),
  );
}

const last = all.at(-1)!;
const pick = (field: (figures: RunFigures) => number) => median(all.map(field));
const executeMs = pick((f) => f.executeMs);
const criticalMs = pick((f) => f.criticalPathMs);
const boundMs = pick((f) => f.latencyBoundMs);
const ratio = executeMs / criticalMs;
// With no latency there is no floor to compare against.
const boundRatio = boundMs > 0 ? `${(executeMs / boundMs).toFixed(2)}×` : 'n/a';

console.log(`\nmedians over ${runs} run(s); ${last.interfaces} interfaces, ${last.steps} steps`);
console.log(
  `  preview (observe + plan)   ${ms(pick((f) => f.previewMs))}  ` +
    `(${pick((f) => f.previewCalls)} reads in ${pick((f) => f.previewRounds)} rounds of latency)`,
);
console.log(`  execution (runSteps)       ${ms(executeMs)}`);
console.log(`  AWS calls (execution)      ${pick((f) => f.reads)} read, ${pick((f) => f.writes)} write`);
console.log(`  critical path (measured)   ${ms(criticalMs)}: ${last.criticalPath.join(' → ')}`);
console.log(`  critical path (latency)    ${ms(boundMs)}  (sequential calls on the longest chain × latency)`);
console.log(
  `  wall / critical path       ${ratio.toFixed(2)}× measured, ${boundRatio} latency floor; ` +
    `goal ≤ ${GOAL}×: ${ratio <= GOAL ? 'met' : 'NOT met'}`,
);
