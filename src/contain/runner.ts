import type { StepContext, StepDefinition, StepOutcome, StepRecord } from './step.js';

/**
 * Runs a plan's steps as a dependency graph: every step whose dependencies are done starts at once, so
 * independent AWS calls overlap and the wall time approaches the critical path. Steps already `done` in the
 * record (a resumed action) are not run again; a step whose dependency failed is not run at all. Each
 * transition is handed to `persist` before the next step can depend on it, so a crash loses at most the steps
 * that were running, and those re-read AWS when resumed.
 */
export interface RunnerHooks {
  persist(step: StepRecord): Promise<void>;
  now(): Date;
}

export function recordFor(definition: StepDefinition): StepRecord {
  return {
    id: definition.id,
    title: definition.title,
    critical: definition.critical,
    dependsOn: definition.dependsOn,
    status: 'pending',
    requestIds: [],
  };
}

const finished = (record: StepRecord | undefined) =>
  record !== undefined && (record.status === 'done' || record.status === 'skipped');

export async function runSteps(
  definitions: readonly StepDefinition[],
  existing: readonly StepRecord[],
  context: Omit<StepContext, 'results'>,
  hooks: RunnerHooks,
): Promise<StepRecord[]> {
  const records = new Map<string, StepRecord>();
  for (const definition of definitions) {
    const prior = existing.find((record) => record.id === definition.id);
    // A step left `running` (a crash) or `failed` is run again: it observes first, so it will not act twice,
    // and it keeps the `before` its first attempt saw, which is what restore needs (not a half-done state).
    records.set(
      definition.id,
      prior && finished(prior)
        ? prior
        : { ...recordFor(definition), ...(prior && { requestIds: prior.requestIds, before: prior.before }) },
    );
  }
  const results = new Map<string, StepOutcome>();
  for (const record of records.values()) {
    if (finished(record))
      results.set(record.id, {
        status: record.status as 'done' | 'skipped',
        before: record.before,
        after: record.after,
        requestIds: record.requestIds,
        note: record.note,
      });
  }

  const byId = new Map(definitions.map((definition) => [definition.id, definition]));
  const started = new Set<string>([...results.keys()]);
  const blocked = new Set<string>();

  async function run(definition: StepDefinition): Promise<void> {
    const running: StepRecord = {
      ...records.get(definition.id)!,
      status: 'running',
      startedAt: hooks.now().toISOString(),
    };
    records.set(definition.id, running);
    await hooks.persist(running);
    let outcome: StepOutcome;
    try {
      outcome = await definition.run({ ...context, results });
    } catch (error) {
      // Steps report failures as outcomes; a throw is a bug, recorded as a failure rather than lost.
      outcome = {
        status: 'failed',
        requestIds: [],
        error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) },
      };
    }
    const done: StepRecord = {
      ...running,
      status: outcome.status,
      finishedAt: hooks.now().toISOString(),
      requestIds: [...running.requestIds, ...outcome.requestIds],
      before: running.before ?? outcome.before,
      after: outcome.after,
      note: outcome.note,
      error: outcome.error,
    };
    records.set(definition.id, done);
    results.set(definition.id, outcome);
    await hooks.persist(done);
  }

  const inFlight = new Map<string, Promise<void>>();
  for (;;) {
    for (const definition of definitions) {
      if (started.has(definition.id) || blocked.has(definition.id)) continue;
      const dependencies = definition.dependsOn.map((id) => results.get(id));
      if (
        dependencies.some((outcome) => outcome?.status === 'failed') ||
        definition.dependsOn.some((id) => blocked.has(id) || !byId.has(id))
      ) {
        blocked.add(definition.id);
        continue;
      }
      if (dependencies.every((outcome) => outcome !== undefined)) {
        started.add(definition.id);
        inFlight.set(
          definition.id,
          run(definition).finally(() => inFlight.delete(definition.id)),
        );
      }
    }
    if (inFlight.size === 0) break;
    await Promise.race(inFlight.values());
  }
  for (const id of blocked) {
    const record = records.get(id)!;
    if (record.status === 'pending') {
      // Still pending, so a Resume runs it once what it depends on holds.
      const waiting: StepRecord = { ...record, note: 'not run: a step it depends on failed' };
      records.set(id, waiting);
      await hooks.persist(waiting);
    }
  }
  return definitions.map((definition) => records.get(definition.id)!);
}
