import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StoreUnavailableError } from '../src/errors.js';
import { createMemoryStore } from '../src/incident/memory-store.js';
import type { IncidentStore } from '../src/incident/store.js';
import { createMetrics } from '../src/metrics.js';
import { signSlackRequest } from '../src/sandbox/slack-requests.js';
import { createFirebreakServer, type FirebreakServer, type ServerDeps } from '../src/server.js';

const SECRET = 'server-test-signing-secret-0123';

let running: FirebreakServer | undefined;
afterEach(async () => {
  await running?.shutdown(100);
  running = undefined;
});

async function start(overrides: Partial<ServerDeps> = {}) {
  const slackListener = vi.fn((_req, res) => {
    res.writeHead(200);
    res.end('bolt');
  });
  const sns = vi.fn(async (body: string) => ({ status: 200, body: `sns:${body.length}` }));
  const metrics = createMetrics();
  const deps: ServerDeps = {
    slackListener,
    slackGuard: { signingSecret: SECRET },
    sns,
    readiness: async () => ({ status: 200, body: '{"ready":true}' }),
    store: createMemoryStore(),
    metrics,
    logger: pino({ level: 'silent' }),
    now: Date.now,
    ...overrides,
  };
  running = createFirebreakServer(deps);
  await new Promise<void>((resolve) => running!.server.listen(0, '127.0.0.1', resolve));
  const { port } = running.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, port, slackListener, sns, metrics };
}

function signedHeaders(body: string, timestamp = Math.floor(Date.now() / 1000)) {
  return {
    'content-type': 'application/x-www-form-urlencoded',
    ...signSlackRequest(SECRET, body, timestamp),
  };
}

/** Streams a body without a Content-Length (chunked), as a client that lies about nothing but sends too much. */
function postChunked(port: number, path: string, size: number): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(-1));
    const chunk = Buffer.alloc(64 * 1024, 'a');
    for (let sent = 0; sent < size; sent += chunk.length) req.write(chunk);
    req.end();
  });
}

describe('the HTTP edge', () => {
  it('hands a verified Slack request to Bolt with its raw body already read', async () => {
    const { url, slackListener } = await start();
    const body = 'command=%2Fir&text=help&team_id=T1';
    const response = await fetch(`${url}/slack/events`, {
      method: 'POST',
      headers: signedHeaders(body),
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('bolt');
    expect(slackListener).toHaveBeenCalledOnce();
    expect((slackListener.mock.calls[0]![0] as { rawBody?: Buffer }).rawBody?.toString()).toBe(body);
  });

  it('refuses a declared body over 1 MB with 413 before reading or hashing it', async () => {
    const { url, slackListener, sns } = await start();
    const body = 'a'.repeat(1024 * 1024 + 1);
    expect(
      (await fetch(`${url}/slack/events`, { method: 'POST', headers: signedHeaders(body), body })).status,
    ).toBe(413);
    expect((await fetch(`${url}/sns`, { method: 'POST', body })).status).toBe(413);
    expect(slackListener).not.toHaveBeenCalled();
    expect(sns).not.toHaveBeenCalled();
  });

  it('cuts off a chunked body once it passes 1 MB, and never hands it on', async () => {
    const { port, sns } = await start();
    const status = await postChunked(port, '/sns', 3 * 1024 * 1024);
    expect([413, -1]).toContain(status);
    expect(sns).not.toHaveBeenCalled();
  });

  it('answers ssl_check with a bare 200 and never reaches Bolt, signed or not', async () => {
    const { url, slackListener } = await start();
    const body = 'ssl_check=1&command=%2Fir&text=close+resolved';
    const response = await fetch(`${url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(slackListener).not.toHaveBeenCalled();
  });

  it('rejects a replay of the same signed request without a second effect', async () => {
    const { url, slackListener, metrics } = await start();
    const body = 'command=%2Fir&text=status';
    const headers = signedHeaders(body);
    expect((await fetch(`${url}/slack/events`, { method: 'POST', headers, body })).status).toBe(200);
    expect((await fetch(`${url}/slack/events`, { method: 'POST', headers, body })).status).toBe(409);
    expect(slackListener).toHaveBeenCalledOnce();
    expect(
      await metrics.registry.getSingleMetricAsString('firebreak_slack_requests_rejected_total'),
    ).toContain('reason="replay"} 1');
  });

  it('rejects stale and future timestamps and bad signatures with 401', async () => {
    const { url, slackListener } = await start();
    const body = 'command=%2Fir&text=status';
    // Signed just before sending: a stale one only grows staler on the way; a future one gets 10 s of slack,
    // since on a loaded machine a request can take over a second to be checked.
    for (const offset of [-301, 310]) {
      const headers = signedHeaders(body, Math.floor(Date.now() / 1000) + offset);
      expect((await fetch(`${url}/slack/events`, { method: 'POST', headers, body })).status).toBe(401);
    }
    const forged = { ...signedHeaders(body), 'x-slack-signature': `v0=${'0'.repeat(64)}` };
    expect((await fetch(`${url}/slack/events`, { method: 'POST', headers: forged, body })).status).toBe(401);
    expect(slackListener).not.toHaveBeenCalled();
  });

  it('tells the person that nothing ran when the store cannot check for replays', async () => {
    const store = createMemoryStore();
    const broken: IncidentStore = Object.assign(Object.create(store), {
      claimOnce: async () => {
        throw new StoreUnavailableError('claimOnce');
      },
    });
    const { url, slackListener } = await start({ store: broken });
    const body = 'command=%2Fir&text=status';
    const response = await fetch(`${url}/slack/events`, {
      method: 'POST',
      headers: signedHeaders(body),
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('STORE_UNAVAILABLE');
    expect(slackListener).not.toHaveBeenCalled();
  });

  it('serves health, readiness, metrics and a 404, and counts requests by route', async () => {
    const { url, metrics } = await start();
    expect(await (await fetch(`${url}/healthz`)).text()).toBe('ok');
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect((await fetch(`${url}/nope`)).status).toBe(404);
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toContain('firebreak_http_requests_total{route="/healthz",status="200"} 1');
    expect(text).toContain('firebreak_http_requests_total{route="other",status="404"} 1');
    expect(await metrics.registry.getSingleMetricAsString('firebreak_http_requests_total')).toContain(
      '/readyz',
    );
  });

  it('waits for requests already accepted before it finishes shutting down', async () => {
    let release: () => void = () => {};
    const slow = vi.fn(
      (_body: string) =>
        new Promise<{ status: number }>((resolve) => {
          release = () => resolve({ status: 200 });
        }),
    );
    const { url } = await start({ sns: slow });
    const pending = fetch(`${url}/sns`, { method: 'POST', body: '{}' });
    await vi.waitFor(() => expect(slow).toHaveBeenCalled());
    const server = running!;
    running = undefined;
    let stopped = false;
    const stopping = server.shutdown(5_000).then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    release();
    expect((await pending).status).toBe(200);
    await stopping;
    expect(stopped).toBe(true);
  });
});
