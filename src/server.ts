import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import { StoreUnavailableError } from './errors.js';
import { BodyTooLargeError, readBody } from './http-body.js';
import type { IncidentStore } from './incident/store.js';
import type { Logger } from './log.js';
import type { Metrics } from './metrics.js';
import {
  checkSlackRequest,
  SLACK_TIMESTAMP_WINDOW_SECONDS,
  type SlackGuardOptions,
} from './slack/request-guard.js';

export interface HttpReply {
  status: number;
  body?: string;
  contentType?: string;
}

export interface ServerDeps {
  /** Bolt's HTTPReceiver request listener; it is handed requests whose raw body the edge has already read. */
  slackListener: RequestListener;
  slackGuard: SlackGuardOptions;
  sns: (body: string) => Promise<HttpReply>;
  readiness: () => Promise<HttpReply>;
  store: IncidentStore;
  metrics: Metrics;
  logger: Logger;
  now: () => number;
}

export interface FirebreakServer {
  server: Server;
  /** Stops accepting, then waits (up to graceMs) for requests already accepted, including acked Slack work. */
  shutdown(graceMs: number): Promise<void>;
}

function send(res: ServerResponse, reply: HttpReply): void {
  if (res.headersSent) return;
  res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'text/plain; charset=utf-8' });
  res.end(reply.body ?? '');
}

const SLACK_STORE_DOWN =
  'Firebreak cannot reach its incident store right now, so nothing was done. Try again in a minute. (STORE_UNAVAILABLE)';

export function createFirebreakServer(deps: ServerDeps): FirebreakServer {
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    work.finally(() => inFlight.delete(work)).catch(() => {});
    return work;
  };

  async function handleSlack(req: IncomingMessage, res: ServerResponse): Promise<string> {
    const body = await readBody(req);
    const verdict = checkSlackRequest(
      { headers: req.headers, body: body.toString('utf8') },
      deps.slackGuard,
      deps.now(),
    );
    if (verdict.kind === 'ssl-check') {
      send(res, { status: 200 });
      return 'ssl_check';
    }
    if (verdict.kind === 'reject') {
      deps.metrics.slackRejected.inc({ reason: verdict.reason });
      deps.logger.warn({ reason: verdict.reason }, 'slack request rejected at the edge');
      send(res, { status: verdict.status, body: 'invalid request' });
      return verdict.reason;
    }
    // The signature covers timestamp and body, so a second request with the same signature is a replay.
    let first: boolean;
    try {
      first = await deps.store.claimOnce(
        `slack-sig:${verdict.signature}`,
        SLACK_TIMESTAMP_WINDOW_SECONDS * 2,
      );
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      // Slack shows a 200 body to the person who typed the command; interactions ignore it. Nothing ran.
      send(res, { status: 200, body: SLACK_STORE_DOWN });
      return 'store-unavailable';
    }
    if (!first) {
      deps.metrics.slackRejected.inc({ reason: 'replay' });
      send(res, { status: 409, body: 'replayed request' });
      return 'replay';
    }
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
    await deps.slackListener(req, res);
    return 'accepted';
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<string> {
    const path = (req.url ?? '/').split('?')[0];
    const key = `${req.method} ${path}`;
    switch (key) {
      case 'POST /slack/events':
        return handleSlack(req, res);
      case 'POST /sns': {
        const reply = await deps.sns((await readBody(req)).toString('utf8'));
        send(res, reply);
        return String(reply.status);
      }
      case 'GET /healthz':
        send(res, { status: 200, body: 'ok' });
        return 'ok';
      case 'GET /readyz':
        send(res, await deps.readiness());
        return 'readyz';
      case 'GET /metrics':
        send(res, {
          status: 200,
          body: await deps.metrics.registry.metrics(),
          contentType: deps.metrics.registry.contentType,
        });
        return 'metrics';
      default:
        send(res, { status: 404, body: 'not found' });
        return 'not-found';
    }
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const known = ['/slack/events', '/sns', '/healthz', '/readyz', '/metrics'].includes(path)
      ? path
      : 'other';
    res.on('finish', () => deps.metrics.httpRequests.inc({ route: known, status: String(res.statusCode) }));
    track(
      route(req, res).catch((error: unknown) => {
        if (error instanceof BodyTooLargeError) {
          send(res, { status: 413, body: 'request body too large' });
          return;
        }
        deps.logger.error({ err: error, route: known }, 'request failed');
        send(res, { status: 500, body: 'internal error' });
      }),
    );
  });
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  return {
    server,
    async shutdown(graceMs) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
      await Promise.race([Promise.all([closed, Promise.allSettled([...inFlight])]), deadline]);
      server.closeAllConnections();
    },
  };
}
