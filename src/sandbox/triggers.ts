import { randomBytes } from 'node:crypto';

/**
 * trigger_ids as Slack hands them out with a slash command or an interaction: good for one modal, for 3 seconds.
 * Modelling that expiry is the point: a bot that opens its modal after slow work fails here as it would in Slack.
 */

export const TRIGGER_LIFETIME_MS = 3000;

export interface TriggerContext {
  user?: string;
  /** Set when the trigger came from inside a modal, so `views.push` knows which stack to push onto. */
  viewId?: string;
}

export type TriggerExchange =
  | { ok: true; context: TriggerContext }
  | { ok: false; error: 'invalid_trigger_id' | 'expired_trigger_id' | 'exchanged_trigger_id' };

export class Triggers {
  private readonly issued = new Map<string, { at: number; used: boolean; context: TriggerContext }>();

  constructor(
    private readonly now: () => number,
    /** 'lenient' accepts trigger_ids the simulator did not issue, for tests that build payloads by hand. */
    private readonly mode: 'strict' | 'lenient',
  ) {}

  issue(context: TriggerContext = {}): string {
    const at = this.now();
    const id = `${Math.floor(at / 1000)}.${Math.floor(Math.random() * 1e9)}.${randomBytes(10).toString('hex')}`;
    this.issued.set(id, { at, used: false, context });
    return id;
  }

  exchange(id: unknown): TriggerExchange {
    if (typeof id !== 'string' || id === '') return { ok: false, error: 'invalid_trigger_id' };
    const trigger = this.issued.get(id);
    if (!trigger)
      return this.mode === 'lenient' ? { ok: true, context: {} } : { ok: false, error: 'invalid_trigger_id' };
    if (trigger.used) return { ok: false, error: 'exchanged_trigger_id' };
    if (this.now() - trigger.at > TRIGGER_LIFETIME_MS) return { ok: false, error: 'expired_trigger_id' };
    trigger.used = true;
    return { ok: true, context: trigger.context };
  }

  clear(): void {
    this.issued.clear();
  }
}
