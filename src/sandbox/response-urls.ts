import { randomBytes } from 'node:crypto';

/**
 * response_urls the simulator hands out with the requests it sends to the bot. Slack allows 5 posts to one URL
 * within 30 minutes; past that the URL is dead, which is why the bot must not spend them carelessly.
 */

export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_LIFETIME_MS = 30 * 60 * 1000;

export interface ResponseUrlContext {
  channel: string;
  /** Who the ephemeral replies are shown to. */
  user?: string;
  /** The message the interaction came from, which `replace_original` / `delete_original` act on. */
  messageTs?: string;
}

export type ResponseUrlUse =
  | { ok: true; context: ResponseUrlContext }
  | { ok: false; error: 'no_such_url' | 'expired_url' | 'used_url' };

export class ResponseUrls {
  private readonly issued = new Map<string, { at: number; uses: number; context: ResponseUrlContext }>();

  constructor(private readonly now: () => number) {}

  /** Returns the id; the simulator turns it into `<base>/response/<id>`. Random, because a response_url is a bearer credential. */
  issue(context: ResponseUrlContext): string {
    const id = randomBytes(16).toString('hex');
    this.issued.set(id, { at: this.now(), uses: 0, context });
    return id;
  }

  use(id: string): ResponseUrlUse {
    const entry = this.issued.get(id);
    if (!entry) return { ok: false, error: 'no_such_url' };
    if (this.now() - entry.at > RESPONSE_URL_LIFETIME_MS) return { ok: false, error: 'expired_url' };
    if (entry.uses >= RESPONSE_URL_MAX_USES) return { ok: false, error: 'used_url' };
    entry.uses += 1;
    return { ok: true, context: entry.context };
  }

  clear(): void {
    this.issued.clear();
  }
}
