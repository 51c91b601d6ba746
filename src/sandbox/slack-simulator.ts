import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BodyTooLargeError, readBody } from '../http-body.js';
import {
  Conversations,
  createTsGenerator,
  type StoredEphemeral,
  type StoredMessage,
} from './conversations.js';
import { Directory, type SimChannel, type SimUser } from './directory.js';
import { DRILL_WORKSPACE } from './drill-workspace.js';
import { Files, type StoredFile } from './files.js';
import type { MethodContext, Obj, SimReply } from './methods/context.js';
import { MAX_SIMULATED_FILE_BYTES } from './methods/files.js';
import { WEB_API_METHODS } from './methods/registry.js';
import { postToResponseUrl } from './methods/response-url.js';
import { Modals, type StoredView } from './modals.js';
import { createPageRoutes, type DrillHooks } from './page-routes.js';
import { createKeyedRateLimiter } from './rate-limit.js';
import { parseApiRequest } from './request-parsing.js';
import { type ResponseUrlContext, ResponseUrls } from './response-urls.js';
import { type BotReply, postToBot } from './slack-requests.js';
import { type TriggerContext, Triggers } from './triggers.js';

export type { DrillHooks, SimChannel, SimUser, StoredEphemeral, StoredFile, StoredMessage, StoredView };

export interface SlackSimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Loopback by default: the simulator is for tests and drill mode on one machine. */
  host?: string;
  /** Signs the requests the simulator sends to the bot. */
  signingSecret: string;
  botToken: string;
  /** The ids default to fixed drill values; give the bot's configured ones where it checks them. */
  botUserId?: string;
  botId?: string;
  teamId?: string;
  teamDomain?: string;
  appId?: string;
  channels?: SimChannel[];
  users?: SimUser[];
  usergroups?: Record<string, string[]>;
  postsPerSecondPerChannel?: number;
  /** How many posts a channel tolerates back to back before the per-second rate applies. */
  burst?: number;
  /** 'strict' (default) only accepts trigger_ids from `triggerId()`, each once and within 3 seconds. */
  triggerIds?: 'strict' | 'lenient';
  now?: () => number;
  /** The app's slash commands and message shortcuts (from the manifest), for the drill page. */
  commands?: string[];
  shortcuts?: { callback_id: string; name: string }[];
}

export interface RecordedCall {
  /** A Web API method, or `response_url` for posts to a response URL (args then include `url`). */
  method: string;
  args: Obj;
  at: number;
  status: number;
  response: Obj;
}

export interface SlackSimulator {
  /** The Web API base URL, ending in `/api/`: give it to the client as `slackApiUrl`. */
  readonly url: string;
  /** The server's origin, for the drill page and response URLs. */
  readonly origin: string;
  /** Every request, in arrival order, refused ones included. */
  readonly calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  messages(channel: string): StoredMessage[];
  ephemerals(filter?: { channel?: string; user?: string }): StoredEphemeral[];
  views(): StoredView[];
  /** Files uploaded through files.getUploadURLExternal, with their bytes once uploaded. */
  files(): StoredFile[];
  /** A response_url for a request the simulator (or a test) sends to the bot. */
  responseUrl(context: ResponseUrlContext): string;
  /** A trigger_id, valid once for 3 seconds, for a request sent to the bot. */
  triggerId(context?: TriggerContext): string;
  addChannel(channel: SimChannel): void;
  addUser(user: SimUser): void;
  setUsergroup(id: string, members: string[]): void;
  /** Sends a body to the bot signed with the simulator's signing secret, as Slack would. */
  sendToBot(botUrl: string, body: string): Promise<BotReply>;
  /** Forgets all traffic (calls, messages, views, triggers, response URLs, rate limits); keeps channels and people. */
  reset(): void;
  /**
   * Drill mode: requests that are neither the Web API nor the page (the bot's /slack/events, /sns, /healthz, …)
   * go to this listener, so the page and the bot share one port.
   */
  setFallback(listener: RequestListener): void;
  /** Drill mode: sample alarms and Reset for the page. */
  setDrillHooks(hooks: DrillHooks): void;
  /** Where the simulator sends what people do on the page (default: `<origin>/slack/events`). */
  setBotUrl(url: string): void;
  close(): Promise<void>;
}

export const DEFAULT_IDS = {
  botUserId: DRILL_WORKSPACE.botUserId,
  botId: DRILL_WORKSPACE.botId,
  teamId: DRILL_WORKSPACE.teamId,
  teamDomain: DRILL_WORKSPACE.teamDomain,
  appId: DRILL_WORKSPACE.appId,
} as const;

export const DEFAULT_CHANNELS: SimChannel[] = [{ ...DRILL_WORKSPACE.channel }];
export const DEFAULT_USERS: SimUser[] = DRILL_WORKSPACE.users.map((user) => ({ ...user }));

/** @slack/web-api posts the bytes as multipart form data (one file part); other clients post them raw, which Slack accepts too. */
async function uploadedBytes(contentType: string | undefined, body: Buffer): Promise<Buffer | undefined> {
  if (!contentType?.startsWith('multipart/form-data')) return body;
  try {
    const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    for (const value of form.values()) {
      return typeof value === 'string' ? Buffer.from(value) : Buffer.from(await value.arrayBuffer());
    }
  } catch {
    // A malformed form is a failed upload, answered below.
  }
  return undefined;
}

function send(res: ServerResponse, reply: SimReply): void {
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
  res.end(JSON.stringify(reply.body));
}

export async function startSlackSimulator(options: SlackSimulatorOptions): Promise<SlackSimulator> {
  const now = options.now ?? Date.now;
  const host = options.host ?? '127.0.0.1';
  const botUserId = options.botUserId ?? DEFAULT_IDS.botUserId;
  const directory = new Directory({
    channels: options.channels ?? DEFAULT_CHANNELS,
    users: [{ id: botUserId, name: 'firebreak', isBot: true }, ...(options.users ?? DEFAULT_USERS)],
    usergroups: options.usergroups ?? {},
  });
  const ctx: MethodContext = {
    ids: {
      teamId: options.teamId ?? DEFAULT_IDS.teamId,
      teamDomain: options.teamDomain ?? DEFAULT_IDS.teamDomain,
      appId: options.appId ?? DEFAULT_IDS.appId,
      botUserId,
      botId: options.botId ?? DEFAULT_IDS.botId,
    },
    directory,
    conversations: new Conversations(createTsGenerator(now), now),
    modals: new Modals(now),
    triggers: new Triggers(now, options.triggerIds ?? 'strict'),
    responseUrls: new ResponseUrls(now),
    postLimiter: createKeyedRateLimiter({
      perSecond: options.postsPerSecondPerChannel ?? 1,
      burst: options.burst ?? 3,
      now,
    }),
    files: new Files(),
    uploadUrl: (fileId) => `${origin}/upload/${fileId}`,
  };
  const calls: RecordedCall[] = [];
  let origin = '';
  let botUrl: string | undefined;
  let fallback: RequestListener | undefined;
  let hooks: DrillHooks | undefined;
  /** Bumped on every change the page could show; the page polls it. */
  let version = 0;

  const record = (method: string, args: Obj, at: number, reply: SimReply): SimReply => {
    calls.push({ method, args, at, status: reply.status, response: reply.body });
    version += 1;
    return reply;
  };
  const signedToBot = (body: string) =>
    postToBot(botUrl ?? `${origin}/slack/events`, body, { secret: options.signingSecret });
  const clearTraffic = () => {
    calls.length = 0;
    ctx.conversations.clear();
    ctx.modals.clear();
    ctx.triggers.clear();
    ctx.responseUrls.clear();
    ctx.postLimiter.reset();
    ctx.files.clear();
    version += 1;
  };
  const page = createPageRoutes({
    ctx,
    origin: () => origin,
    commands: options.commands ?? ['/ir'],
    shortcuts: options.shortcuts ?? [],
    sendToBot: signedToBot,
    get hooks() {
      return hooks;
    },
    changed: () => {
      version += 1;
    },
    version: () => version,
    clearTraffic,
  });

  function answerApi(method: string, req: IncomingMessage, raw: string, at: number): SimReply {
    const parsed = parseApiRequest(req.headers, raw);
    if (!parsed.ok) return record(method, {}, at, { status: 200, body: { ok: false, error: parsed.error } });
    const { args, token } = parsed;
    if (token === undefined)
      return record(method, args, at, { status: 200, body: { ok: false, error: 'not_authed' } });
    if (token !== options.botToken)
      return record(method, args, at, { status: 200, body: { ok: false, error: 'invalid_auth' } });
    const handler = WEB_API_METHODS[method];
    const reply = handler
      ? handler(args, ctx)
      : { status: 200, body: { ok: false, error: 'unknown_method' } };
    return record(method, args, at, reply);
  }

  function answerResponseUrl(id: string, raw: string, at: number): SimReply {
    const url = `${origin}/response/${id}`;
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return record('response_url', { url }, at, {
        status: 400,
        body: { ok: false, error: 'invalid_payload' },
      });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return record('response_url', { url }, at, {
        status: 400,
        body: { ok: false, error: 'invalid_payload' },
      });
    }
    const args = { url, ...(body as Obj) };
    return record('response_url', args, at, postToResponseUrl(id, body as Obj, ctx));
  }

  function answerUpload(id: string, body: Buffer | undefined, at: number): SimReply {
    const file = ctx.files.get(id);
    const args = { url: `${origin}/upload/${id}`, bytes: body?.length ?? 0 };
    if (!file || !body || body.length !== file.declaredLength || !ctx.files.receive(id, body))
      return record('upload', args, at, { status: 400, body: { ok: false, error: 'upload_failed' } });
    return record('upload', args, at, { status: 200, body: { ok: true } });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const path = url.pathname;
    if (page.handles(req.method, path)) return page.handle(req, res, url);
    const simulatorPath = /^\/(api|response|upload)\//.test(path);
    if (!simulatorPath && fallback) return void fallback(req, res);
    if (req.method !== 'POST')
      return send(res, { status: 405, body: { ok: false, error: 'method_not_allowed' } });
    const at = now();
    const uploadId = /^\/upload\/(F\d+)$/.exec(path)?.[1];
    if (uploadId) {
      const body = await readBody(req, MAX_SIMULATED_FILE_BYTES);
      return send(res, answerUpload(uploadId, await uploadedBytes(req.headers['content-type'], body), at));
    }
    const raw = (await readBody(req)).toString('utf8');
    if (path.startsWith('/api/')) return send(res, answerApi(path.slice('/api/'.length), req, raw, at));
    const responseId = /^\/response\/([0-9a-f]+)$/.exec(path)?.[1];
    if (responseId) return send(res, answerResponseUrl(responseId, raw, at));
    send(res, { status: 404, body: { ok: false, error: 'not_found' } });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof BodyTooLargeError)
        return send(res, { status: 413, body: { ok: false, error: 'request_too_large' } });
      send(res, { status: 500, body: { ok: false, error: 'fatal_error', detail: String(error) } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url: `${origin}/api/`,
    origin,
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    messages: (channel) => ctx.conversations.messages(channel),
    ephemerals: (filter) => ctx.conversations.ephemerals(filter),
    views: () => ctx.modals.all(),
    files: () => ctx.files.all(),
    responseUrl: (context) => `${origin}/response/${ctx.responseUrls.issue(context)}`,
    triggerId: (context) => ctx.triggers.issue(context),
    addChannel: (channel) => directory.addChannel(channel),
    addUser: (user) => directory.addUser(user),
    setUsergroup: (id, members) => directory.setUsergroup(id, members),
    // Signed with the real clock, not the simulated one: the bot checks the timestamp against its own time.
    sendToBot: (url, body) => postToBot(url, body, { secret: options.signingSecret }),
    reset: clearTraffic,
    setFallback(listener) {
      fallback = listener;
    },
    setDrillHooks(drillHooks) {
      hooks = drillHooks;
    },
    setBotUrl(url) {
      botUrl = url;
    },
    async close() {
      // Keep-alive sockets from the bot's HTTP client would otherwise hold close() open.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
