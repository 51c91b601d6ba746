import type { AwsClients } from '../../../src/aws/clients.js';
import type { ActionRecord } from '../../../src/contain/action.js';
import type { PreparedPlan } from '../../../src/contain/kind.js';
import { createRevokeKind, type RevokeKindOptions } from '../../../src/contain/revoke/kind.js';
import type { RevokePlan } from '../../../src/contain/revoke/plan.js';
import type { StepRecord } from '../../../src/contain/step.js';
import { type LocalRun, NOW, runLocal } from '../isolate/run-local.js';

export { NOW };
/** The incident id runLocal's context carries; plans use the same one. */
export const INCIDENT = 'INC-7';
/** Planning time: a minute before the steps run (runLocal's NOW). */
export const PLANNED = new Date(NOW.getTime() - 60_000);

export function revokeKind(options: Partial<RevokeKindOptions> = {}) {
  return createRevokeKind({
    ownRoleArns: ['arn:aws:iam::{account}:role/firebreak-responder'],
    protectedPrincipals: [],
    now: () => PLANNED,
    ...options,
  });
}

export async function prepare(
  clients: AwsClients,
  resourceId: string,
  options: Partial<RevokeKindOptions> = {},
): Promise<PreparedPlan & { plan: RevokePlan }> {
  const prepared = await revokeKind(options).prepare(
    clients,
    { region: 'eu-west-1', resourceId },
    { incidentId: INCIDENT },
  );
  return prepared as PreparedPlan & { plan: RevokePlan };
}

export function recordOf(prepared: PreparedPlan, resourceId: string, extras: string[] = []): ActionRecord {
  return {
    id: 'act-1',
    kind: 'revoke',
    incidentId: INCIDENT,
    target: { region: 'eu-west-1', resourceId },
    plan: prepared.plan,
    planHash: prepared.planHash,
    preview: prepared.preview,
    requestedBy: 'U0RESPONDER',
    requestedAt: NOW.toISOString(),
    extras,
    phase: 'finished',
    steps: [],
    restoreSteps: [],
  };
}

/** The step records a real run would have persisted. */
export function stepRecords(run: LocalRun): StepRecord[] {
  return [...run.results].map(([id, outcome]) => ({
    id,
    title: id,
    critical: true,
    dependsOn: [],
    status: outcome.status,
    requestIds: outcome.requestIds,
    before: outcome.before,
    after: outcome.after,
    note: outcome.note,
    error: outcome.error,
  }));
}

/** Revokes through the kind (steps, then restore steps from the persisted records), like the action framework. */
export async function revokeAndRecord(
  clients: AwsClients,
  prepared: PreparedPlan,
  resourceId: string,
  extras: string[] = [],
) {
  const kind = revokeKind();
  const record = recordOf(prepared, resourceId, extras);
  const run = await runLocal(await kind.steps(clients, record));
  return { kind, run, record: { ...record, steps: stepRecords(run) } };
}

export async function restore(clients: AwsClients, record: ActionRecord) {
  const steps = await revokeKind().restoreSteps(clients, record);
  return { steps, run: await runLocal(steps) };
}
