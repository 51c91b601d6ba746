import type { AwsClients } from '../aws/clients.js';
import { ACTION_RECORD_KIND, type ActionRecord, type ActionTarget } from '../contain/action.js';
import type { StepDefinition, StepOutcome } from '../contain/step.js';
import { FirebreakError } from '../errors.js';
import type { RecordEvent } from '../incident/audit.js';
import type { Incident } from '../incident/incident.js';
import type { IncidentService } from '../incident/service.js';
import type { IncidentStore } from '../incident/store.js';
import type { TimelineEvent } from '../incident/timeline.js';
import type { Logger } from '../log.js';
import { type RemediationOffer, type RemediationOperation, remediationOffers } from './offers.js';

type RemediationEvent = Extract<TimelineEvent, { type: 'remediation' }>;

export interface RemediationService {
  /** What can be done now about what containment left on this incident. */
  offers(incidentId: string): Promise<{ incident: Incident; offers: RemediationOffer[] }>;
  /** Status → remediated (along the status table); an optional note goes on the timeline. */
  markRemediated(incidentId: string, actor: string, note?: string): Promise<Incident>;
  /** Deletes keys or lifts a deny: responders only, blocked by the kill switch, every attempt recorded. */
  perform(
    incidentId: string,
    operation: RemediationOperation,
    actionId: string,
    actor: string,
  ): Promise<RemediationEvent>;
}

export function createRemediationService(deps: {
  store: IncidentStore;
  record: RecordEvent;
  incidents: IncidentService;
  isResponder(userId: string): Promise<boolean>;
  /** The kill switch: FIREBREAK_CONTAINMENT=off or `/ir freeze` block every mutating AWS call. */
  mutationsBlocked(): Promise<boolean>;
  clientsFor(target: Pick<ActionTarget, 'account' | 'region'>): AwsClients | Promise<AwsClients>;
  steps: {
    deleteKeys(
      userName: string,
      keyIds: string[],
      clients: AwsClients,
    ): StepDefinition[] | Promise<StepDefinition[]>;
    removeDeny(action: ActionRecord, clients: AwsClients): Promise<StepDefinition[]>;
  };
  now: () => Date;
  logger: Logger;
}): RemediationService {
  const iso = () => deps.now().toISOString();

  async function actionsOf(incidentId: string): Promise<ActionRecord[]> {
    const all = await deps.store.listRecords<ActionRecord>(ACTION_RECORD_KIND);
    return all.filter((action) => action.incidentId === incidentId);
  }

  async function offers(incidentId: string) {
    const incident = await deps.incidents.get(incidentId);
    const [actions, timeline] = await Promise.all([actionsOf(incidentId), deps.store.timeline(incidentId)]);
    return { incident, offers: remediationOffers(incidentId, actions, timeline) };
  }

  async function refuse(
    incidentId: string,
    actor: string,
    attempted: string,
    error: FirebreakError,
  ): Promise<never> {
    await deps.record(incidentId, { type: 'denied', at: iso(), actor, attempted, reason: error.code });
    throw error;
  }

  async function runSteps(
    steps: StepDefinition[],
    context: { incidentId: string; actionId: string; actor: string },
  ) {
    const results = new Map<string, StepOutcome>();
    const out: RemediationEvent['steps'] = [];
    // One at a time: IAM is eventually consistent, and each step re-reads before acting.
    for (const step of steps) {
      const outcome = await step.run({ dryRun: false, now: deps.now, results, ...context });
      results.set(step.id, outcome);
      out.push({
        title: step.title,
        status: outcome.status,
        requestIds: outcome.requestIds,
        ...(outcome.note !== undefined && { note: outcome.note }),
        ...(outcome.error !== undefined && { error: `${outcome.error.code}: ${outcome.error.message}` }),
      });
    }
    return out;
  }

  return {
    offers,
    async markRemediated(incidentId, actor, note) {
      const incident = await deps.incidents.setStatus(incidentId, 'remediated', actor);
      if (note && note.trim() !== '') {
        await deps.record(incidentId, { type: 'note', at: iso(), actor, text: `Remediated: ${note.trim()}` });
      }
      return incident;
    },
    async perform(incidentId, operation, actionId, actor) {
      const attempted = `remediate ${operation} ${actionId}`;
      if (!(await deps.isResponder(actor))) {
        return refuse(
          incidentId,
          actor,
          attempted,
          new FirebreakError(
            'NOT_A_RESPONDER',
            'Only responders (FIREBREAK_RESPONDERS) may delete keys or remove deny policies. Your attempt was recorded.',
          ),
        );
      }
      if (await deps.mutationsBlocked()) {
        return refuse(
          incidentId,
          actor,
          attempted,
          new FirebreakError(
            'CONTAINMENT_FROZEN',
            'Containment is frozen (kill switch): no AWS change is made until an admin runs `/ir unfreeze`.',
          ),
        );
      }
      return deps.store.withLock(`remediate:${actionId}`, { leaseMs: 120_000, waitMs: 5_000 }, async () => {
        const { offers: current } = await offers(incidentId);
        const offer = current.find(
          (candidate) => candidate.kind === operation && candidate.actionId === actionId,
        );
        if (!offer || offer.kind === 'restore') {
          return refuse(
            incidentId,
            actor,
            attempted,
            new FirebreakError(
              'NOTHING_TO_REMEDIATE',
              `${actionId} has nothing left to ${operation === 'delete-keys' ? 'delete' : 'remove'} (already done, restored, or not this incident's).`,
            ),
          );
        }
        const action = await deps.store.getRecord<ActionRecord>(ACTION_RECORD_KIND, actionId);
        if (!action)
          throw new FirebreakError('ACTION_NOT_FOUND', `There is no containment action ${actionId}.`);
        const context = { incidentId, actionId, actor };
        let steps: RemediationEvent['steps'];
        try {
          const clients = await deps.clientsFor(action.target);
          const definitions =
            offer.kind === 'delete-keys'
              ? await deps.steps.deleteKeys(offer.userName, offer.keyIds, clients)
              : await deps.steps.removeDeny(action, clients);
          steps = await runSteps(definitions, context);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          steps = [{ title: 'Read IAM before acting', status: 'failed', requestIds: [], error: message }];
        }
        const target = offer.kind === 'delete-keys' ? offer.userName : `${offer.principal} (${offer.policy})`;
        const event: RemediationEvent = {
          type: 'remediation',
          at: iso(),
          actor,
          operation,
          actionId,
          target,
          outcome:
            steps.length > 0 && steps.every((step) => step.status === 'done' || step.status === 'skipped')
              ? 'done'
              : 'failed',
          steps,
        };
        await deps.record(incidentId, event);
        deps.logger.info(
          { incident: incidentId, action: actionId, operation, outcome: event.outcome },
          'remediation',
        );
        return event;
      });
    },
  };
}
