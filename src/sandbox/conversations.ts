/**
 * The messages the simulated workspace holds: channel messages with their edit history, and ephemerals (which Slack
 * never stores, but a test or the drill page needs to see what a user was shown).
 */

export type Delivery = 'web_api' | 'response_url';

export interface MessageVersion {
  text: string;
  blocks?: unknown[];
  /** When this version was replaced, in ms of the simulator's clock. */
  replacedAt: number;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks?: unknown[];
  user: string;
  bot_id?: string;
  metadata?: unknown;
  /** Files shared with the message (files.completeUploadExternal). */
  files?: { id: string; name: string; title?: string }[];
  deleted: boolean;
  via: Delivery;
  /** Earlier versions, oldest first; the current one is the message itself. */
  edits: MessageVersion[];
}

export interface StoredEphemeral {
  channel: string;
  user: string;
  message_ts: string;
  thread_ts?: string;
  text: string;
  blocks?: unknown[];
  via: Delivery;
}

/**
 * Slack-shaped timestamps ("1732608343.000100"): seconds and six digits, unique and increasing even when two
 * messages arrive in the same millisecond, because the bot treats a ts as a message id.
 */
export function createTsGenerator(now: () => number): () => string {
  let last = 0;
  return () => {
    const micros = Math.max(Math.floor(now() * 1000), last + 1);
    last = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  };
}

export class Conversations {
  private readonly byChannel = new Map<string, StoredMessage[]>();
  private readonly ephemeralList: StoredEphemeral[] = [];

  constructor(
    private readonly nextTs: () => string,
    private readonly now: () => number,
  ) {}

  post(message: Omit<StoredMessage, 'ts' | 'edits' | 'deleted'>): StoredMessage {
    const stored: StoredMessage = { ...message, ts: this.nextTs(), edits: [], deleted: false };
    const list = this.byChannel.get(message.channel) ?? [];
    list.push(stored);
    this.byChannel.set(message.channel, list);
    return stored;
  }

  find(channel: unknown, ts: unknown): StoredMessage | undefined {
    if (typeof channel !== 'string' || typeof ts !== 'string') return undefined;
    return this.byChannel.get(channel)?.find((message) => message.ts === ts && !message.deleted);
  }

  /** Slack keeps blocks when an update omits them, and an empty array removes them. */
  edit(message: StoredMessage, change: { text?: string; blocks?: unknown[] }): StoredMessage {
    message.edits.push({ text: message.text, blocks: message.blocks, replacedAt: this.now() });
    if (change.text !== undefined) message.text = change.text;
    if (change.blocks !== undefined) message.blocks = change.blocks.length > 0 ? change.blocks : undefined;
    return message;
  }

  remove(message: StoredMessage): void {
    message.deleted = true;
  }

  postEphemeral(ephemeral: Omit<StoredEphemeral, 'message_ts'>): StoredEphemeral {
    const stored = { ...ephemeral, message_ts: this.nextTs() };
    this.ephemeralList.push(stored);
    return stored;
  }

  findEphemeral(messageTs: unknown): StoredEphemeral | undefined {
    return typeof messageTs === 'string'
      ? this.ephemeralList.find((e) => e.message_ts === messageTs)
      : undefined;
  }

  /** What a response_url does to the ephemeral an interaction came from: replace it, or delete it (no change). */
  replaceEphemeral(
    ephemeral: StoredEphemeral,
    change: { text: string; blocks?: unknown[] } | 'delete',
  ): void {
    const index = this.ephemeralList.indexOf(ephemeral);
    if (index < 0) return;
    if (change === 'delete') this.ephemeralList.splice(index, 1);
    else this.ephemeralList[index] = { ...ephemeral, text: change.text, blocks: change.blocks };
  }

  messages(channel: string): StoredMessage[] {
    return [...(this.byChannel.get(channel) ?? [])];
  }

  ephemerals(filter: { channel?: string; user?: string } = {}): StoredEphemeral[] {
    return this.ephemeralList.filter(
      (e) =>
        (filter.channel === undefined || e.channel === filter.channel) &&
        (filter.user === undefined || e.user === filter.user),
    );
  }

  clear(): void {
    this.byChannel.clear();
    this.ephemeralList.length = 0;
  }
}
