import type { Incident } from '../incident/incident.js';
import type { Logger } from '../log.js';
import type { SlackGateway } from '../slack/gateway.js';
import type { ActionRecord } from './action.js';
import type { ActionProgress } from './actions.js';
import { approvalMessage, checklistMessage, interruptedMessage } from './blocks.js';

/**
 * Tells the incident's thread what containment is doing. The checklist is one message per action and run,
 * posted once and then edited; edits are coalesced to one per interval per action, always with the latest state,
 * so a fast run does not spend the chat.update budget step by step.
 */
export function createSlackProgress(deps: {
  slack: SlackGateway;
  logger: Logger;
  intervalMs: number;
}): ActionProgress & {
  idle(): Promise<void>;
} {
  interface Checklist {
    ts?: Promise<string | undefined>;
    latest?: { record: ActionRecord; incident: Incident };
    timer?: NodeJS.Timeout;
    flushing?: Promise<void>;
  }
  const checklists = new Map<string, Checklist>();
  const key = (record: ActionRecord) =>
    `${record.id}:${record.phase === 'restoring' || record.phase === 'restored' ? 'restore' : record.steps.length > 0 ? 'run' : 'dry'}`;

  async function flush(id: string, state: Checklist): Promise<void> {
    const latest = state.latest;
    if (!latest) return;
    state.latest = undefined;
    const { record, incident } = latest;
    const message = checklistMessage(record);
    if (!state.ts) {
      state.ts = deps.slack
        .post(incident.channel, message, incident.cardTs)
        .then((posted) => posted.ts)
        .catch((error: unknown) => {
          deps.logger.warn({ err: error, action: record.id }, 'could not post the containment checklist');
          state.ts = undefined;
          return undefined;
        });
      await state.ts;
      return;
    }
    const ts = await state.ts;
    if (!ts) return;
    await deps.slack.update(incident.channel, ts, message).catch((error: unknown) => {
      deps.logger.warn(
        { err: error, action: record.id, checklist: id },
        'could not update the containment checklist',
      );
    });
  }

  function schedule(id: string, state: Checklist, intervalMs: number): void {
    if (state.timer) return;
    state.timer = setTimeout(() => {
      state.timer = undefined;
      state.flushing = flush(id, state).finally(() => {
        state.flushing = undefined;
        if (state.latest) schedule(id, state, deps.intervalMs);
      });
    }, intervalMs);
  }

  return {
    checklist(record, incident) {
      const id = key(record);
      const state = checklists.get(id) ?? {};
      checklists.set(id, state);
      state.latest = { record, incident };
      schedule(id, state, state.ts ? deps.intervalMs : 0);
    },
    async approvalRequested(record, incident) {
      await deps.slack.post(incident.channel, approvalMessage(record), incident.cardTs);
    },
    async interrupted(record, incident) {
      await deps.slack.post(incident.channel, interruptedMessage(record), incident.cardTs);
    },
    async idle() {
      for (;;) {
        const pending = [...checklists.values()].filter((state) => state.timer || state.flushing);
        if (pending.length === 0) return;
        await Promise.all(
          pending.map(
            (state) => state.flushing ?? new Promise((resolve) => setTimeout(resolve, deps.intervalMs)),
          ),
        );
      }
    },
  };
}
