import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import { ACTION_RECORD_KIND, type ActionRecord, type ActionTarget } from '../../src/contain/action.js';
import {
  type ActionProgress,
  type ConfirmResult,
  type ContainmentSettings,
  createContainmentService,
} from '../../src/contain/actions.js';
import type { ContainmentKind, PreparedPlan } from '../../src/contain/kind.js';
import type { StepContext, StepDefinition, StepOutcome } from '../../src/contain/step.js';
import { FirebreakError } from '../../src/errors.js';
import type { RecordEvent } from '../../src/incident/audit.js';
import type { Incident } from '../../src/incident/incident.js';
import { createMemoryStore } from '../../src/incident/memory-store.js';
import { createIncidentService } from '../../src/incident/service.js';
import type { IncidentStore } from '../../src/incident/store.js';
import type { TimelineEvent } from '../../src/incident/timeline.js';

const T0 = new Date('2026-11-26T08:10:00.000Z');
const TARGET: ActionTarget = {
  account: '123456789012',
  region: 'eu-west-1',
  resourceId: 'i-0abc1234def567890',
};
const REQUESTER = 'U0REQUESTER';
const APPROVER = 'U0APPROVER';
const OUTSIDER = 'U0OUTSIDER';

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'INC-1',
    title: 'prod-web-high-cpu',
    severity: 2,
    status: 'open',
    resources: [{ kind: 'InstanceId', id: TARGET.resourceId }],
    alarmCount: 1,
    channel: 'C0INCIDENTS',
    cardTs: '1700000000.000100',
    declaredAt: '2026-11-26T08:06:00.000Z',
    declaredBy: 'system',
    ...overrides,
  };
}

type StepBehaviour = (context: StepContext) => Promise<StepOutcome>;

const done = (extra: Partial<StepOutcome> = {}): StepOutcome => ({
  status: 'done',
  requestIds: ['req-1'],
  ...extra,
});
const failed: StepOutcome = {
  status: 'failed',
  requestIds: ['req-x'],
  error: { code: 'UnauthorizedOperation', message: 'no' },
};

/**
 * A containment kind whose AWS is a few variables: the plan hash `prepare` returns, an optional refusal, and what
 * each step does. Every run of a step is recorded with its mode.
 */
function fakeKind() {
  const state = {
    planHash: 'hash-1',
    refusal: undefined as PreparedPlan['refusal'],
    behaviour: {} as Record<string, StepBehaviour>,
    ran: [] as Array<{ id: string; dryRun: boolean; actor: string }>,
    prepared: 0,
    /** When set, prepare answers that the target lives in this account (unless it is already planned there). */
    elsewhere: undefined as string | undefined,
    preparedIn: [] as (string | undefined)[],
  };
  const definition = (id: string, critical: boolean, dependsOn: string[]): StepDefinition => ({
    id,
    title: `Step ${id}`,
    critical,
    dependsOn,
    async run(context) {
      state.ran.push({ id, dryRun: context.dryRun, actor: context.actor });
      const behaviour = state.behaviour[id];
      if (behaviour) return behaviour(context);
      return context.dryRun ? { status: 'skipped', requestIds: [], note: 'dry run: would succeed' } : done();
    },
  });
  const kind: ContainmentKind = {
    kind: 'isolate',
    verb: 'Isolate',
    async prepare(_clients, target) {
      state.prepared += 1;
      state.preparedIn.push(target.account);
      return {
        ...(state.elsewhere && state.elsewhere !== target.account
          ? { retarget: { account: state.elsewhere } }
          : {}),
        ...(state.refusal ? { refusal: state.refusal } : {}),
        plan: { instance: target.resourceId, hash: state.planHash },
        planHash: state.planHash,
        preview: { lines: [`• plan ${state.planHash}`], warnings: [] },
      };
    },
    steps: () => [
      definition('cut-1', true, []),
      definition('cut-2', true, []),
      definition('verify', true, ['cut-1', 'cut-2']),
      definition('snapshot', false, []),
    ],
    async restoreSteps() {
      return [definition('restore-1', true, []), definition('restore-2', true, [])];
    },
  };
  return { kind, state };
}

interface Setup {
  store: IncidentStore;
  service: ReturnType<typeof createContainmentService>;
  state: ReturnType<typeof fakeKind>['state'];
  settings: ContainmentSettings;
  responders: Set<string>;
  progress: {
    checklist: ReturnType<typeof vi.fn>;
    approvalRequested: ReturnType<typeof vi.fn>;
    interrupted: ReturnType<typeof vi.fn>;
  };
  record: ReturnType<typeof vi.fn<RecordEvent>>;
  timeline(): Promise<TimelineEvent[]>;
  preview(): Promise<ActionRecord>;
}

async function setup(
  options: { store?: IncidentStore; settings?: Partial<ContainmentSettings> } = {},
): Promise<Setup> {
  const store = options.store ?? createMemoryStore();
  await store.create(incident());
  const record = vi.fn<RecordEvent>((id, event) => store.appendTimeline(id, event));
  const now = () => new Date();
  const incidents = createIncidentService({
    store,
    record,
    now,
    changed: () => {},
    newIncidentId: async () => `INC-${(await store.nextSequence('incident')) + 1}`,
  });
  const { kind, state } = fakeKind();
  const settings: ContainmentSettings = {
    enabled: true,
    dryRun: false,
    allowMemoryStore: true,
    approval: [],
    ...options.settings,
  };
  const responders = new Set([REQUESTER, APPROVER]);
  const progress = {
    checklist: vi.fn<ActionProgress['checklist']>(),
    approvalRequested: vi.fn<ActionProgress['approvalRequested']>(async () => {}),
    interrupted: vi.fn<ActionProgress['interrupted']>(async () => {}),
  };
  const service = createContainmentService({
    store,
    record,
    incidents,
    kinds: { isolate: kind },
    clientsFor: (target) => ({ region: target.region, account: target.account }) as unknown as AwsClients,
    isResponder: async (userId) => responders.has(userId),
    settings,
    progress,
    now,
    newActionId: async () => `ACT-${await store.nextSequence('action')}`,
    owner: 'test-owner',
    logger: pino({ level: 'silent' }),
  });
  return {
    store,
    service,
    state,
    settings,
    responders,
    progress,
    record,
    timeline: () => store.timeline('INC-1'),
    preview: () =>
      service.preview('isolate', {
        incidentId: 'INC-1',
        target: TARGET,
        reason: 'crypto miner',
        requestedBy: REQUESTER,
      }),
  };
}

async function rejection(promise: Promise<unknown>): Promise<FirebreakError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FirebreakError);
  return error as FirebreakError;
}

const denials = (events: TimelineEvent[]) => events.filter((event) => event.type === 'denied');
const actionStages = (events: TimelineEvent[]) =>
  events.flatMap((event) => (event.type === 'action' ? [event.stage] : []));

/** Lets the background execution take its next steps without waiting for it to finish. */
const flush = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('preview', () => {
  it('persists a previewed record and records an action event', async () => {
    const s = await setup();
    const record = await s.preview();
    expect(record).toMatchObject({
      id: 'ACT-1',
      kind: 'isolate',
      incidentId: 'INC-1',
      target: TARGET,
      reason: 'crypto miner',
      planHash: 'hash-1',
      requestedBy: REQUESTER,
      requestedAt: T0.toISOString(),
      phase: 'previewed',
      steps: [],
      restoreSteps: [],
    });
    expect(await s.service.get('ACT-1')).toEqual(record);
    expect(await s.timeline()).toEqual([
      expect.objectContaining({
        type: 'action',
        stage: 'previewed',
        actionId: 'ACT-1',
        actor: REQUESTER,
        at: T0.toISOString(),
      }),
    ]);
    expect(s.state.ran).toEqual([]);
  });

  it('turns a refusal into a FirebreakError with its code, records the denial, and stores nothing', async () => {
    const s = await setup();
    s.state.refusal = { code: 'PROTECTED', message: 'i-0abc is tagged firebreak:protected.' };
    const error = await rejection(s.preview());
    expect(error.code).toBe('PROTECTED');
    expect(error.message).toContain('firebreak:protected');
    expect(denials(await s.timeline())).toEqual([
      expect.objectContaining({
        actor: REQUESTER,
        reason: 'PROTECTED',
        attempted: `isolate ${TARGET.resourceId}`,
      }),
    ]);
    expect(await s.store.listRecords(ACTION_RECORD_KIND)).toEqual([]);
  });

  it('fails with ACTION_NOT_FOUND for an unknown id', async () => {
    const s = await setup();
    expect((await rejection(s.service.get('ACT-404'))).code).toBe('ACTION_NOT_FOUND');
  });
});

describe('confirm: who and when', () => {
  it('refuses a non-responder, records the denial, and runs nothing', async () => {
    const s = await setup();
    const { id } = await s.preview();
    const error = await rejection(s.service.confirm(id, OUTSIDER, { dryRun: false }));
    expect(error.code).toBe('NOT_A_RESPONDER');
    expect(denials(await s.timeline())).toEqual([
      expect.objectContaining({ actor: OUTSIDER, reason: 'NOT_A_RESPONDER' }),
    ]);
    // A dry run is refused too: it reads AWS on the responder's behalf.
    expect((await rejection(s.service.confirm(id, OUTSIDER, { dryRun: true }))).code).toBe('NOT_A_RESPONDER');
    await s.service.idle();
    expect(s.state.ran).toEqual([]);
    expect((await s.service.get(id)).phase).toBe('previewed');
  });

  it('refuses with CONTAINMENT_FROZEN when FIREBREAK_CONTAINMENT=off, but still allows a dry run', async () => {
    const s = await setup({ settings: { enabled: false } });
    const { id } = await s.preview();
    expect((await rejection(s.service.confirm(id, REQUESTER, { dryRun: false }))).code).toBe(
      'CONTAINMENT_FROZEN',
    );
    expect(denials(await s.timeline())).toEqual([expect.objectContaining({ reason: 'CONTAINMENT_FROZEN' })]);
    expect(s.state.ran).toEqual([]);
    const dry = await s.service.confirm(id, REQUESTER, { dryRun: true });
    expect(dry.kind).toBe('started');
    await s.service.idle();
    expect(s.state.ran.every((run) => run.dryRun)).toBe(true);
    expect(s.state.ran.length).toBeGreaterThan(0);
  });

  it('refuses with CONTAINMENT_FROZEN after setFrozen(true), until unfrozen; resume and restore too', async () => {
    const s = await setup();
    const { id } = await s.preview();
    await s.service.setFrozen(true, 'U0ADMIN', 'INC-1');
    expect(await s.service.isFrozen()).toBe(true);
    expect((await s.timeline()).find((event) => event.type === 'containment-frozen')).toMatchObject({
      actor: 'U0ADMIN',
      frozen: true,
    });
    expect((await rejection(s.service.confirm(id, REQUESTER, { dryRun: false }))).code).toBe(
      'CONTAINMENT_FROZEN',
    );
    expect((await rejection(s.service.resume(id, REQUESTER))).code).toBe('CONTAINMENT_FROZEN');
    expect((await rejection(s.service.restore(id, REQUESTER))).code).toBe('CONTAINMENT_FROZEN');
    expect(s.state.ran).toEqual([]);
    expect((await s.service.confirm(id, REQUESTER, { dryRun: true })).kind).toBe('started');
    await s.service.idle();
    await s.service.setFrozen(false, 'U0ADMIN');
    expect(await s.service.isFrozen()).toBe(false);
    expect((await s.service.confirm(id, REQUESTER, { dryRun: false })).kind).toBe('started');
    await s.service.idle();
    expect((await s.service.get(id)).phase).toBe('finished');
  });

  it('refuses with MEMORY_STORE on the in-memory store unless allowed, but still allows a dry run', async () => {
    const s = await setup({ settings: { allowMemoryStore: false } });
    const { id } = await s.preview();
    const error = await rejection(s.service.confirm(id, REQUESTER, { dryRun: false }));
    expect(error.code).toBe('MEMORY_STORE');
    expect(error.message).toContain('FIREBREAK_ALLOW_MEMORY_STORE');
    expect(denials(await s.timeline())).toEqual([expect.objectContaining({ reason: 'MEMORY_STORE' })]);
    expect((await s.service.confirm(id, REQUESTER, { dryRun: true })).kind).toBe('started');
    await s.service.idle();
    expect(s.state.ran.every((run) => run.dryRun)).toBe(true);
  });

  it('refuses when the fresh read of AWS refuses, and runs nothing', async () => {
    const s = await setup();
    const { id } = await s.preview();
    s.state.refusal = { code: 'TERMINATED', message: 'The instance is terminated.' };
    expect((await rejection(s.service.confirm(id, REQUESTER, { dryRun: false }))).code).toBe('TERMINATED');
    expect(s.state.ran).toEqual([]);
  });
});

describe('confirm: the plan', () => {
  it('shows a fresh preview instead of acting when the plan hash changed, and acts on the next confirm', async () => {
    const s = await setup();
    const { id } = await s.preview();
    s.state.planHash = 'hash-2';
    const result = await s.service.confirm(id, REQUESTER, { dryRun: false });
    expect(result.kind).toBe('plan-changed');
    expect(result.record).toMatchObject({
      planHash: 'hash-2',
      plan: { hash: 'hash-2' },
      preview: { lines: ['• plan hash-2'] },
      phase: 'previewed',
    });
    expect(await s.service.get(id)).toEqual(result.record);
    expect(actionStages(await s.timeline())).toContain('plan-changed');
    await s.service.idle();
    expect(s.state.ran).toEqual([]);

    expect((await s.service.confirm(id, REQUESTER, { dryRun: false })).kind).toBe('started');
    await s.service.idle();
    expect(s.state.ran.map((run) => run.id).sort()).toEqual(['cut-1', 'cut-2', 'snapshot', 'verify']);
  });
});

describe('confirm: two-person rule', () => {
  it('waits for a second responder when the requester confirms, then runs once approved', async () => {
    const s = await setup({ settings: { approval: ['isolate'] } });
    const { id } = await s.preview();
    const first = await s.service.confirm(id, REQUESTER, { dryRun: false });
    expect(first.kind).toBe('awaiting-approval');
    expect(first.record.phase).toBe('awaiting-approval');
    expect(s.progress.approvalRequested).toHaveBeenCalledTimes(1);
    expect(s.progress.approvalRequested.mock.calls[0]![1]).toMatchObject({ id: 'INC-1' });
    expect(actionStages(await s.timeline())).toContain('approval-requested');

    const again = await s.service.confirm(id, REQUESTER, { dryRun: false });
    expect(again.kind).toBe('awaiting-approval');
    expect((await s.service.get(id)).approvedBy).toBeUndefined();
    await s.service.idle();
    expect(s.state.ran).toEqual([]);

    const approved = await s.service.confirm(id, APPROVER, { dryRun: false });
    expect(approved.kind).toBe('started');
    expect(approved.record).toMatchObject({
      approvedBy: APPROVER,
      approvedAt: T0.toISOString(),
      executedBy: APPROVER,
      phase: 'executing',
      lease: { owner: 'test-owner' },
    });
    await s.service.idle();
    expect(s.state.ran).toHaveLength(4);
    expect(await s.service.get(id)).toMatchObject({
      phase: 'finished',
      approvedBy: APPROVER,
      requestedBy: REQUESTER,
    });
  });

  it('lets the requester dry-run without an approval', async () => {
    const s = await setup({ settings: { approval: ['isolate'] } });
    const { id } = await s.preview();
    expect((await s.service.confirm(id, REQUESTER, { dryRun: true })).kind).toBe('started');
    await s.service.idle();
    expect(s.progress.approvalRequested).not.toHaveBeenCalled();
  });
});

describe('confirm: exactly once', () => {
  it('starts one execution out of 20 concurrent confirms; the others are told it is in progress or done', async () => {
    const s = await setup();
    const { id } = await s.preview();
    const users = Array.from({ length: 20 }, (_, i) => `U0RESP${i}`);
    for (const user of users) s.responders.add(user);
    const results = await Promise.allSettled(
      users.map((user) => s.service.confirm(id, user, { dryRun: false })),
    );
    await s.service.idle();
    const started = results.filter(
      (result): result is PromiseFulfilledResult<ConfirmResult> =>
        result.status === 'fulfilled' && result.value.kind === 'started',
    );
    expect(started).toHaveLength(1);
    const refused = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(refused).toHaveLength(19);
    for (const result of refused) {
      expect(result.reason).toBeInstanceOf(FirebreakError);
      expect(['ACTION_IN_PROGRESS', 'ACTION_DONE']).toContain((result.reason as FirebreakError).code);
    }
    expect(s.state.ran.map((run) => run.id).sort()).toEqual(['cut-1', 'cut-2', 'snapshot', 'verify']);
    expect(actionStages(await s.timeline()).filter((stage) => stage === 'started')).toHaveLength(1);
    // A late click is refused too.
    expect((await rejection(s.service.confirm(id, REQUESTER, { dryRun: false }))).code).toBe('ACTION_DONE');
  });
});

describe('execution', () => {
  it('finishes, records every step, releases the lease and sets the incident contained when every critical step held', async () => {
    const s = await setup();
    const { id } = await s.preview();
    const started = await s.service.confirm(id, REQUESTER, { dryRun: false });
    expect(started.record).toMatchObject({
      phase: 'executing',
      executedBy: REQUESTER,
      startedAt: T0.toISOString(),
    });
    expect(started.record.lease?.expiresAt).toBe(new Date(T0.getTime() + 30_000).toISOString());
    await s.service.idle();
    const record = await s.service.get(id);
    expect(record.phase).toBe('finished');
    expect(record.lease).toBeUndefined();
    expect(record.finishedAt).toBeDefined();
    expect(record.steps.map((step) => [step.id, step.status])).toEqual([
      ['cut-1', 'done'],
      ['cut-2', 'done'],
      ['verify', 'done'],
      ['snapshot', 'done'],
    ]);
    expect((await s.store.get('INC-1'))?.status).toBe('contained');
    const events = await s.timeline();
    expect(events.filter((event) => event.type === 'action' && event.stage === 'step')).toHaveLength(4);
    expect(events.find((event) => event.type === 'action' && event.stage === 'finished')).toMatchObject({
      status: 'contained',
      dryRun: false,
    });
    expect(events.find((event) => event.type === 'status')).toMatchObject({ from: 'open', to: 'contained' });
    // The checklist saw the run as it went and its final state.
    expect(s.progress.checklist.mock.calls.at(-1)![0]).toMatchObject({ phase: 'finished' });
    expect(s.state.ran.every((run) => run.actor === REQUESTER && !run.dryRun)).toBe(true);
  });

  it('keeps the contained outcome when only an evidence step failed', async () => {
    const s = await setup();
    s.state.behaviour.snapshot = async () => failed;
    const { id } = await s.preview();
    await s.service.confirm(id, REQUESTER, { dryRun: false });
    await s.service.idle();
    expect((await s.store.get('INC-1'))?.status).toBe('contained');
  });

  it('is partial when a critical step failed, leaves the incident open, and resume runs only the unfinished steps', async () => {
    const s = await setup();
    s.state.behaviour['cut-2'] = async () => failed;
    const { id } = await s.preview();
    await s.service.confirm(id, REQUESTER, { dryRun: false });
    await s.service.idle();
    const record = await s.service.get(id);
    expect(record.phase).toBe('finished');
    expect(Object.fromEntries(record.steps.map((step) => [step.id, step.status]))).toEqual({
      'cut-1': 'done',
      'cut-2': 'failed',
      verify: 'pending',
      snapshot: 'done',
    });
    expect(
      (await s.timeline()).find((event) => event.type === 'action' && event.stage === 'finished'),
    ).toMatchObject({
      status: 'partial',
    });
    expect((await s.store.get('INC-1'))?.status).toBe('open');

    delete s.state.behaviour['cut-2'];
    s.state.ran.length = 0;
    const resumed = await s.service.resume(id, APPROVER);
    expect(resumed).toMatchObject({ phase: 'executing', executedBy: APPROVER });
    await s.service.idle();
    expect(s.state.ran.map((run) => run.id)).toEqual(['cut-2', 'verify']);
    const after = await s.service.get(id);
    expect(after.steps.every((step) => step.status === 'done')).toBe(true);
    // The request ids of the failed attempt are kept with the retried step.
    expect(after.steps.find((step) => step.id === 'cut-2')?.requestIds).toEqual(['req-x', 'req-1']);
    expect((await s.store.get('INC-1'))?.status).toBe('contained');
    // Once contained there is nothing left to resume.
    expect((await rejection(s.service.resume(id, APPROVER))).code).toBe('ACTION_DONE');
  });

  it('refuses to resume an action that was never confirmed, and a non-responder', async () => {
    const s = await setup();
    const { id } = await s.preview();
    expect((await rejection(s.service.resume(id, REQUESTER))).code).toBe('ACTION_NOT_STARTED');
    expect((await rejection(s.service.resume(id, OUTSIDER))).code).toBe('NOT_A_RESPONDER');
  });

  it('does a dry run apart: dryRunSteps filled, steps empty, phase unchanged, the incident never contained', async () => {
    const s = await setup();
    const { id } = await s.preview();
    expect((await s.service.confirm(id, REQUESTER, { dryRun: true })).kind).toBe('started');
    await s.service.idle();
    const record = await s.service.get(id);
    expect(record.phase).toBe('previewed');
    expect(record.steps).toEqual([]);
    expect(record.lease).toBeUndefined();
    expect(record.dryRunSteps?.map((step) => step.status)).toEqual([
      'skipped',
      'skipped',
      'skipped',
      'skipped',
    ]);
    expect(s.state.ran.every((run) => run.dryRun)).toBe(true);
    expect((await s.store.get('INC-1'))?.status).toBe('open');
    expect(
      (await s.timeline()).find((event) => event.type === 'action' && event.stage === 'started'),
    ).toMatchObject({
      dryRun: true,
    });
    // A real run afterwards still runs every step.
    s.state.ran.length = 0;
    await s.service.confirm(id, REQUESTER, { dryRun: false });
    await s.service.idle();
    expect(s.state.ran.filter((run) => !run.dryRun)).toHaveLength(4);
  });

  it('turns every confirm into a dry run when FIREBREAK_DRY_RUN is set', async () => {
    const s = await setup({ settings: { dryRun: true } });
    const { id } = await s.preview();
    await s.service.confirm(id, REQUESTER, { dryRun: false });
    await s.service.idle();
    expect((await s.service.get(id)).steps).toEqual([]);
    expect(s.state.ran.every((run) => run.dryRun)).toBe(true);
    expect((await s.store.get('INC-1'))?.status).toBe('open');
  });

  it('renews its lease while a step runs', async () => {
    const s = await setup();
    let release!: () => void;
    s.state.behaviour.verify = () => new Promise((resolve) => (release = () => resolve(done())));
    const { id } = await s.preview();
    await s.service.confirm(id, REQUESTER, { dryRun: false });
    await flush();
    await vi.advanceTimersByTimeAsync(60_000);
    const live = await s.service.get(id);
    expect(live.phase).toBe('executing');
    expect(Date.parse(live.lease!.expiresAt)).toBeGreaterThan(Date.now());
    release();
    await s.service.idle();
    expect((await s.service.get(id)).phase).toBe('finished');
  });

  // A dry run writes only its own results, so a real run confirmed meanwhile is never overwritten and run twice.
  it('does not let a dry run still going overwrite a real run', async () => {
    const s = await setup();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    s.state.behaviour.snapshot = async (context) => {
      if (context.dryRun) await gate;
      return context.dryRun ? { status: 'skipped', requestIds: [] } : done();
    };
    const { id } = await s.preview();
    await s.service.confirm(id, REQUESTER, { dryRun: true });
    await flush();
    await s.service.confirm(id, APPROVER, { dryRun: false });
    for (let i = 0; i < 10; i++) await flush();
    release();
    await s.service.idle();
    const record = await s.service.get(id);
    expect(record.phase).toBe('finished');
    expect(record.steps).toHaveLength(4);
  });
});

describe('restore', () => {
  async function contained(s: Setup): Promise<string> {
    const { id } = await s.preview();
    await s.service.confirm(id, REQUESTER, { dryRun: false });
    await s.service.idle();
    s.state.ran.length = 0;
    return id;
  }

  it('runs the restore steps and ends restored', async () => {
    const s = await setup();
    const id = await contained(s);
    const started = await s.service.restore(id, APPROVER);
    expect(started).toMatchObject({
      phase: 'restoring',
      restoredBy: APPROVER,
      lease: { owner: 'test-owner' },
    });
    await s.service.idle();
    expect(s.state.ran.map((run) => run.id)).toEqual(['restore-1', 'restore-2']);
    const record = await s.service.get(id);
    expect(record.phase).toBe('restored');
    expect(record.restoreSteps.map((step) => step.status)).toEqual(['done', 'done']);
    expect(record.steps.every((step) => step.status === 'done')).toBe(true);
    expect(record.lease).toBeUndefined();
    expect(actionStages(await s.timeline())).toEqual(expect.arrayContaining(['restore-started', 'restored']));
    expect((await rejection(s.service.restore(id, APPROVER))).code).toBe('ACTION_DONE');
    expect((await rejection(s.service.confirm(id, APPROVER, { dryRun: false }))).code).toBe('ACTION_DONE');
  });

  it('refuses NOTHING_TO_RESTORE for an action that never ran, even after a dry run', async () => {
    const s = await setup();
    const { id } = await s.preview();
    expect((await rejection(s.service.restore(id, REQUESTER))).code).toBe('NOTHING_TO_RESTORE');
    await s.service.confirm(id, REQUESTER, { dryRun: true });
    await s.service.idle();
    expect((await rejection(s.service.restore(id, REQUESTER))).code).toBe('NOTHING_TO_RESTORE');
  });

  it('refuses a non-responder', async () => {
    const s = await setup();
    const id = await contained(s);
    expect((await rejection(s.service.restore(id, OUTSIDER))).code).toBe('NOT_A_RESPONDER');
    expect(s.state.ran).toEqual([]);
  });

  it('retries only the restore steps that did not hold', async () => {
    const s = await setup();
    const id = await contained(s);
    s.state.behaviour['restore-2'] = async () => failed;
    await s.service.restore(id, APPROVER);
    await s.service.idle();
    expect((await s.service.get(id)).phase).toBe('restore-incomplete');
    delete s.state.behaviour['restore-2'];
    s.state.ran.length = 0;
    await s.service.restore(id, APPROVER);
    await s.service.idle();
    expect(s.state.ran.map((run) => run.id)).toEqual(['restore-2']);
    expect((await s.service.get(id)).phase).toBe('restored');
  });

  // A restore that did not fully hold ends in restore-incomplete; the old preview must not run containment again.
  it('refuses to confirm again an action whose restore did not fully hold', async () => {
    const s = await setup();
    const id = await contained(s);
    s.state.behaviour['restore-2'] = async () => failed;
    await s.service.restore(id, APPROVER);
    await s.service.idle();
    s.state.ran.length = 0;
    const result = await s.service.confirm(id, REQUESTER, { dryRun: false }).catch((error: unknown) => error);
    await s.service.idle();
    expect(s.state.ran).toEqual([]);
    expect(result).toBeInstanceOf(FirebreakError);
  });

  // Only a run that still holds a lease was interrupted; a finished restore that failed is not offered Resume.
  it('does not offer a finished but failed restore as interrupted', async () => {
    const s = await setup();
    const id = await contained(s);
    s.state.behaviour['restore-2'] = async () => failed;
    await s.service.restore(id, APPROVER);
    await s.service.idle();
    expect(await s.service.reconcile()).toBe(0);
  });
});

describe('reconcile', () => {
  async function putExecuting(
    s: Setup,
    id: string,
    owner: string,
    expiresInMs: number,
  ): Promise<ActionRecord> {
    const { id: previewed } = await s.preview();
    const record: ActionRecord = {
      ...(await s.service.get(previewed)),
      id,
      phase: 'executing',
      executedBy: REQUESTER,
      lease: { owner, expiresAt: new Date(Date.now() + expiresInMs).toISOString() },
      steps: [
        {
          id: 'cut-1',
          title: 'Step cut-1',
          critical: true,
          dependsOn: [],
          status: 'running',
          requestIds: [],
        },
      ],
    };
    await s.store.putRecord(ACTION_RECORD_KIND, id, record);
    return record;
  }

  it('offers Resume for an action whose lease, held by another process, has expired', async () => {
    const s = await setup();
    await putExecuting(s, 'ACT-90', 'dead-process', 5_000);
    expect(await s.service.reconcile()).toBe(1);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(s.progress.interrupted).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(s.progress.interrupted).toHaveBeenCalledTimes(1);
    expect(s.progress.interrupted.mock.calls[0]![0]).toMatchObject({ id: 'ACT-90', phase: 'executing' });
    expect(s.progress.interrupted.mock.calls[0]![1]).toMatchObject({ id: 'INC-1' });
  });

  it('does not offer an action whose lease another replica renewed meanwhile', async () => {
    const s = await setup();
    const record = await putExecuting(s, 'ACT-91', 'other-replica', 1_000);
    expect(await s.service.reconcile()).toBe(1);
    await s.store.putRecord(ACTION_RECORD_KIND, record.id, {
      ...record,
      lease: { owner: 'other-replica', expiresAt: new Date(Date.now() + 60_000).toISOString() },
    });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(s.progress.interrupted).not.toHaveBeenCalled();
  });

  it('ignores its own leases and actions that are not running', async () => {
    const s = await setup();
    await putExecuting(s, 'ACT-92', 'test-owner', -1_000);
    expect(await s.service.reconcile()).toBe(0);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(s.progress.interrupted).not.toHaveBeenCalled();
  });

  it('lets Resume take over an expired lease and finish the run', async () => {
    const s = await setup();
    await putExecuting(s, 'ACT-93', 'dead-process', -1);
    await s.service.resume('ACT-93', APPROVER);
    await s.service.idle();
    expect((await s.service.get('ACT-93')).phase).toBe('finished');
    expect(s.state.ran.map((run) => run.id).sort()).toEqual(['cut-1', 'cut-2', 'snapshot', 'verify']);
  });

  it('refuses to resume an action whose lease is still live', async () => {
    const s = await setup();
    await putExecuting(s, 'ACT-94', 'other-replica', 20_000);
    expect((await rejection(s.service.resume('ACT-94', APPROVER))).code).toBe('ACTION_IN_PROGRESS');
  });
});

describe('latestFor', () => {
  it('picks the newest action on the resource that has steps', async () => {
    const s = await setup();
    const older = await s.preview();
    await s.service.confirm(older.id, REQUESTER, { dryRun: false });
    await s.service.idle();
    vi.setSystemTime(new Date(T0.getTime() + 60_000));
    const newer = await s.preview();
    await s.service.confirm(newer.id, REQUESTER, { dryRun: false });
    await s.service.idle();
    vi.setSystemTime(new Date(T0.getTime() + 120_000));
    await s.preview(); // previewed only: nothing to restore there
    await s.service.preview('isolate', {
      incidentId: 'INC-1',
      target: { ...TARGET, resourceId: 'i-0fff1234def567890' },
      requestedBy: REQUESTER,
    });
    expect((await s.service.latestFor('isolate', TARGET.resourceId))?.id).toBe(newer.id);
    expect(await s.service.latestFor('isolate', 'i-0fff1234def567890')).toBeUndefined();
    expect(await s.service.latestFor('revoke', TARGET.resourceId)).toBeUndefined();
  });
});

describe('re-targeting to the account that owns the target', () => {
  it('prepares again in the account the kind names, and records the action there', async () => {
    const s = await setup();
    s.state.elsewhere = '210987654321';
    const record = await s.preview();
    expect(s.state.preparedIn).toEqual(['123456789012', '210987654321']);
    expect(record.target.account).toBe('210987654321');
  });
});
