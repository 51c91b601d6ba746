import type { StepContext, StepDefinition, StepOutcome } from '../../../src/contain/step.js';

export interface LocalRun {
  results: Map<string, StepOutcome>;
  /** Step ids in the order they started and finished. */
  started: string[];
  finished: string[];
  /** Steps not run because a dependency failed (or was never run). */
  blocked: string[];
}

export const NOW = new Date('2025-03-04T05:06:07.000Z');

/**
 * A minimal stand-in for the lead's runner: each step starts as soon as its dependencies are done or skipped,
 * and never when one failed. `prior` outcomes count as already finished (a resumed action), except failures.
 */
export async function runLocal(
  steps: readonly StepDefinition[],
  options: { dryRun?: boolean; prior?: ReadonlyMap<string, StepOutcome> } = {},
): Promise<LocalRun> {
  const results = new Map<string, StepOutcome>();
  for (const [id, outcome] of options.prior ?? []) if (outcome.status !== 'failed') results.set(id, outcome);
  const context: StepContext = {
    dryRun: options.dryRun ?? false,
    incidentId: 'INC-7',
    actionId: 'act-1',
    actor: 'U0RESPONDER',
    now: () => NOW,
    results,
  };
  const byId = new Map(steps.map((step) => [step.id, step]));
  const memo = new Map<string, Promise<StepOutcome | undefined>>();
  const started: string[] = [];
  const finished: string[] = [];

  function go(id: string): Promise<StepOutcome | undefined> {
    let pending = memo.get(id);
    if (pending === undefined) {
      pending = (async () => {
        const prior = results.get(id);
        if (prior) return prior;
        const step = byId.get(id);
        if (step === undefined) return undefined;
        const dependencies = await Promise.all(step.dependsOn.map(go));
        if (dependencies.some((outcome) => outcome === undefined || outcome.status === 'failed'))
          return undefined;
        started.push(id);
        const outcome = await step.run(context);
        results.set(id, outcome);
        finished.push(id);
        return outcome;
      })();
      memo.set(id, pending);
    }
    return pending;
  }

  await Promise.all(steps.map((step) => go(step.id)));
  return { results, started, finished, blocked: steps.filter((s) => !results.has(s.id)).map((s) => s.id) };
}

export function statusOf(run: LocalRun, id: string): string {
  return run.results.get(id)?.status ?? 'blocked';
}
