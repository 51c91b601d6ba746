import type { RecordEvent } from '../incident/audit.js';
import type { Incident } from '../incident/incident.js';
import type { IncidentStore } from '../incident/store.js';
import type { Logger } from '../log.js';
import type { SlackGateway, SlackMessage } from '../slack/gateway.js';
import { buildIncidentCard, type IncidentCardOptions } from './card.js';
import { cardButtonsFor } from './card-buttons.js';

/** What other phases add to the card: follow-ups, matching runbooks, who triggered a CIS alarm. */
export type CardExtras = Pick<IncidentCardOptions, 'followUps' | 'runbookLinks' | 'trigger'>;

export interface CardPublisher {
  /** Posts the card if it has not been posted, else updates it; updates are coalesced per incident. */
  refresh(incidentId: string): void;
  /** Posts a message in the incident's thread (its conversation); skipped until the card exists. */
  say(incident: Incident, message: SlackMessage): Promise<void>;
  /** Posts the cards of open incidents that never got one (the process died, or Slack was down). */
  postMissingCards(): Promise<number>;
  /** Resolves when no card work is pending or running. */
  idle(): Promise<void>;
}

/** After this many failed attempts in a row, the card waits for the next change or the next start-up. */
const MAX_FAILURES = 5;

interface Pending {
  failures: number;
  running: boolean;
  dirty: boolean;
  timer?: NodeJS.Timeout;
  /** A card posted whose ts is not stored yet: storing is retried, posting never is. */
  postedTs?: string;
}

/**
 * A flapping alarm or an alarm storm must never flood a channel: the first change is published at once, later ones
 * are folded into at most one chat.update per incident per interval, always rendering the latest stored state.
 */
export function createCardPublisher(deps: {
  store: IncidentStore;
  slack: SlackGateway;
  record: RecordEvent;
  logger: Logger;
  now: () => Date;
  intervalMs: number;
  /** What other phases add to the card (see CardExtras); a failure leaves them out, not the card. */
  extras?: (incident: Incident) => Promise<CardExtras>;
  /**
   * Called once per incident, right after its card's ts is first stored (the thread exists from then on), with the
   * incident as stored. Work that belongs in the thread starts here (the alarm graph, the CIS trigger query); it
   * must not hold up the card, so a throw or a rejection is logged and changes nothing of the card.
   */
  onCardPosted?: (incident: Incident) => void;
}): CardPublisher {
  const pending = new Map<string, Pending>();
  let waiters: (() => void)[] = [];

  function settleIfIdle(): void {
    if (pending.size > 0) return;
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  }

  function cardPosted(incident: Incident): void {
    if (!deps.onCardPosted) return;
    try {
      const result: unknown = deps.onCardPosted(incident);
      if (result instanceof Promise)
        result.catch((error: unknown) =>
          deps.logger.warn({ err: error, incident: incident.id }, 'card-posted hook failed'),
        );
    } catch (error) {
      deps.logger.warn({ err: error, incident: incident.id }, 'card-posted hook failed');
    }
  }

  async function storeCardTs(incident: Incident, ts: string): Promise<void> {
    const stored = await deps.store.update(incident.id, (current) => ({ ...current, cardTs: ts }));
    try {
      await deps.record(incident.id, {
        type: 'card-posted',
        at: deps.now().toISOString(),
        actor: 'system',
        channel: incident.channel,
        ts,
      });
    } finally {
      // The ts is stored, so every later publish updates instead of posting: this runs once, even when recording
      // card-posted failed.
      cardPosted(stored ?? { ...incident, cardTs: ts });
    }
  }

  async function publish(incidentId: string, state: Pending): Promise<'done' | 'retry'> {
    const incident = await deps.store.get(incidentId);
    if (!incident) return 'done';
    if (!incident.cardTs && state.postedTs) {
      await storeCardTs(incident, state.postedTs);
      return 'retry';
    }
    const extras = deps.extras
      ? await deps.extras(incident).catch((error: unknown) => {
          deps.logger.warn({ err: error, incident: incidentId }, 'card extras unavailable');
          return {};
        })
      : {};
    const card = buildIncidentCard(incident, {
      ...extras,
      now: deps.now(),
      buttons: cardButtonsFor(incident),
    });
    if (incident.cardTs) {
      await deps.slack.update(incident.channel, incident.cardTs, card);
      return 'done';
    }
    // Only one replica posts a card; the others come back after the interval, when the ts is stored.
    const claim = `card-post:${incidentId}`;
    if (!(await deps.store.claimOnce(claim, 3600))) return 'retry';
    let ts: string;
    try {
      ({ ts } = await deps.slack.post(incident.channel, card));
    } catch (error) {
      await deps.store.releaseClaim(claim).catch(() => {});
      throw error;
    }
    state.postedTs = ts;
    await storeCardTs(incident, ts);
    return 'done';
  }

  function refresh(incidentId: string): void {
    const state = pending.get(incidentId) ?? { failures: 0, running: false, dirty: false };
    pending.set(incidentId, state);
    if (state.running || state.timer) {
      state.dirty = true;
      return;
    }
    state.running = true;
    state.dirty = false;
    publish(incidentId, state)
      .then(
        (outcome) => {
          state.failures = 0;
          return outcome === 'retry';
        },
        (error: unknown) => {
          state.failures += 1;
          const retry = state.failures < MAX_FAILURES;
          deps.logger.error(
            { err: error, incident: incidentId, failures: state.failures },
            retry
              ? 'could not publish the incident card; will retry'
              : 'could not publish the incident card; giving up until the next change',
          );
          return retry;
        },
      )
      .then((retry) => {
        state.running = false;
        if (retry) state.dirty = true;
        state.timer = setTimeout(() => {
          state.timer = undefined;
          if (state.dirty) {
            refresh(incidentId);
          } else {
            pending.delete(incidentId);
            settleIfIdle();
          }
        }, deps.intervalMs);
      });
  }

  return {
    refresh,
    async say(incident, message) {
      if (!incident.cardTs) return;
      await deps.slack.post(incident.channel, message, incident.cardTs);
    },
    async postMissingCards() {
      const missing = (await deps.store.listOpen()).filter((incident) => !incident.cardTs);
      for (const incident of missing) refresh(incident.id);
      return missing.length;
    },
    idle() {
      if (pending.size === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}
