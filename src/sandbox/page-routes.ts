import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { z } from 'zod';
import { readBody } from '../http-body.js';
import type { MethodContext, Obj } from './methods/context.js';
import { viewResponse } from './modals.js';
import {
  actionRequest,
  alarmRequest,
  closeViewRequest,
  commandRequest,
  hasActionElement,
  messageRequest,
  parseComposerCommand,
  shortcutRequest,
  submitRequest,
} from './page-requests.js';
import { pageState } from './page-state.js';
import {
  type BotReply,
  blockActionsBody,
  messageShortcutBody,
  payloadBody,
  slashCommandBody,
  viewSubmissionBody,
} from './slack-requests.js';

/**
 * The drill page's side of the simulator: the page itself, its state feed, and the endpoints its clicks and
 * typing go to. Each endpoint builds what Slack would send (with a trigger_id and response_url from the
 * simulator) and sends it to the bot signed, so a drill runs the production code paths.
 */

export interface DrillHooks {
  /** Sample alarms the page offers; `fire` publishes one as a signed SNS notification to the bot's /sns. */
  alarms: { kind: string; label: string }[];
  fireAlarm(kind: string): Promise<{ status: number; body: string }>;
  /** Clears the drill's incidents (in-memory store) and reseeds the simulated account. */
  reset(): Promise<void>;
  /** Shown on the page: mode, account, region, store. */
  info(): Record<string, string>;
}

export interface PageDeps {
  ctx: MethodContext;
  origin(): string;
  /** The slash commands the app has (manifest): others answer as Slack does, "not a valid command". */
  commands: string[];
  /** Message shortcuts from the manifest. */
  shortcuts: { callback_id: string; name: string }[];
  sendToBot(body: string): Promise<BotReply>;
  hooks?: DrillHooks;
  /** Bumps the state version the page polls for. */
  changed(): void;
  version(): number;
  /** Forgets messages, views, files and calls (Reset drill). */
  clearTraffic(): void;
}

// Beside this file when run from the sources; the compiled build (dist/src/sandbox) reads the sources' copy.
const PAGE_DIR =
  [join(import.meta.dirname, 'page'), join(import.meta.dirname, '../../../src/sandbox/page')].find((dir) =>
    existsSync(join(dir, 'index.html')),
  ) ?? join(import.meta.dirname, 'page');
const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/page/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/page/blocks.js': { file: 'blocks.js', type: 'text/javascript; charset=utf-8' },
  '/page/mrkdwn.js': { file: 'mrkdwn.js', type: 'text/javascript; charset=utf-8' },
  '/page/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

/** Nothing from elsewhere: no inline script, no remote resource, no framing. */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'content-security-policy': PAGE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

class PageError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...SECURITY_HEADERS });
  res.end(JSON.stringify(body));
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (!result.success) throw new PageError(400, 'invalid_request');
  return result.data;
}

export function createPageRoutes(deps: PageDeps) {
  const { ctx } = deps;
  /** Errors a view_submission answered with, shown under the inputs until the next submission. */
  const viewErrors = new Map<string, Record<string, string>>();

  const user = (id: string) => {
    const found = ctx.directory.user(id);
    if (!found || found.isBot) throw new PageError(400, 'user_not_found');
    return found;
  };
  const channel = (id: string) => {
    const found = ctx.directory.channel(id);
    if (!found) throw new PageError(404, 'channel_not_found');
    return found;
  };
  const openView = (viewId: string, userId: string) => {
    const view = ctx.modals.find({ viewId });
    if (!view || view.user !== userId || view.closedAt !== undefined)
      throw new PageError(404, 'view_not_found');
    return view;
  };
  const team = { id: ctx.ids.teamId, domain: ctx.ids.teamDomain };
  const userRef = (id: string) => ({ id, username: user(id).name });

  /** Slack shows a slash command's non-empty ack to the person who typed it (or the channel, if in_channel). */
  function showAck(reply: BotReply, channelId: string, userId: string, command: string): void {
    if (reply.status !== 200) {
      ctx.conversations.postEphemeral({
        channel: channelId,
        user: userId,
        text: `${command} failed with the error "dispatch_failed"`,
        via: 'response_url',
      });
      return;
    }
    const raw = reply.body.trim();
    if (raw === '') return;
    let body: Obj = { text: raw };
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) body = parsed as Obj;
    } catch {
      // Plain text is shown as it is.
    }
    const text = typeof body.text === 'string' ? body.text : '';
    const blocks = Array.isArray(body.blocks) ? body.blocks : undefined;
    if (text === '' && !blocks) return;
    if (body.response_type === 'in_channel') {
      ctx.conversations.post({
        channel: channelId,
        text,
        blocks,
        user: ctx.ids.botUserId,
        bot_id: ctx.ids.botId,
        via: 'response_url',
      });
    } else {
      ctx.conversations.postEphemeral({
        channel: channelId,
        user: userId,
        text,
        blocks,
        via: 'response_url',
      });
    }
  }

  async function command(body: unknown) {
    const input = parse(commandRequest, body);
    const who = user(input.user);
    const where = channel(input.channel);
    const typed = parseComposerCommand(input.text);
    if (!typed) throw new PageError(400, 'not_a_command');
    if (!deps.commands.includes(typed.command)) {
      ctx.conversations.postEphemeral({
        channel: where.id,
        user: who.id,
        text: `${typed.command} is not a valid command. In Slack, all messages that start with the "/" character are interpreted as commands.`,
        via: 'web_api',
      });
      return { ok: true, status: 0 };
    }
    const reply = await deps.sendToBot(
      slashCommandBody({
        command: typed.command,
        text: typed.text,
        user_id: who.id,
        user_name: who.name,
        channel_id: where.id,
        channel_name: where.name,
        team_id: ctx.ids.teamId,
        team_domain: ctx.ids.teamDomain,
        api_app_id: ctx.ids.appId,
        response_url: `${deps.origin()}/response/${ctx.responseUrls.issue({ channel: where.id, user: who.id })}`,
        trigger_id: ctx.triggers.issue({ user: who.id }),
      }),
    );
    showAck(reply, where.id, who.id, typed.command);
    return { ok: true, status: reply.status };
  }

  async function action(body: unknown) {
    const input = parse(actionRequest, body);
    const who = user(input.user);
    const act = input.action;
    const base = {
      user: userRef(who.id),
      team,
      api_app_id: ctx.ids.appId,
      actions: [
        act.type === 'button'
          ? { type: 'button' as const, action_id: act.action_id, block_id: act.block_id, value: act.value }
          : {
              type: act.type,
              action_id: act.action_id,
              block_id: act.block_id,
              selected_option: act.selected_option ?? { value: '' },
            },
      ],
    };
    if (input.view_id) {
      const view = openView(input.view_id, who.id);
      if (!hasActionElement(view.view.blocks, act.action_id)) throw new PageError(400, 'unknown_action');
      const reply = await deps.sendToBot(
        blockActionsBody({
          ...base,
          trigger_id: ctx.triggers.issue({ user: who.id, viewId: view.id }),
          view: { ...viewResponse(view, ctx.ids), state: { values: input.values ?? {} } },
        }),
      );
      return { ok: reply.status === 200, status: reply.status };
    }
    const where = channel(input.channel!);
    const message = ctx.conversations.find(where.id, input.message_ts);
    const ephemeral = message ? undefined : ctx.conversations.findEphemeral(input.message_ts);
    if (!message && (!ephemeral || ephemeral.user !== who.id || ephemeral.channel !== where.id))
      throw new PageError(404, 'message_not_found');
    const blocks = message ? message.blocks : ephemeral!.blocks;
    if (!hasActionElement(blocks, act.action_id)) throw new PageError(400, 'unknown_action');
    const messageTs = input.message_ts!;
    const reply = await deps.sendToBot(
      blockActionsBody({
        ...base,
        trigger_id: ctx.triggers.issue({ user: who.id }),
        channel: { id: where.id, name: where.name },
        message_ts: messageTs,
        message: message
          ? {
              type: 'message',
              ts: message.ts,
              text: message.text,
              user: message.user,
              ...(message.bot_id ? { bot_id: message.bot_id } : {}),
              ...(message.blocks ? { blocks: message.blocks } : {}),
              ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
            }
          : undefined,
        container: {
          type: 'message',
          message_ts: messageTs,
          channel_id: where.id,
          is_ephemeral: ephemeral !== undefined,
        },
        response_url: `${deps.origin()}/response/${ctx.responseUrls.issue({ channel: where.id, user: who.id, messageTs })}`,
      }),
    );
    return { ok: reply.status === 200, status: reply.status };
  }

  async function submit(body: unknown) {
    const input = parse(submitRequest, body);
    const who = user(input.user);
    const view = openView(input.view_id, who.id);
    const blocks = Array.isArray(view.view.blocks) ? view.view.blocks : [];
    const inputs = new Set(
      blocks.flatMap((block) => {
        const b = block as Obj;
        return b.type === 'input' && typeof b.block_id === 'string' ? [b.block_id] : [];
      }),
    );
    if (Object.keys(input.values).some((blockId) => !inputs.has(blockId)))
      throw new PageError(400, 'unknown_block');
    const sent = viewResponse(view, ctx.ids);
    const reply = await deps.sendToBot(
      viewSubmissionBody({
        user: userRef(who.id),
        team,
        api_app_id: ctx.ids.appId,
        trigger_id: ctx.triggers.issue({ user: who.id, viewId: view.id }),
        view: { ...sent, id: view.id, callback_id: String(sent.callback_id ?? '') },
        values: input.values,
      }),
    );
    viewErrors.delete(view.id);
    if (reply.status !== 200) return { ok: false, status: reply.status };
    let answer: Obj = {};
    try {
      answer = reply.body.trim() === '' ? {} : (JSON.parse(reply.body) as Obj);
    } catch {
      answer = {};
    }
    switch (answer.response_action) {
      case 'errors':
        viewErrors.set(view.id, (answer.errors ?? {}) as Record<string, string>);
        break;
      case 'update':
        if (typeof answer.view === 'object' && answer.view !== null)
          ctx.modals.update(view, answer.view as Obj);
        break;
      case 'push':
        if (typeof answer.view === 'object' && answer.view !== null)
          ctx.modals.push(answer.view as Obj, view);
        break;
      case 'clear': {
        const root = ctx.modals.find({ viewId: view.root_view_id });
        if (root) ctx.modals.close(root);
        break;
      }
      default:
        ctx.modals.close(view);
    }
    return { ok: true, status: reply.status, response_action: answer.response_action ?? 'close' };
  }

  async function closeView(body: unknown) {
    const input = parse(closeViewRequest, body);
    const view = openView(input.view_id, user(input.user).id);
    ctx.modals.close(view);
    if (view.view.notify_on_close === true) {
      await deps.sendToBot(
        payloadBody({
          type: 'view_closed',
          team,
          user: userRef(view.user!),
          api_app_id: ctx.ids.appId,
          view: viewResponse(view, ctx.ids),
          is_cleared: false,
        }),
      );
    }
    return { ok: true };
  }

  async function shortcut(body: unknown) {
    const input = parse(shortcutRequest, body);
    const who = user(input.user);
    const where = channel(input.channel);
    if (!deps.shortcuts.some((s) => s.callback_id === input.callback_id))
      throw new PageError(400, 'unknown_shortcut');
    const message = ctx.conversations.find(where.id, input.message_ts);
    if (!message) throw new PageError(404, 'message_not_found');
    const reply = await deps.sendToBot(
      messageShortcutBody({
        callback_id: input.callback_id,
        user: userRef(who.id),
        team,
        api_app_id: ctx.ids.appId,
        trigger_id: ctx.triggers.issue({ user: who.id }),
        response_url: `${deps.origin()}/response/${ctx.responseUrls.issue({ channel: where.id, user: who.id })}`,
        channel: { id: where.id, name: where.name },
        message: {
          ts: message.ts,
          text: message.text,
          user: message.user,
          ...(message.bot_id ? { bot_id: message.bot_id } : {}),
          ...(message.blocks ? { blocks: message.blocks } : {}),
          ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
        },
      }),
    );
    return { ok: reply.status === 200, status: reply.status };
  }

  function message(body: unknown) {
    const input = parse(messageRequest, body);
    const who = user(input.user);
    const where = channel(input.channel);
    let threadTs: string | undefined;
    if (input.thread_ts) {
      const parent = ctx.conversations.find(where.id, input.thread_ts);
      if (!parent) throw new PageError(404, 'thread_not_found');
      threadTs = parent.thread_ts ?? parent.ts;
    }
    const posted = ctx.conversations.post({
      channel: where.id,
      thread_ts: threadTs,
      text: input.text,
      user: who.id,
      via: 'web_api',
    });
    return { ok: true, ts: posted.ts };
  }

  async function alarm(body: unknown) {
    const input = parse(alarmRequest, body);
    if (!deps.hooks) throw new PageError(404, 'not_a_drill');
    if (!deps.hooks.alarms.some((a) => a.kind === input.kind)) throw new PageError(400, 'unknown_alarm');
    const reply = await deps.hooks.fireAlarm(input.kind);
    return { ok: reply.status === 200, status: reply.status, body: reply.body.slice(0, 200) };
  }

  async function reset() {
    if (!deps.hooks) throw new PageError(404, 'not_a_drill');
    await deps.hooks.reset();
    viewErrors.clear();
    deps.clearTraffic();
    return { ok: true };
  }

  const POSTS: Record<string, (body: unknown) => unknown> = {
    '/drill/command': command,
    '/drill/action': action,
    '/drill/submit': submit,
    '/drill/close-view': closeView,
    '/drill/shortcut': shortcut,
    '/drill/message': message,
    '/drill/alarm': alarm,
    '/drill/reset': reset,
  };

  /**
   * The page answers only to its own host name (loopback names by default), so a site that rebinds its DNS name
   * to 127.0.0.1 cannot read the drill or act in it. Bound to a wildcard address on purpose (HOST=0.0.0.0), any
   * name that reaches it is accepted.
   */
  function checkHost(req: IncomingMessage): void {
    const own = new URL(deps.origin());
    if (own.hostname === '0.0.0.0' || own.hostname === '[::]') return;
    const allowed = new Set([
      own.host,
      `localhost:${own.port}`,
      `127.0.0.1:${own.port}`,
      `[::1]:${own.port}`,
    ]);
    if (!allowed.has(String(req.headers.host ?? '').toLowerCase()))
      throw new PageError(403, 'forbidden_host');
  }

  /** Only the page itself may post: JSON (which a cross-site form cannot send) from this origin. */
  function checkSameOrigin(req: IncomingMessage): void {
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host}`)
      throw new PageError(403, 'forbidden_origin');
    if (req.headers['sec-fetch-site'] === 'cross-site') throw new PageError(403, 'forbidden_origin');
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json'))
      throw new PageError(415, 'unsupported_media_type');
  }

  async function post(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    checkSameOrigin(req);
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req, 64 * 1024)).toString('utf8'));
    } catch (error) {
      if (error instanceof SyntaxError) throw new PageError(400, 'invalid_json');
      throw error;
    }
    const result = await POSTS[path]!(body);
    deps.changed();
    json(res, 200, result);
  }

  async function get(res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    const asset = STATIC[path];
    if (asset) {
      const content = await readFile(join(PAGE_DIR, asset.file));
      res.writeHead(200, { 'content-type': asset.type, ...SECURITY_HEADERS });
      res.end(content);
      return;
    }
    if (path === '/drill/state') {
      const viewer = url.searchParams.get('user') ?? '';
      const since = Number(url.searchParams.get('since') ?? '-1');
      if (since === deps.version()) return json(res, 200, { version: since, unchanged: true });
      return json(
        res,
        200,
        pageState({
          ctx,
          viewer: ctx.directory.user(viewer) && !ctx.directory.user(viewer)?.isBot ? viewer : undefined,
          version: deps.version(),
          commands: deps.commands,
          shortcuts: deps.shortcuts,
          alarms: deps.hooks?.alarms ?? [],
          info: deps.hooks?.info() ?? { mode: 'simulator' },
          viewErrors,
        }),
      );
    }
    const fileId = /^\/files\/(F\d+)$/.exec(path)?.[1];
    if (fileId) {
      const file = ctx.files.get(fileId);
      if (!file?.content || !file.channel) throw new PageError(404, 'file_not_found');
      // Always a download, never rendered here: the bytes came from the bot and may hold anything.
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-disposition': `attachment; filename="${file.name.replace(/[^\w.-]/g, '_')}"`,
        'content-length': String(file.content.length),
        ...SECURITY_HEADERS,
      });
      res.end(file.content);
      return;
    }
    throw new PageError(404, 'not_found');
  }

  return {
    /** Whether this request is the page's (so the simulator does not forward it to the bot). */
    handles(method: string | undefined, path: string): boolean {
      if (method === 'GET') return path in STATIC || path === '/drill/state' || path.startsWith('/files/');
      return path.startsWith('/drill/');
    },
    async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
      try {
        checkHost(req);
        if (req.method === 'GET') return await get(res, url);
        if (req.method !== 'POST' || !(url.pathname in POSTS)) throw new PageError(404, 'not_found');
        await post(req, res, url.pathname);
      } catch (error) {
        if (!(error instanceof PageError)) throw error;
        json(res, error.status, { ok: false, error: error.code });
      }
    },
  };
}
