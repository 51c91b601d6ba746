import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkSlackRequest,
  SLACK_TIMESTAMP_WINDOW_SECONDS,
  type SlackGuardOptions,
  slackOrigin,
} from '../../src/slack/request-guard.js';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const NOW_S = 1_764_144_343; // 2025-11-26T08:05:43Z
const NOW_MS = NOW_S * 1000;
const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

function sign(body: string, timestamp: number | string, secret = SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

function signed(body: string, contentType: string, options: { timestamp?: number; secret?: string } = {}) {
  const timestamp = options.timestamp ?? NOW_S;
  return {
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': sign(body, timestamp, options.secret),
    } as Record<string, string | string[] | undefined>,
    body,
  };
}

const slashCommand = (fields: Record<string, string> = {}) =>
  new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0OURTEAM',
    api_app_id: 'A0OURAPP',
    channel_id: 'C0INCIDENTS',
    user_id: 'U0RESPONDER',
    command: '/ir',
    text: 'status',
    response_url: 'https://hooks.slack.com/commands/T0OURTEAM/1/abc',
    trigger_id: '1.2.3',
    ...fields,
  }).toString();

const interaction = (teamId: string, appId = 'A0OURAPP') =>
  new URLSearchParams({
    payload: JSON.stringify({
      type: 'block_actions',
      team: { id: teamId, domain: 'example' },
      user: { id: 'U0RESPONDER' },
      api_app_id: appId,
      actions: [{ action_id: 'incident.acknowledge', value: 'INC-1' }],
    }),
  }).toString();

const event = (fields: { team_id?: string; api_app_id?: string }) =>
  JSON.stringify({
    token: 'deprecated',
    type: 'event_callback',
    event: { type: 'app_mention', text: 'hi' },
    event_id: 'Ev01',
    event_time: NOW_S,
    ...fields,
  });

const base: SlackGuardOptions = { signingSecret: SECRET };
const pinned: SlackGuardOptions = { signingSecret: SECRET, teamId: 'T0OURTEAM', appId: 'A0OURAPP' };

describe('checkSlackRequest: signatures', () => {
  it('accepts a correctly signed slash command and returns its signature', () => {
    const request = signed(slashCommand(), FORM);
    expect(checkSlackRequest(request, base, NOW_MS)).toEqual({
      kind: 'accept',
      signature: request.headers['x-slack-signature'],
    });
  });

  it('accepts a signed JSON event and a signed interaction', () => {
    expect(checkSlackRequest(signed(event({ team_id: 'T0OURTEAM' }), JSON_TYPE), base, NOW_MS).kind).toBe(
      'accept',
    );
    expect(checkSlackRequest(signed(interaction('T0OURTEAM'), FORM), base, NOW_MS).kind).toBe('accept');
  });

  it('rejects a request signed with another secret', () => {
    const request = signed(slashCommand(), FORM, { secret: 'not-our-signing-secret-at-all!!' });
    expect(checkSlackRequest(request, base, NOW_MS)).toEqual({
      kind: 'reject',
      status: 401,
      reason: 'bad-signature',
    });
  });

  it('rejects a tampered body', () => {
    const request = signed(slashCommand({ text: 'status' }), FORM);
    request.body = slashCommand({ text: 'close false-positive' });
    expect(checkSlackRequest(request, base, NOW_MS)).toEqual({
      kind: 'reject',
      status: 401,
      reason: 'bad-signature',
    });
  });

  it('rejects a signature that is not v0', () => {
    const request = signed(slashCommand(), FORM);
    request.headers['x-slack-signature'] = String(request.headers['x-slack-signature']).replace(
      /^v0=/,
      'v1=',
    );
    expect(checkSlackRequest(request, base, NOW_MS)).toMatchObject({ kind: 'reject', status: 401 });
  });

  it.each(['x-slack-signature', 'x-slack-request-timestamp'])(
    'rejects a request without %s as unsigned',
    (name) => {
      const request = signed(slashCommand(), FORM);
      delete request.headers[name];
      expect(checkSlackRequest(request, base, NOW_MS)).toEqual({
        kind: 'reject',
        status: 401,
        reason: 'unsigned',
      });
    },
  );

  it('rejects a request with no headers at all', () => {
    expect(checkSlackRequest({ headers: {}, body: slashCommand() }, base, NOW_MS)).toEqual({
      kind: 'reject',
      status: 401,
      reason: 'unsigned',
    });
  });

  it.each(['', 'now', '-5', '1.5e9', `${NOW_S} `])('rejects the non-numeric timestamp %j', (timestamp) => {
    const request = signed(slashCommand(), FORM);
    request.headers['x-slack-request-timestamp'] = timestamp;
    expect(checkSlackRequest(request, base, NOW_MS)).toMatchObject({ kind: 'reject', status: 401 });
  });

  it('takes the first value of a repeated header', () => {
    const request = signed(slashCommand(), FORM);
    request.headers['x-slack-signature'] = [String(request.headers['x-slack-signature']), 'v0=deadbeef'];
    expect(checkSlackRequest(request, base, NOW_MS).kind).toBe('accept');
  });
});

describe('checkSlackRequest: the timestamp window', () => {
  it('is five minutes', () => {
    expect(SLACK_TIMESTAMP_WINDOW_SECONDS).toBe(300);
  });

  it('accepts a request exactly 300 s old or 300 s ahead', () => {
    const old = signed(slashCommand(), FORM, { timestamp: NOW_S - 300 });
    const ahead = signed(slashCommand(), FORM, { timestamp: NOW_S + 300 });
    expect(checkSlackRequest(old, base, NOW_MS).kind).toBe('accept');
    expect(checkSlackRequest(ahead, base, NOW_MS).kind).toBe('accept');
  });

  it('rejects a correctly signed request 301 s old', () => {
    const request = signed(slashCommand(), FORM, { timestamp: NOW_S - 301 });
    expect(checkSlackRequest(request, base, NOW_MS)).toEqual({
      kind: 'reject',
      status: 401,
      reason: 'stale-or-future',
    });
  });

  it('rejects a correctly signed request 301 s in the future (Bolt alone would accept it)', () => {
    const request = signed(slashCommand(), FORM, { timestamp: NOW_S + 301 });
    expect(checkSlackRequest(request, base, NOW_MS)).toEqual({
      kind: 'reject',
      status: 401,
      reason: 'stale-or-future',
    });
  });

  it('uses the time it is given, not the clock', () => {
    const request = signed(slashCommand(), FORM, { timestamp: 1_000_000_000 });
    expect(checkSlackRequest(request, base, 1_000_000_000_000).kind).toBe('accept');
    expect(checkSlackRequest(request, base, NOW_MS).kind).toBe('reject');
  });
});

describe('checkSlackRequest: ssl_check', () => {
  it('answers an unsigned ssl_check=1 form body as an ssl check', () => {
    const body = 'ssl_check=1&token=deprecated';
    expect(checkSlackRequest({ headers: { 'content-type': FORM }, body }, pinned, NOW_MS)).toEqual({
      kind: 'ssl-check',
    });
  });

  it('answers ssl_check even with a stale timestamp and a bad signature', () => {
    const request = signed('ssl_check=1', FORM, {
      timestamp: NOW_S - 10_000,
      secret: 'wrong-secret-wrong-secret',
    });
    expect(checkSlackRequest(request, base, NOW_MS)).toEqual({ kind: 'ssl-check' });
  });

  it('does not treat ssl_check=0 or a JSON body mentioning ssl_check as an ssl check', () => {
    expect(
      checkSlackRequest({ headers: { 'content-type': FORM }, body: 'ssl_check=0' }, base, NOW_MS).kind,
    ).toBe('reject');
    const json = JSON.stringify({ ssl_check: '1' });
    expect(checkSlackRequest({ headers: { 'content-type': JSON_TYPE }, body: json }, base, NOW_MS).kind).toBe(
      'reject',
    );
  });
});

describe('checkSlackRequest: workspace and app pinning', () => {
  it('refuses a slash command from a foreign team_id with 403 when a team is configured', () => {
    const request = signed(slashCommand({ team_id: 'T0ATTACKER' }), FORM);
    expect(checkSlackRequest(request, pinned, NOW_MS)).toEqual({
      kind: 'reject',
      status: 403,
      reason: 'foreign-team',
    });
    expect(checkSlackRequest(request, base, NOW_MS).kind).toBe('accept');
  });

  it('refuses an interaction payload from a foreign team.id with 403 when a team is configured', () => {
    const request = signed(interaction('T0ATTACKER'), FORM);
    expect(checkSlackRequest(request, pinned, NOW_MS)).toEqual({
      kind: 'reject',
      status: 403,
      reason: 'foreign-team',
    });
    expect(checkSlackRequest(request, base, NOW_MS).kind).toBe('accept');
  });

  it('refuses a JSON event from a foreign api_app_id with 403 when an app is configured', () => {
    const request = signed(event({ team_id: 'T0OURTEAM', api_app_id: 'A0OTHERAPP' }), JSON_TYPE);
    expect(checkSlackRequest(request, pinned, NOW_MS)).toEqual({
      kind: 'reject',
      status: 403,
      reason: 'foreign-app',
    });
    expect(checkSlackRequest(request, base, NOW_MS).kind).toBe('accept');
    expect(checkSlackRequest(request, { signingSecret: SECRET, teamId: 'T0OURTEAM' }, NOW_MS).kind).toBe(
      'accept',
    );
  });

  it('refuses a foreign api_app_id in a slash command and in an interaction', () => {
    expect(
      checkSlackRequest(signed(slashCommand({ api_app_id: 'A0OTHERAPP' }), FORM), pinned, NOW_MS),
    ).toMatchObject({
      status: 403,
      reason: 'foreign-app',
    });
    expect(
      checkSlackRequest(signed(interaction('T0OURTEAM', 'A0OTHERAPP'), FORM), pinned, NOW_MS),
    ).toMatchObject({
      status: 403,
      reason: 'foreign-app',
    });
  });

  it('refuses a foreign team_id in a JSON event', () => {
    const request = signed(event({ team_id: 'T0ATTACKER', api_app_id: 'A0OURAPP' }), JSON_TYPE);
    expect(checkSlackRequest(request, pinned, NOW_MS)).toMatchObject({ status: 403, reason: 'foreign-team' });
  });

  it('accepts our own team and app', () => {
    expect(checkSlackRequest(signed(slashCommand(), FORM), pinned, NOW_MS).kind).toBe('accept');
    expect(checkSlackRequest(signed(interaction('T0OURTEAM'), FORM), pinned, NOW_MS).kind).toBe('accept');
    expect(
      checkSlackRequest(
        signed(event({ team_id: 'T0OURTEAM', api_app_id: 'A0OURAPP' }), JSON_TYPE),
        pinned,
        NOW_MS,
      ).kind,
    ).toBe('accept');
  });

  it('checks the signature before the team, so an unsigned foreign request is a 401', () => {
    const request = signed(slashCommand({ team_id: 'T0ATTACKER' }), FORM, {
      secret: 'wrong-secret-wrong-secret',
    });
    expect(checkSlackRequest(request, pinned, NOW_MS)).toMatchObject({ status: 401 });
  });

  it('accepts a signed request whose body names no team or app (url_verification)', () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'abc', token: 'x' });
    expect(checkSlackRequest(signed(body, JSON_TYPE), pinned, NOW_MS).kind).toBe('accept');
  });
});

describe('slackOrigin', () => {
  it('reads team and app from each of Slack’s three shapes', () => {
    expect(slackOrigin(slashCommand(), FORM)).toEqual({
      teamId: 'T0OURTEAM',
      appId: 'A0OURAPP',
      sslCheck: false,
    });
    expect(slackOrigin(interaction('T0X', 'A0Y'), FORM)).toEqual({
      teamId: 'T0X',
      appId: 'A0Y',
      sslCheck: false,
    });
    expect(slackOrigin(event({ team_id: 'T0E', api_app_id: 'A0E' }), `${JSON_TYPE}; charset=utf-8`)).toEqual({
      teamId: 'T0E',
      appId: 'A0E',
      sslCheck: false,
    });
  });

  it('never throws on a malformed body', () => {
    expect(slackOrigin('{not json', JSON_TYPE)).toEqual({ sslCheck: false });
    expect(slackOrigin('payload=%7Bbroken', FORM)).toEqual({ sslCheck: false });
  });
});
