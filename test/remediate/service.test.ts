import { describe, expect, it } from 'vitest';
import type { StepDefinition } from '../../src/contain/step.js';
import { createAuditRecorder } from '../../src/incident/audit.js';
import { createMemoryStore } from '../../src/incident/memory-store.js';
import { createIncidentService } from '../../src/incident/service.js';
import { createLogger } from '../../src/log.js';
import { createRemediationService } from '../../src/remediate/service.js';
import { revokeAction } from '../document/sample.js';

const RESPONDER = 'U0ONCALL';
const OUTSIDER = 'U0OUTSIDER';

async function setup(options: { frozen?: boolean; failStep?: boolean } = {}) {
  const store = createMemoryStore();
  const logger = createLogger({ level: 'silent' });
  const record = createAuditRecorder(store, logger);
  const now = () => new Date('2026-11-26T10:00:00Z');
  let n = 0;
  const incidents = createIncidentService({
    store,
    record,
    now,
    changed: () => {},
    newIncidentId: async () => `INC-${++n}`,
  });
  const incident = await incidents.declare({
    title: 'key leak',
    severity: 2,
    channel: 'C1',
    actor: RESPONDER,
  });
  const action = {
    ...revokeAction(),
    id: 'ACT-1',
    incidentId: incident.id,
    plan: {
      user: { userName: 'deploy-bot', deny: { inlineName: 'deny-inline', managedName: 'deny-managed' } },
    },
  };
  action.steps = [
    ...action.steps,
    { id: 'policy:deny', title: 'Deny', critical: true, dependsOn: [], status: 'done', requestIds: [] },
  ];
  await store.putRecord('action', action.id, action);
  const ran: string[] = [];
  const step = (id: string): StepDefinition => ({
    id,
    title: `Delete ${id}`,
    critical: true,
    dependsOn: [],
    run: async () => {
      ran.push(id);
      return options.failStep
        ? { status: 'failed', requestIds: ['r-1'], error: { code: 'AWS_ACCESS_DENIED', message: 'no' } }
        : { status: 'done', requestIds: ['r-1'] };
    },
  });
  const remediation = createRemediationService({
    store,
    record,
    incidents,
    isResponder: async (user) => user === RESPONDER,
    mutationsBlocked: async () => options.frozen ?? false,
    clientsFor: async () => ({}) as never,
    steps: { deleteKeys: (_user, keyIds) => keyIds.map(step), removeDeny: async () => [step('deny')] },
    now,
    logger,
  });
  return { store, remediation, incident, ran };
}

describe('remediation service', () => {
  it('refuses a non-responder, records the attempt, and touches nothing', async () => {
    const { store, remediation, incident, ran } = await setup();
    await expect(remediation.perform(incident.id, 'delete-keys', 'ACT-1', OUTSIDER)).rejects.toMatchObject({
      code: 'NOT_A_RESPONDER',
    });
    expect(ran).toEqual([]);
    expect(await store.timeline(incident.id)).toContainEqual(
      expect.objectContaining({ type: 'denied', actor: OUTSIDER, attempted: 'remediate delete-keys ACT-1' }),
    );
  });

  it('is blocked by the kill switch, and says so on the timeline', async () => {
    const { store, remediation, incident, ran } = await setup({ frozen: true });
    await expect(remediation.perform(incident.id, 'delete-keys', 'ACT-1', RESPONDER)).rejects.toMatchObject({
      code: 'CONTAINMENT_FROZEN',
    });
    expect(ran).toEqual([]);
    expect((await store.timeline(incident.id)).at(-1)).toMatchObject({
      type: 'denied',
      reason: 'CONTAINMENT_FROZEN',
    });
  });

  it('deletes exactly the deactivated keys once, records the result, and then offers it no more', async () => {
    const { store, remediation, incident, ran } = await setup();
    const event = await remediation.perform(incident.id, 'delete-keys', 'ACT-1', RESPONDER);
    expect(ran).toEqual(['AKIAIOSFODNN7EXAMPLE']);
    expect(event).toMatchObject({
      type: 'remediation',
      outcome: 'done',
      operation: 'delete-keys',
      target: 'deploy-bot',
    });
    expect(event.steps[0]).toMatchObject({ status: 'done', requestIds: ['r-1'] });
    expect((await store.timeline(incident.id)).at(-1)).toEqual(event);
    expect((await remediation.offers(incident.id)).offers.map((offer) => offer.kind)).toEqual([
      'remove-deny',
    ]);
    await expect(remediation.perform(incident.id, 'delete-keys', 'ACT-1', RESPONDER)).rejects.toMatchObject({
      code: 'NOTHING_TO_REMEDIATE',
    });
    expect(ran).toHaveLength(1);
  });

  it('records a failed step as a failed remediation, which stays on offer', async () => {
    const { remediation, incident } = await setup({ failStep: true });
    const event = await remediation.perform(incident.id, 'remove-deny', 'ACT-1', RESPONDER);
    expect(event.outcome).toBe('failed');
    expect(event.steps[0]?.error).toContain('AWS_ACCESS_DENIED');
    expect((await remediation.offers(incident.id)).offers.map((offer) => offer.kind)).toContain(
      'remove-deny',
    );
  });

  it('marks remediated along the status table, with a note, and refuses it once closed', async () => {
    const { store, remediation, incident } = await setup();
    expect((await remediation.markRemediated(incident.id, RESPONDER, 'patched')).status).toBe('remediated');
    expect(await store.timeline(incident.id)).toContainEqual(
      expect.objectContaining({ type: 'note', text: 'Remediated: patched' }),
    );
    await store.update(incident.id, (current) => ({ ...current, status: 'closed' }));
    await expect(remediation.markRemediated(incident.id, RESPONDER)).rejects.toMatchObject({
      code: 'BAD_TRANSITION',
    });
  });
});
