import type { AwsClients } from '../aws/clients.js';
import { FirebreakError } from '../errors.js';
import type { RecordEvent } from '../incident/audit.js';
import type { Incident } from '../incident/incident.js';
import type { IncidentService } from '../incident/service.js';
import type { IncidentStore } from '../incident/store.js';
import type { TimelineEvent } from '../incident/timeline.js';
import type { Logger } from '../log.js';
import {
  ACTION_RECORD_KIND,
  type ActionKind,
  type ActionRecord,
  type ActionTarget,
  leaseExpired,
  outcomeOf,
} from './action.js';
import type { ContainmentKind } from './kind.js';
import { runSteps } from './runner.js';
import type { StepRecord } from './step.js';

/** How the action framework tells people what is happening; implemented over Slack in progress.ts. */
export interface ActionProgress {
  /** The live checklist in the incident's thread; called on every step change, coalesced by the implementation. */
  checklist(record: ActionRecord, incident: Incident): void;
  approvalRequested(record: ActionRecord, incident: Incident): Promise<void>;
  interrupted(record: ActionRecord, incident: Incident): Promise<void>;
}

export interface ContainmentSettings {
  enabled: boolean;
  dryRun: boolean;
  allowMemoryStore: boolean;
  approval: readonly ActionKind[];
}

export interface ContainmentDeps {
  store: IncidentStore;
  record: RecordEvent;
  incidents: IncidentService;
  kinds: Partial<Record<ActionKind, ContainmentKind>>;
  /** May load the AWS SDK on first use, which is why it may be asynchronous. */
  clientsFor(target: Pick<ActionTarget, 'account' | 'region'>): AwsClients | Promise<AwsClients>;
  isResponder(userId: string): Promise<boolean>;
  settings: ContainmentSettings;
  progress: ActionProgress;
  now: () => Date;
  newActionId: () => Promise<string>;
  /** Identifies this process in leases, so a restarted process can tell its predecessor's leases apart. */
  owner: string;
  logger: Logger;
  leaseMs?: number;
}

export type ConfirmResult =
  | { kind: 'started'; record: ActionRecord }
  | { kind: 'awaiting-approval'; record: ActionRecord }
  | { kind: 'plan-changed'; record: ActionRecord };

const FREEZE_RECORD = { kind: 'settings', id: 'containment' } as const;

export interface ContainmentService {
  preview(
    kind: ActionKind,
    request: { incidentId: string; target: ActionTarget; reason?: string; requestedBy: string },
  ): Promise<ActionRecord>;
  /** Confirm (or dry-run) a previewed action: authorized, exactly once, against a fresh read of AWS. */
  confirm(
    actionId: string,
    userId: string,
    options: { dryRun: boolean; extras?: string[] },
  ): Promise<ConfirmResult>;
  resume(actionId: string, userId: string): Promise<ActionRecord>;
  restore(actionId: string, userId: string): Promise<ActionRecord>;
  get(actionId: string): Promise<ActionRecord>;
  /** The latest action of a kind on a resource (for `/ir restore <resource>`). */
  latestFor(kind: ActionKind, resourceId: string): Promise<ActionRecord | undefined>;
  setFrozen(frozen: boolean, userId: string, incidentId?: string): Promise<void>;
  isFrozen(): Promise<boolean>;
  /** At start-up: actions whose lease expired mid-run get Resume and Restore buttons in their thread. */
  reconcile(): Promise<number>;
  /** Resolves when no action started by this process is still running (shutdown). */
  idle(): Promise<void>;
}

export function createContainmentService(deps: ContainmentDeps): ContainmentService {
  const leaseMs = deps.leaseMs ?? 30_000;
  const running = new Set<Promise<unknown>>();
  const saves = new Map<string, Promise<unknown>>();

  const iso = () => deps.now().toISOString();

  async function load(actionId: string): Promise<ActionRecord> {
    const record = await deps.store.getRecord<ActionRecord>(ACTION_RECORD_KIND, actionId);
    if (!record) throw new FirebreakError('ACTION_NOT_FOUND', `There is no containment action ${actionId}.`);
    return record;
  }

  /** One writer per action (the lease holder); its writes are serialised so none overtakes another. */
  function save(record: ActionRecord): Promise<void> {
    const previous = saves.get(record.id) ?? Promise.resolve();
    const next = previous
      .catch(() => {})
      .then(() => deps.store.putRecord(ACTION_RECORD_KIND, record.id, record));
    saves.set(record.id, next);
    return next;
  }

  /**
   * Read-modify-write under the action's lock: a run, a dry run, a heartbeat and a click may all write the same
   * record, and each changes only its own fields, so none can overwrite another's.
   */
  function mutate(actionId: string, change: (record: ActionRecord) => ActionRecord): Promise<ActionRecord> {
    return deps.store.withLock(`action:${actionId}`, { leaseMs: 10_000, waitMs: 10_000 }, async () => {
      const next = change(await load(actionId));
      await save(next);
      return next;
    });
  }

  function kindOf(record: Pick<ActionRecord, 'kind'>): ContainmentKind {
    const kind = deps.kinds[record.kind];
    if (!kind)
      throw new FirebreakError('ACTION_KIND_UNAVAILABLE', `${record.kind} is not available in this build.`);
    return kind;
  }

  const targetLabel = (record: ActionRecord) =>
    `${record.target.resourceId} (${record.target.account ?? 'default account'}, ${record.target.region})`;

  function actionEvent(
    record: ActionRecord,
    actor: string,
    stage: Extract<TimelineEvent, { type: 'action' }>['stage'],
    extra: Partial<Extract<TimelineEvent, { type: 'action' }>> = {},
  ): TimelineEvent {
    return {
      type: 'action',
      at: iso(),
      actor,
      actionId: record.id,
      kind: record.kind,
      target: targetLabel(record),
      stage,
      ...extra,
    };
  }

  async function deny(
    incidentId: string,
    userId: string,
    attempted: string,
    error: FirebreakError,
  ): Promise<never> {
    await deps.record(incidentId, {
      type: 'denied',
      at: iso(),
      actor: userId,
      attempted,
      reason: error.code,
    });
    throw error;
  }

  async function authorize(record: ActionRecord, userId: string, attempted: string): Promise<void> {
    if (!(await deps.isResponder(userId))) {
      await deny(
        record.incidentId,
        userId,
        attempted,
        new FirebreakError(
          'NOT_A_RESPONDER',
          `Only responders may ${attempted} (FIREBREAK_RESPONDERS). Your attempt was recorded on ${record.incidentId}'s timeline.`,
        ),
      );
    }
  }

  async function guardMutation(
    record: ActionRecord,
    userId: string,
    attempted: string,
    dryRun: boolean,
  ): Promise<void> {
    if (dryRun) return;
    if (!deps.settings.enabled || (await isFrozen())) {
      await deny(
        record.incidentId,
        userId,
        attempted,
        new FirebreakError(
          'CONTAINMENT_FROZEN',
          'Containment is switched off (FIREBREAK_CONTAINMENT=off or /ir freeze). Previews and dry runs still work.',
        ),
      );
    }
    if (deps.store.kind === 'memory' && !deps.settings.allowMemoryStore) {
      await deny(
        record.incidentId,
        userId,
        attempted,
        new FirebreakError(
          'MEMORY_STORE',
          'Containment needs a durable store (REDIS_URL): an action interrupted on the in-memory store could not be resumed or restored. Set FIREBREAK_ALLOW_MEMORY_STORE=true to accept that.',
        ),
      );
    }
  }

  async function isFrozen(): Promise<boolean> {
    const flag = await deps.store.getRecord<{ frozen: boolean }>(FREEZE_RECORD.kind, FREEZE_RECORD.id);
    return flag?.frozen === true;
  }

  /** Takes the action for this process, atomically: two clicks, two people or two replicas get one execution. */
  async function claim(
    actionId: string,
    check: (record: ActionRecord) => ActionRecord,
  ): Promise<ActionRecord> {
    return deps.store.withLock(`action:${actionId}`, { leaseMs: 10_000, waitMs: 3_000 }, async () => {
      const record = check(await load(actionId));
      await save(record);
      return record;
    });
  }

  function busyOrDone(record: ActionRecord): FirebreakError | undefined {
    if ((record.phase === 'executing' || record.phase === 'restoring') && !leaseExpired(record, deps.now())) {
      return new FirebreakError(
        'ACTION_IN_PROGRESS',
        `${record.id} is already in progress (started by <@${record.executedBy}>).`,
      );
    }
    if (record.phase === 'finished' || record.phase === 'restored') {
      const by = record.phase === 'restored' ? record.restoredBy : record.executedBy;
      return new FirebreakError(
        'ACTION_DONE',
        `${record.id} was already ${record.phase === 'restored' ? 'restored' : 'done'} by <@${by}>.`,
      );
    }
    if (record.phase === 'cancelled')
      return new FirebreakError('ACTION_CANCELLED', `${record.id} was cancelled.`);
    return undefined;
  }

  async function incidentOf(record: ActionRecord): Promise<Incident> {
    return deps.incidents.get(record.incidentId);
  }

  function track<T>(work: Promise<T>): Promise<T> {
    running.add(work);
    work.finally(() => running.delete(work)).catch(() => {});
    return work;
  }

  async function execute(
    start: ActionRecord,
    actor: string,
    mode: 'run' | 'dry-run' | 'restore',
  ): Promise<ActionRecord> {
    const kind = kindOf(start);
    const clients = await deps.clientsFor(start.target);
    const incident = await incidentOf(start);
    let record = start;
    const field = mode === 'restore' ? 'restoreSteps' : mode === 'dry-run' ? 'dryRunSteps' : 'steps';
    const definitions =
      mode === 'restore' ? await kind.restoreSteps(clients, record) : await kind.steps(clients, record);
    const heartbeat =
      mode === 'dry-run'
        ? undefined
        : setInterval(() => {
            const lease = {
              owner: deps.owner,
              expiresAt: new Date(deps.now().getTime() + leaseMs).toISOString(),
            };
            void mutate(record.id, (latest) => ({ ...latest, lease })).catch((error: unknown) =>
              deps.logger.warn({ err: error, action: record.id }, 'could not renew an action lease'),
            );
          }, leaseMs / 3);
    try {
      const steps = await runSteps(
        definitions,
        mode === 'dry-run' ? [] : (record[field] ?? []),
        {
          dryRun: mode === 'dry-run',
          incidentId: record.incidentId,
          actionId: record.id,
          actor,
          now: deps.now,
        },
        {
          now: deps.now,
          persist: async (step: StepRecord) => {
            const current = record[field] ?? [];
            const others = current.filter((existing) => existing.id !== step.id);
            const ordered = definitions.map((definition) =>
              definition.id === step.id
                ? step
                : (others.find((existing) => existing.id === definition.id) ?? {
                    id: definition.id,
                    title: definition.title,
                    critical: definition.critical,
                    dependsOn: definition.dependsOn,
                    status: 'pending' as const,
                    requestIds: [],
                  }),
            );
            record = await mutate(record.id, (latest) => ({ ...latest, [field]: ordered }));
            deps.progress.checklist(record, incident);
            if (step.status === 'done' || step.status === 'failed' || step.status === 'skipped') {
              await deps.record(
                record.incidentId,
                actionEvent(record, actor, 'step', {
                  dryRun: mode === 'dry-run',
                  stepId: step.id,
                  status: step.status,
                  requestIds: step.requestIds,
                  before: step.before,
                  after: step.after,
                  note: step.note,
                  error: step.error ? `${step.error.code}: ${step.error.message}` : undefined,
                }),
              );
            }
          },
        },
      );
      const outcome = outcomeOf(steps);
      // A dry run changes only its own results; a run or restore ends its phase and gives up its lease.
      record = await mutate(record.id, (latest) =>
        mode === 'dry-run'
          ? { ...latest, dryRunSteps: steps }
          : {
              ...latest,
              [field]: steps,
              phase:
                mode === 'run' ? 'finished' : outcome === 'contained' ? 'restored' : 'restore-incomplete',
              ...(mode === 'run' ? { finishedAt: iso() } : {}),
              lease: undefined,
            },
      );
      deps.progress.checklist(record, incident);
      await deps.record(
        record.incidentId,
        actionEvent(record, actor, mode === 'restore' ? 'restored' : 'finished', {
          dryRun: mode === 'dry-run',
          status: mode === 'restore' ? (outcome === 'contained' ? 'restored' : outcome) : outcome,
        }),
      );
      if (mode === 'run' && outcome === 'contained') {
        await deps.incidents.setStatus(record.incidentId, 'contained', actor).catch((error: unknown) => {
          deps.logger.info({ err: error, incident: record.incidentId }, 'incident status left as it was');
        });
      }
      return record;
    } finally {
      if (heartbeat) clearInterval(heartbeat);
    }
  }

  function startExecution(record: ActionRecord, actor: string, mode: 'run' | 'dry-run' | 'restore'): void {
    void track(
      execute(record, actor, mode).catch((error: unknown) =>
        deps.logger.error({ err: error, action: record.id }, 'containment action stopped unexpectedly'),
      ),
    );
  }

  const withLease = (record: ActionRecord): ActionRecord => ({
    ...record,
    lease: { owner: deps.owner, expiresAt: new Date(deps.now().getTime() + leaseMs).toISOString() },
  });

  return {
    async preview(kindName, request) {
      const kind = kindOf({ kind: kindName });
      let target = request.target;
      let prepared = await kind.prepare(await deps.clientsFor(target), target, {
        incidentId: request.incidentId,
      });
      // Once only: a second answer pointing elsewhere again would be a loop, and is refused as it stands.
      if (prepared.retarget && prepared.retarget.account !== target.account) {
        target = { ...target, account: prepared.retarget.account };
        prepared = await kind.prepare(await deps.clientsFor(target), target, {
          incidentId: request.incidentId,
        });
      }
      if (prepared.refusal) {
        await deny(
          request.incidentId,
          request.requestedBy,
          `${kindName} ${request.target.resourceId}`,
          new FirebreakError(prepared.refusal.code, prepared.refusal.message),
        );
      }
      const record: ActionRecord = {
        id: await deps.newActionId(),
        kind: kindName,
        incidentId: request.incidentId,
        target,
        reason: request.reason,
        plan: prepared.plan,
        planHash: prepared.planHash,
        preview: prepared.preview,
        requestedBy: request.requestedBy,
        requestedAt: iso(),
        phase: 'previewed',
        steps: [],
        restoreSteps: [],
      };
      await save(record);
      await deps.record(record.incidentId, actionEvent(record, request.requestedBy, 'previewed'));
      return record;
    },

    async confirm(actionId, userId, options) {
      const dryRun = options.dryRun || deps.settings.dryRun;
      const current = await load(actionId);
      const verb = `${current.kind} ${current.target.resourceId}`;
      await authorize(current, userId, dryRun ? `dry-run ${verb}` : verb);
      await guardMutation(current, userId, verb, dryRun);
      const needsApproval = !dryRun && deps.settings.approval.includes(current.kind);
      const offered = new Set((current.preview.extras ?? []).map((extra) => extra.id));
      const extras = options.extras ?? current.extras ?? [];
      const unknown = extras.find((extra) => !offered.has(extra));
      if (unknown) throw new FirebreakError('UNKNOWN_OPTION', `${current.id} does not offer "${unknown}".`);

      // Re-read AWS before acting: what the requester saw may no longer be true.
      const kind = kindOf(current);
      const fresh = await kind.prepare(await deps.clientsFor(current.target), current.target, {
        incidentId: current.incidentId,
      });
      if (fresh.refusal)
        await deny(
          current.incidentId,
          userId,
          verb,
          new FirebreakError(fresh.refusal.code, fresh.refusal.message),
        );

      let outcome = 'started' as ConfirmResult['kind'];
      const claimed = await claim(actionId, (record) => {
        const problem = busyOrDone(record);
        if (problem) throw problem;
        if (record.phase !== 'previewed' && record.phase !== 'awaiting-approval') {
          throw new FirebreakError(
            'ACTION_ALREADY_RUN',
            `${record.id} has already run; use Resume or Restore on its checklist.`,
          );
        }
        if (fresh.planHash !== record.planHash) {
          outcome = 'plan-changed';
          return {
            ...record,
            plan: fresh.plan,
            planHash: fresh.planHash,
            preview: fresh.preview,
            phase: 'previewed',
            approvedBy: undefined,
          };
        }
        if (dryRun) return { ...record, extras };
        if (needsApproval && !record.approvedBy) {
          if (userId === record.requestedBy) {
            outcome = 'awaiting-approval';
            return { ...record, extras, phase: 'awaiting-approval' };
          }
          return withLease({
            ...record,
            extras,
            approvedBy: userId,
            approvedAt: iso(),
            phase: 'executing',
            executedBy: userId,
            startedAt: iso(),
          });
        }
        return withLease({ ...record, extras, phase: 'executing', executedBy: userId, startedAt: iso() });
      });

      if (outcome === 'plan-changed') {
        await deps.record(claimed.incidentId, actionEvent(claimed, userId, 'plan-changed'));
        return { kind: 'plan-changed', record: claimed };
      }
      if (outcome === 'awaiting-approval') {
        await deps.record(claimed.incidentId, actionEvent(claimed, userId, 'approval-requested'));
        await deps.progress.approvalRequested(claimed, await incidentOf(claimed));
        return { kind: 'awaiting-approval', record: claimed };
      }
      await deps.record(claimed.incidentId, actionEvent(claimed, userId, 'started', { dryRun }));
      startExecution(claimed, userId, dryRun ? 'dry-run' : 'run');
      return { kind: 'started', record: claimed };
    },

    async resume(actionId, userId) {
      const current = await load(actionId);
      await authorize(current, userId, `resume ${current.kind} ${current.target.resourceId}`);
      await guardMutation(current, userId, `resume ${current.kind}`, false);
      const claimed = await claim(actionId, (record) => {
        if (
          record.phase !== 'executing' &&
          !(record.phase === 'finished' && outcomeOf(record.steps) !== 'contained')
        ) {
          throw (
            busyOrDone(record) ??
            new FirebreakError('ACTION_NOT_STARTED', `${record.id} has not been confirmed yet.`)
          );
        }
        if (record.phase === 'executing' && !leaseExpired(record, deps.now())) throw busyOrDone(record)!;
        return withLease({ ...record, phase: 'executing', executedBy: userId });
      });
      await deps.record(claimed.incidentId, actionEvent(claimed, userId, 'started', { note: 'resumed' }));
      startExecution(claimed, userId, 'run');
      return claimed;
    },

    async restore(actionId, userId) {
      const current = await load(actionId);
      await authorize(current, userId, `restore ${current.target.resourceId}`);
      await guardMutation(current, userId, `restore ${current.target.resourceId}`, false);
      const claimed = await claim(actionId, (record) => {
        if (record.phase === 'restored') throw busyOrDone(record)!;
        if (
          (record.phase === 'executing' || record.phase === 'restoring') &&
          !leaseExpired(record, deps.now())
        ) {
          throw busyOrDone(record)!;
        }
        if (record.steps.length === 0) {
          throw new FirebreakError(
            'NOTHING_TO_RESTORE',
            `${record.id} never ran, so there is nothing to restore.`,
          );
        }
        return withLease({ ...record, phase: 'restoring', restoredBy: userId });
      });
      await deps.record(claimed.incidentId, actionEvent(claimed, userId, 'restore-started'));
      startExecution(claimed, userId, 'restore');
      return claimed;
    },

    get: load,

    async latestFor(kindName, resourceId) {
      const all = await deps.store.listRecords<ActionRecord>(ACTION_RECORD_KIND);
      return all
        .filter(
          (record) =>
            record.kind === kindName && record.target.resourceId === resourceId && record.steps.length > 0,
        )
        .sort((a, b) => (a.requestedAt < b.requestedAt ? 1 : -1))[0];
    },

    async setFrozen(frozen, userId, incidentId) {
      await deps.store.putRecord(FREEZE_RECORD.kind, FREEZE_RECORD.id, { frozen, by: userId, at: iso() });
      if (incidentId)
        await deps.record(incidentId, { type: 'containment-frozen', at: iso(), actor: userId, frozen });
      deps.logger.warn(
        { audit: true, frozen, user: userId },
        frozen ? 'containment frozen' : 'containment unfrozen',
      );
    },

    isFrozen,

    async reconcile() {
      const all = await deps.store.listRecords<ActionRecord>(ACTION_RECORD_KIND);
      const interrupted = all.filter(
        (record) =>
          (record.phase === 'executing' || record.phase === 'restoring') &&
          record.lease !== undefined &&
          record.lease.owner !== deps.owner,
      );
      for (const record of interrupted) {
        const wait = record.lease
          ? Math.max(0, Date.parse(record.lease.expiresAt) - deps.now().getTime())
          : 0;
        // A lease still live may belong to another replica that is working on it; only an expired one is offered.
        setTimeout(() => {
          void load(record.id)
            .then(async (latest) => {
              if (
                (latest.phase === 'executing' || latest.phase === 'restoring') &&
                leaseExpired(latest, deps.now())
              ) {
                await deps.progress.interrupted(latest, await incidentOf(latest));
              }
            })
            .catch((error: unknown) =>
              deps.logger.warn({ err: error, action: record.id }, 'could not offer resume'),
            );
        }, wait + 100).unref();
      }
      return interrupted.length;
    },

    async idle() {
      await Promise.allSettled([...running]);
    },
  };
}
