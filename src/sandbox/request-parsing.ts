import type { IncomingHttpHeaders } from 'node:http';

type Obj = Record<string, unknown>;

/** Arguments the Web API takes as JSON-encoded strings inside a form body. */
const JSON_FIELDS = ['blocks', 'attachments', 'view', 'metadata'] as const;

export type ParsedApiRequest =
  | { ok: true; args: Obj; token: string | undefined }
  | { ok: false; error: 'invalid_json' };

/**
 * Reads a Web API request the way Slack does: a JSON body, or a form body (what @slack/web-api sends, with
 * structured arguments JSON-stringified); the token from `Authorization: Bearer`, else from a `token` argument.
 * The token never reaches the recorded arguments.
 */
export function parseApiRequest(headers: IncomingHttpHeaders, raw: string): ParsedApiRequest {
  const contentType = (headers['content-type'] ?? '').toLowerCase();
  let args: Obj;
  if (contentType.startsWith('application/json')) {
    try {
      const parsed: unknown = raw === '' ? {} : JSON.parse(raw);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        return { ok: false, error: 'invalid_json' };
      args = { ...(parsed as Obj) };
    } catch {
      return { ok: false, error: 'invalid_json' };
    }
  } else {
    args = Object.fromEntries(new URLSearchParams(raw));
    for (const field of JSON_FIELDS) {
      const value = args[field];
      if (typeof value !== 'string') continue;
      try {
        args[field] = JSON.parse(value);
      } catch {
        // Left as the string: the method answers `invalid_blocks_format` / `invalid_arguments` as Slack would.
      }
    }
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
  const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
  delete args.token;
  return { ok: true, args, token };
}
