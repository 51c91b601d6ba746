/**
 * bench/report — renders the report of an incident whose timeline holds 5,000 events (alarm flapping, action steps,
 * notes, refusals), then merges it with a previous version holding people's edits, as a regeneration does. Prints
 * the median wall time of several runs, the size of the output, and the heap used. A benchmark, not a test: it
 * prints figures and asserts nothing. The goal is well under a second for both.
 *
 *   npx tsx bench/report.ts [--events 5000] [--runs 7]
 *   node --expose-gc --import tsx bench/report.ts     # heap figures after a full collection
 */
import { parseArgs } from 'node:util';
import type { ActionRecord } from '../src/contain/action.js';
import { mergeHumanSections } from '../src/document/merge.js';
import { renderReport } from '../src/document/report.js';
import type { TimelineEvent } from '../src/incident/timeline.js';
import {
  isolationAction,
  revokeAction,
  sampleIncident,
  sampleInput,
  sampleInvestigations,
} from '../test/document/sample.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '5000' },
    runs: { type: 'string', default: '7' },
  },
});
const eventCount = Number(values.events);
const runs = Number(values.runs);
if (!Number.isInteger(eventCount) || eventCount < 1 || !Number.isInteger(runs) || runs < 1) {
  console.error('usage: npx tsx bench/report.ts [--events <n ≥ 1>] [--runs <n ≥ 1>]');
  process.exit(2);
}

const GOAL_MS = 1000;
const START = Date.parse('2026-11-26T08:00:00Z');

/**
 * A long, busy incident: three alarms flapping (runs of 1–6 re-fires that collapse, broken by other events), action
 * steps with request ids, notes with text to escape, and the occasional refusal.
 */
function busyTimeline(count: number): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  const isolation = isolationAction();
  for (let i = 0; events.length < count; i += 1) {
    const at = new Date(START + i * 7_000).toISOString();
    const kind = i % 10;
    if (kind < 6) {
      const alarm = `prod-web-${['cpu', 'net', 'disk'][Math.floor(i / 40) % 3]}-high`;
      events.push({
        type: 'alarm',
        at,
        actor: 'system',
        state: Math.floor(i / 13) % 2 === 0 ? 'ALARM' : 'OK',
        alarmName: alarm,
        reason: `Threshold Crossed: 3 out of the last 3 datapoints [${90 + (i % 10)}.0] were greater than the threshold (90.0).`,
        stateChangedAt: at,
        messageId: `m-${i}`,
        applied: i % 97 !== 0,
      });
    } else if (kind < 8) {
      const step = isolation.steps[i % isolation.steps.length]!;
      events.push({
        type: 'action',
        at,
        actor: 'U07ALICE',
        actionId: isolation.id,
        kind: 'isolate',
        target: 'i-0abc1234def567890 (123456789012, us-east-1)',
        stage: 'step',
        stepId: step.id,
        status: step.status,
        requestIds: step.requestIds,
      });
    } else if (kind === 8) {
      events.push({
        type: 'note',
        at,
        actor: 'U07CAROL',
        text: `Checked host ${i}: <pid ${i}> | *xmrig* [pool](http://pool.example/${i}) — nothing new`,
      });
    } else {
      events.push({
        type: 'denied',
        at,
        actor: 'U07MALLORY',
        attempted: `restore i-${i}`,
        reason: 'NOT_A_RESPONDER',
      });
    }
  }
  return events;
}

const median = (samples: number[]): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const actions: ActionRecord[] = [isolationAction(), revokeAction()];
const input = sampleInput({
  incident: sampleIncident(),
  timeline: busyTimeline(eventCount),
  actions,
  investigations: sampleInvestigations(),
});

// The previous file as people left it: lessons written, a keep block of their own.
const previous = renderReport({ ...input, draft: true })
  .replace(/(### What went well\n\n)_To be written: [^\n]*_/, '$1The runbook was right there.')
  .replace(
    '\n\n## Containment actions',
    '\n\n<!-- keep -->\nPhone times, not Slack times.\n<!-- /keep -->\n\n## Containment actions',
  );

renderReport(input); // warm up: JIT and the regexes
gc?.();
const heapBefore = process.memoryUsage().heapUsed;

const renderMs: number[] = [];
const mergeMs: number[] = [];
let output = '';
let merged = '';
let peakHeap = 0;
for (let run = 0; run < runs; run += 1) {
  const renderStart = performance.now();
  output = renderReport(input);
  renderMs.push(performance.now() - renderStart);
  const mergeStart = performance.now();
  merged = mergeHumanSections(previous, output);
  mergeMs.push(performance.now() - mergeStart);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}
gc?.();
const heapAfter = process.memoryUsage().heapUsed;

const rows = output.split('\n').filter((line) => /^\| \d{4}-\d{2}-\d{2} /.test(line)).length;
const render = median(renderMs);
const merge = median(mergeMs);
console.log(`report of ${eventCount} timeline events (${rows} rows after collapsing re-fires), ${runs} runs`);
console.log(
  `  render  median ${render.toFixed(1)} ms  (min ${Math.min(...renderMs).toFixed(1)}, max ${Math.max(...renderMs).toFixed(1)})`,
);
console.log(
  `  merge   median ${merge.toFixed(1)} ms  (keeps people's edits: ${merged.includes('The runbook was right there.')})`,
);
console.log(`  output  ${(output.length / 1024).toFixed(0)} KiB, ${output.split('\n').length} lines`);
console.log(
  `  heap    ${mb(heapBefore)} before, ${mb(peakHeap)} peak, ${mb(heapAfter)} after${gc ? ' (after gc)' : ' (run with --expose-gc for settled figures)'}`,
);
console.log(`  goal    render + merge under ${GOAL_MS} ms: ${render + merge < GOAL_MS ? 'met' : 'MISSED'}`);
