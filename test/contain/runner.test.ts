import { describe, expect, it } from 'vitest';
import { recordFor, runSteps } from '../../src/contain/runner.js';
import type { StepContext, StepDefinition, StepOutcome, StepRecord } from '../../src/contain/step.js';

const T0 = new Date('2026-11-26T08:10:00.000Z');

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every already-queued promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const ok = (extra: Partial<StepOutcome> = {}): StepOutcome => ({ status: 'done', requestIds: [], ...extra });
const failed = (code = 'AccessDenied'): StepOutcome => ({
  status: 'failed',
  requestIds: ['req-fail'],
  error: { code, message: 'not allowed' },
});

interface Harness {
  started: string[];
  contexts: Map<string, StepContext>;
  persisted: StepRecord[];
  step(
    id: string,
    dependsOn: string[],
    run: (context: StepContext) => Promise<StepOutcome>,
    critical?: boolean,
  ): StepDefinition;
  run(definitions: StepDefinition[], existing?: StepRecord[]): Promise<StepRecord[]>;
}

function harness(): Harness {
  const started: string[] = [];
  const contexts = new Map<string, StepContext>();
  const persisted: StepRecord[] = [];
  let clock = T0.getTime();
  return {
    started,
    contexts,
    persisted,
    step(id, dependsOn, run, critical = true) {
      return {
        id,
        title: `Step ${id}`,
        critical,
        dependsOn,
        async run(context) {
          started.push(id);
          contexts.set(id, context);
          return run(context);
        },
      };
    },
    run(definitions, existing = []) {
      return runSteps(
        definitions,
        existing,
        {
          dryRun: false,
          incidentId: 'INC-1',
          actionId: 'ACT-1',
          actor: 'U0RESP',
          now: () => new Date(clock),
        },
        {
          now: () => {
            clock += 1000;
            return new Date(clock);
          },
          persist: async (step) => {
            persisted.push(structuredClone(step));
          },
        },
      );
    },
  };
}

const byId = (records: StepRecord[]) => new Map(records.map((record) => [record.id, record]));

describe('runSteps', () => {
  it('starts independent steps together, before either finishes', async () => {
    const h = harness();
    const a = deferred<StepOutcome>();
    const b = deferred<StepOutcome>();
    const running = h.run([h.step('a', [], () => a.promise), h.step('b', [], () => b.promise)]);
    await settle();
    expect(h.started).toEqual(['a', 'b']);
    b.resolve(ok());
    a.resolve(ok());
    const records = await running;
    expect(records.map((record) => [record.id, record.status])).toEqual([
      ['a', 'done'],
      ['b', 'done'],
    ]);
  });

  it('makes a dependent wait for its dependency, and starts it as soon as that is done', async () => {
    const h = harness();
    const a = deferred<StepOutcome>();
    const slow = deferred<StepOutcome>();
    const running = h.run([
      h.step('a', [], () => a.promise),
      h.step('slow', [], () => slow.promise),
      h.step('after-a', ['a'], async () => ok()),
    ]);
    await settle();
    expect(h.started).toEqual(['a', 'slow']);
    a.resolve(ok({ after: { groupId: 'sg-untrack' } }));
    await settle();
    // It does not wait for the unrelated slow step.
    expect(h.started).toEqual(['a', 'slow', 'after-a']);
    slow.resolve(ok());
    await running;
  });

  it('passes the outcomes of finished steps to dependents through ctx.results', async () => {
    const h = harness();
    const records = await h.run([
      h.step('create', [], async () => ok({ after: { groupId: 'sg-9' }, requestIds: ['req-1'] })),
      h.step('use', ['create'], async (context) => {
        const created = context.results.get('create');
        return ok({ note: `used ${(created?.after as { groupId?: string } | undefined)?.groupId}` });
      }),
    ]);
    expect(byId(records).get('use')?.note).toBe('used sg-9');
    expect(h.contexts.get('use')).toMatchObject({
      incidentId: 'INC-1',
      actionId: 'ACT-1',
      actor: 'U0RESP',
      dryRun: false,
    });
  });

  it('leaves the dependents of a failed step pending with a note, and still runs independent steps', async () => {
    const h = harness();
    const records = byId(
      await h.run([
        h.step('cut', [], async () => failed()),
        h.step('verify', ['cut'], async () => ok()),
        h.step('after-verify', ['verify'], async () => ok()),
        h.step('evidence', [], async () => ok(), false),
      ]),
    );
    expect(h.started.sort()).toEqual(['cut', 'evidence']);
    expect(records.get('cut')).toMatchObject({ status: 'failed', error: { code: 'AccessDenied' } });
    expect(records.get('evidence')?.status).toBe('done');
    for (const id of ['verify', 'after-verify']) {
      expect(records.get(id)?.status).toBe('pending');
      expect(records.get(id)?.note).toMatch(/depends on failed/);
    }
    // The blocked notes are persisted too, so the checklist and a resume see them.
    expect(h.persisted.filter((step) => step.id === 'verify')).toEqual([
      expect.objectContaining({ status: 'pending', note: expect.stringMatching(/depends on failed/) }),
    ]);
  });

  it('blocks a step that depends on an unknown step instead of waiting forever', async () => {
    const h = harness();
    const records = await h.run([h.step('orphan', ['missing'], async () => ok())]);
    expect(h.started).toEqual([]);
    expect(records[0]).toMatchObject({ status: 'pending', note: expect.any(String) });
  });

  it('does not run again the steps a previous run finished, and hands their outcomes to dependents', async () => {
    const h = harness();
    const definitions = [
      h.step('create', [], async () => ok({ after: { groupId: 'sg-new' } })),
      h.step('skip', [], async () => ok()),
      h.step('use', ['create', 'skip'], async (context) =>
        ok({
          note: JSON.stringify([context.results.get('create')?.after, context.results.get('skip')?.status]),
        }),
      ),
    ];
    const existing: StepRecord[] = [
      {
        ...recordFor(definitions[0]!),
        status: 'done',
        requestIds: ['req-old'],
        before: { groups: ['sg-1'] },
        after: { groupId: 'sg-old' },
        finishedAt: '2026-11-26T08:00:00.000Z',
      },
      { ...recordFor(definitions[1]!), status: 'skipped', requestIds: [], note: 'planned' },
    ];
    const records = byId(await h.run(definitions, existing));
    expect(h.started).toEqual(['use']);
    expect(records.get('create')).toEqual(existing[0]);
    expect(records.get('skip')).toEqual(existing[1]);
    expect(records.get('use')?.note).toBe(JSON.stringify([{ groupId: 'sg-old' }, 'skipped']));
    expect(h.persisted.map((step) => step.id)).toEqual(['use', 'use']);
  });

  it('runs again a step a crash left running, and a step that failed, keeping their earlier request ids', async () => {
    const h = harness();
    const definitions = [
      h.step('crashed', [], async () => ok({ requestIds: ['req-2'] })),
      h.step('failed-before', [], async () => ok({ requestIds: ['req-4'] })),
    ];
    const existing: StepRecord[] = [
      {
        ...recordFor(definitions[0]!),
        status: 'running',
        startedAt: T0.toISOString(),
        requestIds: ['req-1'],
      },
      {
        ...recordFor(definitions[1]!),
        status: 'failed',
        requestIds: ['req-3'],
        error: { code: 'X', message: 'y' },
      },
    ];
    const records = byId(await h.run(definitions, existing));
    expect(h.started.sort()).toEqual(['crashed', 'failed-before']);
    expect(records.get('crashed')).toMatchObject({ status: 'done', requestIds: ['req-1', 'req-2'] });
    expect(records.get('failed-before')).toMatchObject({ status: 'done', requestIds: ['req-3', 'req-4'] });
    expect(records.get('failed-before')?.error).toBeUndefined();
  });

  // A re-run step keeps the `before` its first attempt observed: the retry may see a half-done state, and restore
  // relies on `before`.
  it('keeps the before state a failed attempt observed when the step is run again', async () => {
    const h = harness();
    const definition = h.step('eni', [], async () => ok({ before: { groups: ['sg-untrack'] } }));
    const existing: StepRecord[] = [
      {
        ...recordFor(definition),
        status: 'failed',
        requestIds: ['req-1'],
        before: { groups: ['sg-original'] },
      },
    ];
    const [record] = await h.run([definition], existing);
    expect(record?.before).toEqual({ groups: ['sg-original'] });
  });

  it('records a step that throws as failed with code INTERNAL, and blocks its dependents', async () => {
    const h = harness();
    const records = byId(
      await h.run([
        h.step('buggy', [], async () => {
          throw new Error('undefined is not a function');
        }),
        h.step('next', ['buggy'], async () => ok()),
      ]),
    );
    expect(records.get('buggy')).toMatchObject({
      status: 'failed',
      error: { code: 'INTERNAL', message: 'undefined is not a function' },
    });
    expect(records.get('next')?.status).toBe('pending');
    expect(h.started).toEqual(['buggy']);
  });

  it('persists running, then the final state, for every step, in that order', async () => {
    const h = harness();
    const a = deferred<StepOutcome>();
    const running = h.run([
      h.step('a', [], () => a.promise),
      h.step('b', [], async () =>
        ok({ requestIds: ['req-b'], before: { groups: ['sg-1'] }, after: { groups: ['sg-iso'] } }),
      ),
      h.step('c', ['a'], async () => ({ status: 'skipped', requestIds: [], note: 'planned' })),
    ]);
    await settle();
    a.resolve(ok());
    const records = await running;
    for (const id of ['a', 'b', 'c']) {
      const transitions = h.persisted.filter((step) => step.id === id);
      expect(transitions.map((step) => step.status)).toEqual(['running', id === 'c' ? 'skipped' : 'done']);
      expect(transitions[0]?.startedAt).toBeDefined();
      expect(transitions[0]?.finishedAt).toBeUndefined();
      expect(transitions[1]?.finishedAt).toBeDefined();
      expect(Date.parse(transitions[1]!.finishedAt!)).toBeGreaterThan(Date.parse(transitions[1]!.startedAt!));
    }
    // c could only start once a's final state was persisted.
    const order = h.persisted.map((step) => `${step.id}:${step.status}`);
    expect(order.indexOf('c:running')).toBeGreaterThan(order.indexOf('a:done'));
    expect(byId(records).get('b')).toMatchObject({
      requestIds: ['req-b'],
      before: { groups: ['sg-1'] },
      after: { groups: ['sg-iso'] },
    });
  });

  it('returns the records in the order of the definitions', async () => {
    const h = harness();
    const late = deferred<StepOutcome>();
    const running = h.run([h.step('first', [], () => late.promise), h.step('second', [], async () => ok())]);
    await settle();
    late.resolve(ok());
    expect((await running).map((record) => record.id)).toEqual(['first', 'second']);
  });
});
