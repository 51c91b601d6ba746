import { checkBlockKitLimits } from '../../slack/block-limits.js';
import type { Conversations, StoredMessage } from '../conversations.js';
import type { Directory } from '../directory.js';
import type { Files } from '../files.js';
import type { Modals } from '../modals.js';
import type { KeyedRateLimiter } from '../rate-limit.js';
import type { ResponseUrls } from '../response-urls.js';
import type { Triggers } from '../triggers.js';

export type Obj = Record<string, unknown>;

export interface WorkspaceIds {
  teamId: string;
  teamDomain: string;
  appId: string;
  botUserId: string;
  botId: string;
}

/** Everything a Web API method handler may read or change. Handlers are synchronous: the simulated workspace is in memory. */
export interface MethodContext {
  ids: WorkspaceIds;
  directory: Directory;
  conversations: Conversations;
  modals: Modals;
  triggers: Triggers;
  responseUrls: ResponseUrls;
  postLimiter: KeyedRateLimiter;
  files: Files;
  /** Where an uploader sends a reserved file's bytes. */
  uploadUrl(fileId: string): string;
}

export interface SimReply {
  status: number;
  body: Obj;
  headers?: Record<string, string>;
}

export type MethodHandler = (args: Obj, ctx: MethodContext) => SimReply;

export const ok = (body: Obj = {}): SimReply => ({ status: 200, body: { ok: true, ...body } });

/** Slack reports API errors with HTTP 200 and `ok: false`; only rate limiting uses a status code. */
export const fail = (error: string, messages?: string[]): SimReply => ({
  status: 200,
  body: { ok: false, error, ...(messages ? { response_metadata: { messages } } : {}) },
});

export const ratelimited = (retryAfterSeconds: number): SimReply => ({
  status: 429,
  body: { ok: false, error: 'ratelimited' },
  headers: { 'retry-after': String(retryAfterSeconds) },
});

/**
 * Blocks arrive as a JSON string in form bodies and as an array in JSON bodies. Answers what Slack would:
 * `invalid_blocks_format` for unparsable JSON, `invalid_blocks` with one `[ERROR]` line per violated limit.
 */
export function readBlocks(value: unknown): { blocks: unknown[] | undefined } | { reply: SimReply } {
  if (value === undefined || value === '') return { blocks: undefined };
  let blocks = value;
  if (typeof blocks === 'string') {
    try {
      blocks = JSON.parse(blocks);
    } catch {
      return { reply: fail('invalid_blocks_format') };
    }
  }
  if (!Array.isArray(blocks)) return { reply: fail('invalid_blocks_format') };
  const violations = checkBlockKitLimits(blocks, 'message');
  if (violations.length > 0)
    return {
      reply: fail(
        'invalid_blocks',
        violations.map((v) => `[ERROR] ${v}`),
      ),
    };
  return { blocks };
}

export const MAX_TEXT_LENGTH = 40_000;

/** The message object Slack returns from chat.postMessage and chat.update. */
export function messageResponse(message: StoredMessage, ids: WorkspaceIds): Obj {
  return {
    type: 'message',
    user: message.user,
    bot_id: message.bot_id,
    app_id: ids.appId,
    team: ids.teamId,
    ts: message.ts,
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks } : {}),
    ...(message.thread_ts ? { thread_ts: message.thread_ts, parent_user_id: ids.botUserId } : {}),
    ...(message.edits.length > 0 ? { edited: { user: ids.botUserId, ts: message.ts } } : {}),
    bot_profile: { id: ids.botId, app_id: ids.appId, name: 'firebreak', team_id: ids.teamId, deleted: false },
  };
}

export const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
