import { timingSafeEqual } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PAGE_CSP } from '../../src/sandbox/page-routes.js';
import { signSlackRequest } from '../../src/sandbox/slack-requests.js';
import { type SlackSimulator, startSlackSimulator } from '../../src/sandbox/slack-simulator.js';

/**
 * The drill page's endpoints: each builds what Slack would send and posts it to the bot signed; forged or
 * malformed input is refused with a 4xx and changes nothing.
 */

const SECRET = 'page-routes-secret-0123456789';
const TOKEN = 'xoxb-page-routes';
const USER = 'U0ONCALL';
const CHANNEL = 'C0INCIDENTS';

interface Received {
  body: string;
  signatureValid: boolean;
  payload?: Record<string, unknown>;
  form: URLSearchParams;
}

/** A stand-in for the bot: checks the signature as Bolt does, records the request, answers as told. */
async function fakeBot(answer: (received: Received) => { status?: number; body?: string; json?: unknown }) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const timestamp = Number(req.headers['x-slack-request-timestamp']);
      const expected = signSlackRequest(SECRET, body, timestamp)['x-slack-signature'];
      const given = String(req.headers['x-slack-signature'] ?? '');
      const form = new URLSearchParams(body);
      const entry: Received = {
        body,
        form,
        signatureValid:
          given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected)),
        payload: form.has('payload') ? JSON.parse(form.get('payload')!) : undefined,
      };
      received.push(entry);
      const reply = answer(entry);
      if (reply.json !== undefined) {
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(reply.json));
      } else {
        res.writeHead(reply.status ?? 200);
        res.end(reply.body ?? '');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('drill page endpoints', () => {
  let sim: SlackSimulator;
  let bot: Awaited<ReturnType<typeof fakeBot>>;
  let reply: (received: Received) => { status?: number; body?: string; json?: unknown };
  let client: WebClient;

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${sim.origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: sim.origin, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const state = async (user = USER) =>
    // biome-ignore lint/suspicious/noExplicitAny: the page's state JSON, read field by field in the assertions.
    (await (await fetch(`${sim.origin}/drill/state?user=${user}`)).json()) as Record<string, any>;

  beforeEach(async () => {
    reply = () => ({ body: '' });
    bot = await fakeBot((received) => reply(received));
    sim = await startSlackSimulator({
      signingSecret: SECRET,
      botToken: TOKEN,
      commands: ['/ir'],
      shortcuts: [{ callback_id: 'timeline.add', name: 'Add to timeline' }],
    });
    sim.setBotUrl(bot.url);
    client = new WebClient(TOKEN, { slackApiUrl: sim.url, retryConfig: { retries: 0 } });
  });

  afterEach(async () => {
    await sim.close();
    await bot.close();
  });

  it('serves the page with a strict Content-Security-Policy and no inline script', async () => {
    const response = await fetch(`${sim.origin}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(PAGE_CSP);
    expect(PAGE_CSP).toContain("script-src 'self'");
    expect(PAGE_CSP).not.toContain('unsafe-inline');
    const html = await response.text();
    expect(html).toContain('DRILL — simulated account');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const script = await fetch(`${sim.origin}/page/app.js`);
    expect(script.headers.get('content-type')).toContain('javascript');
    // Rendering builds DOM nodes: no HTML parsing of anything, so message text can never become markup.
    const HTML_SINKS = /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|new Function|eval\(/;
    expect(await script.text()).not.toMatch(HTML_SINKS);
    for (const file of ['blocks.js', 'mrkdwn.js']) {
      expect(await (await fetch(`${sim.origin}/page/${file}`)).text()).not.toMatch(HTML_SINKS);
    }
  });

  it('sends a typed /ir command to the bot signed, with a trigger_id and response_url of its own', async () => {
    reply = () => ({ json: { response_type: 'ephemeral', text: 'Usage: /ir status' } });
    const response = await post('/drill/command', {
      user: USER,
      channel: CHANNEL,
      text: '/ir status inc=INC-1',
    });
    expect(response.status).toBe(200);
    expect(bot.received).toHaveLength(1);
    const sent = bot.received[0]!;
    expect(sent.signatureValid).toBe(true);
    expect(sent.form.get('command')).toBe('/ir');
    expect(sent.form.get('text')).toBe('status inc=INC-1');
    expect(sent.form.get('user_id')).toBe(USER);
    expect(sent.form.get('response_url')).toMatch(new RegExp(`^${sim.origin}/response/[0-9a-f]{32}$`));
    // The trigger_id is one the simulator issued: views.open accepts it once.
    await client.views.open({
      trigger_id: sent.form.get('trigger_id')!,
      view: { type: 'modal', title: { type: 'plain_text', text: 'Hi' }, blocks: [] },
    });
    // The ack's text is shown to the person who typed, and to nobody else.
    expect((await state()).ephemerals.map((e: { text: string }) => e.text)).toEqual(['Usage: /ir status']);
    expect((await state('U0ADMIN')).ephemerals).toEqual([]);
  });

  it('answers a command the app does not have as Slack does, without calling the bot', async () => {
    await post('/drill/command', { user: USER, channel: CHANNEL, text: '/deploy prod' });
    expect(bot.received).toHaveLength(0);
    expect((await state()).ephemerals[0].text).toContain('/deploy is not a valid command');
  });

  it('refuses forged and malformed requests with a 4xx and changes nothing', async () => {
    const { ts } = await client.chat.postMessage({
      channel: CHANNEL,
      text: 'card',
      blocks: [
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'incident.acknowledge',
              text: { type: 'plain_text', text: 'Ack' },
              value: 'INC-1',
            },
          ],
        },
      ],
    });
    const before = JSON.stringify(await state());
    const cases: [string, unknown, Record<string, string>, number][] = [
      [
        '/drill/command',
        { user: USER, channel: CHANNEL, text: '/ir help' },
        { origin: 'https://evil.example' },
        403,
      ],
      [
        '/drill/command',
        { user: USER, channel: CHANNEL, text: '/ir help' },
        { 'sec-fetch-site': 'cross-site' },
        403,
      ],
      [
        '/drill/command',
        'user=U0ONCALL&text=/ir',
        { 'content-type': 'application/x-www-form-urlencoded' },
        415,
      ],
      ['/drill/command', '{not json', {}, 400],
      ['/drill/command', { user: 'U0NOBODY', channel: CHANNEL, text: '/ir help' }, {}, 400],
      ['/drill/command', { user: USER, channel: 'C0NOWHERE', text: '/ir help' }, {}, 404],
      ['/drill/command', { user: 'U0FIREBREAK', channel: CHANNEL, text: '/ir help' }, {}, 400],
      ['/drill/command', { user: USER, channel: CHANNEL, text: 'x'.repeat(5000) }, {}, 400],
      [
        '/drill/action',
        {
          user: USER,
          channel: CHANNEL,
          message_ts: ts,
          action: { type: 'button', action_id: 'contain.confirm', value: 'ACT-1' },
        },
        {},
        400,
      ],
      [
        '/drill/action',
        {
          user: USER,
          channel: CHANNEL,
          message_ts: '1111111111.000001',
          action: { type: 'button', action_id: 'incident.acknowledge' },
        },
        {},
        404,
      ],
      [
        '/drill/action',
        { user: USER, channel: CHANNEL, action: { type: 'button', action_id: 'incident.acknowledge' } },
        {},
        400,
      ],
      ['/drill/submit', { user: USER, view_id: 'V0000000099', values: {} }, {}, 404],
      [
        '/drill/shortcut',
        { user: USER, channel: CHANNEL, message_ts: ts, callback_id: 'not.declared' },
        {},
        400,
      ],
      ['/drill/alarm', { kind: 'high-cpu' }, {}, 404],
      ['/drill/reset', {}, {}, 404],
      ['/drill/nothing', {}, {}, 404],
    ];
    for (const [path, body, headers, status] of cases) {
      const response = await post(path, body, headers);
      expect(response.status, `${path} ${JSON.stringify(body).slice(0, 80)} ${JSON.stringify(headers)}`).toBe(
        status,
      );
      expect(((await response.json()) as { ok: boolean }).ok).toBe(false);
    }
    expect(bot.received).toHaveLength(0);
    const after = await state();
    expect(JSON.stringify({ ...after, version: 0 })).toBe(
      JSON.stringify({ ...JSON.parse(before), version: 0 }),
    );
  });

  it('answers only to its own host name, so a DNS-rebinding site can neither read nor act', async () => {
    const { port } = new URL(sim.origin);
    const asHost = (host: string, method: string, path: string, body?: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            method,
            path,
            headers: { host, 'content-type': 'application/json', origin: `http://${host}` },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    expect(await asHost(`rebind.example:${port}`, 'GET', '/drill/state?user=U0ONCALL')).toBe(403);
    expect(await asHost(`rebind.example:${port}`, 'GET', '/')).toBe(403);
    const command = JSON.stringify({ user: USER, channel: CHANNEL, text: '/ir help' });
    expect(await asHost(`rebind.example:${port}`, 'POST', '/drill/command', command)).toBe(403);
    expect(bot.received).toHaveLength(0);
    // Loopback names are the page's own.
    expect(await asHost(`localhost:${port}`, 'GET', '/drill/state?user=U0ONCALL')).toBe(200);
    expect(await asHost(`localhost:${port}`, 'POST', '/drill/command', command)).toBe(200);
    expect(bot.received).toHaveLength(1);
  });

  it('sends a button click on a message as block_actions, whose response_url replaces that message', async () => {
    const { ts } = await client.chat.postMessage({
      channel: CHANNEL,
      text: 'card',
      blocks: [
        {
          type: 'actions',
          block_id: 'card',
          elements: [
            {
              type: 'button',
              action_id: 'incident.acknowledge',
              text: { type: 'plain_text', text: 'Ack' },
              value: 'INC-1',
            },
          ],
        },
      ],
    });
    const response = await post('/drill/action', {
      user: USER,
      channel: CHANNEL,
      message_ts: ts,
      action: { type: 'button', action_id: 'incident.acknowledge', block_id: 'card', value: 'INC-1' },
    });
    expect(response.status).toBe(200);
    const payload = bot.received[0]!.payload!;
    expect(bot.received[0]!.signatureValid).toBe(true);
    expect(payload.type).toBe('block_actions');
    expect(payload.user).toMatchObject({ id: USER, username: 'oncall' });
    expect((payload.message as { ts: string }).ts).toBe(ts);
    expect(payload.actions).toEqual([
      expect.objectContaining({ action_id: 'incident.acknowledge', value: 'INC-1', block_id: 'card' }),
    ]);
    const replaced = await fetch(payload.response_url as string, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ replace_original: true, text: 'Acknowledged by <@U0ONCALL>' }),
    });
    expect(replaced.status).toBe(200);
    expect(sim.messages(CHANNEL)[0]!.text).toBe('Acknowledged by <@U0ONCALL>');
  });

  it('submits a modal as view_submission: errors stay on the form, an empty ack closes it, update replaces it', async () => {
    reply = () => ({ body: '' });
    await post('/drill/command', { user: USER, channel: CHANNEL, text: '/ir revoke' });
    const trigger = bot.received[0]!.form.get('trigger_id')!;
    const view = {
      type: 'modal' as const,
      callback_id: 'contain.revoke.target',
      private_metadata: 'INC-1',
      title: { type: 'plain_text' as const, text: 'Revoke credentials' },
      submit: { type: 'plain_text' as const, text: 'Preview' },
      blocks: [
        {
          type: 'input',
          block_id: 'principal',
          label: { type: 'plain_text', text: 'Who' },
          element: { type: 'plain_text_input', action_id: 'value' },
        },
      ],
    };
    const opened = await client.views.open({ trigger_id: trigger, view: view as never });
    const viewId = opened.view!.id!;
    expect((await state()).view.id).toBe(viewId);
    expect((await state('U0ADMIN')).view).toBeNull();

    reply = () => ({ json: { response_action: 'errors', errors: { principal: 'Give a user.' } } });
    const values = { principal: { value: { type: 'plain_text_input', value: 'mallory' } } };
    await post('/drill/submit', { user: USER, view_id: viewId, values });
    const submitted = bot.received.at(-1)!.payload!;
    expect(submitted.type).toBe('view_submission');
    expect(submitted.view).toMatchObject({
      id: viewId,
      callback_id: 'contain.revoke.target',
      private_metadata: 'INC-1',
      state: { values },
    });
    expect((await state()).view.errors).toEqual({ principal: 'Give a user.' });

    reply = () => ({
      json: {
        response_action: 'update',
        view: { ...view, title: { type: 'plain_text', text: 'Preview' }, blocks: [] },
      },
    });
    await post('/drill/submit', { user: USER, view_id: viewId, values });
    expect((await state()).view).toMatchObject({ id: viewId, title: { text: 'Preview' }, errors: {} });

    const forged = await post('/drill/submit', {
      user: USER,
      view_id: viewId,
      values: { other: values.principal },
    });
    expect(forged.status).toBe(400);

    reply = () => ({ body: '' });
    await post('/drill/submit', { user: USER, view_id: viewId, values: {} });
    expect((await state()).view).toBeNull();
  });

  it('sends a message shortcut declared in the manifest as message_action', async () => {
    const posted = await post('/drill/message', {
      user: USER,
      channel: CHANNEL,
      text: 'I saw mallory log in from 203.0.113.66',
    });
    const { ts } = (await posted.json()) as { ts: string };
    await post('/drill/shortcut', {
      user: USER,
      channel: CHANNEL,
      message_ts: ts,
      callback_id: 'timeline.add',
    });
    const payload = bot.received[0]!.payload!;
    expect(payload).toMatchObject({
      type: 'message_action',
      callback_id: 'timeline.add',
      message_ts: ts,
      channel: { id: CHANNEL },
      message: { text: 'I saw mallory log in from 203.0.113.66', user: USER },
    });
    expect(typeof payload.trigger_id).toBe('string');
    expect(typeof payload.response_url).toBe('string');
  });

  it('offers shared files as downloads, never rendered inline', async () => {
    await client.filesUploadV2({
      channel_id: CHANNEL,
      file: Buffer.from('# INC-1 report\n'),
      filename: 'INC-1.md',
    });
    const file = (await state()).messages.find((m: { files: unknown[] }) => m.files.length > 0).files[0];
    const response = await fetch(`${sim.origin}${file.url}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="INC-1.md"');
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(await response.text()).toBe('# INC-1 report\n');
    expect((await fetch(`${sim.origin}/files/F999999999`)).status).toBe(404);
  });

  it('hands every other path to the bot (drill mode shares one port) and runs the drill hooks', async () => {
    let forwarded = '';
    sim.setFallback((req, res) => {
      forwarded = `${req.method} ${req.url}`;
      res.end('ok');
    });
    expect(await (await fetch(`${sim.origin}/healthz`)).text()).toBe('ok');
    expect(forwarded).toBe('GET /healthz');

    const fired: string[] = [];
    let resets = 0;
    sim.setDrillHooks({
      alarms: [{ kind: 'high-cpu', label: 'High CPU' }],
      fireAlarm: async (kind) => {
        fired.push(kind);
        return { status: 200, body: 'opened' };
      },
      reset: async () => {
        resets += 1;
      },
      info: () => ({ mode: 'drill' }),
    });
    expect((await post('/drill/alarm', { kind: 'high-cpu' })).status).toBe(200);
    expect((await post('/drill/alarm', { kind: 'made-up' })).status).toBe(400);
    expect(fired).toEqual(['high-cpu']);
    await client.chat.postMessage({ channel: CHANNEL, text: 'before reset' });
    expect((await post('/drill/reset', {})).status).toBe(200);
    expect(resets).toBe(1);
    expect((await state()).messages).toEqual([]);
  });
});
