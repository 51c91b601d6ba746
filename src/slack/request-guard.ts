import { verifySlackRequest } from '@slack/bolt';

/**
 * Checks the HTTP edge makes before Bolt sees a Slack request. Bolt's own verification stays on behind it;
 * this closes its gaps: timestamps in the future, unsigned ssl_check, and workspaces or apps that are not ours.
 * Pure: the time is passed in.
 */
export const SLACK_TIMESTAMP_WINDOW_SECONDS = 300;

export type SlackGuardVerdict =
  | { kind: 'ssl-check' }
  | { kind: 'accept'; signature: string }
  | { kind: 'reject'; status: 401 | 403; reason: string };

export interface SlackGuardOptions {
  signingSecret: string;
  teamId?: string;
  appId?: string;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** team and app ids as Slack puts them in slash commands (form), interactions (payload JSON) and events (JSON). */
export function slackOrigin(
  body: string,
  contentType: string,
): { teamId?: string; appId?: string; sslCheck: boolean } {
  try {
    if (contentType.includes('application/json')) {
      const json = JSON.parse(body) as { team_id?: string; api_app_id?: string };
      return { teamId: json.team_id, appId: json.api_app_id, sslCheck: false };
    }
    const form = new URLSearchParams(body);
    if (form.get('ssl_check') === '1') return { sslCheck: true };
    const payload = form.get('payload');
    if (payload) {
      const json = JSON.parse(payload) as { team?: { id?: string }; api_app_id?: string };
      return { teamId: json.team?.id, appId: json.api_app_id, sslCheck: false };
    }
    return {
      teamId: form.get('team_id') ?? undefined,
      appId: form.get('api_app_id') ?? undefined,
      sslCheck: false,
    };
  } catch {
    return { sslCheck: false };
  }
}

export function checkSlackRequest(
  request: { headers: Record<string, string | string[] | undefined>; body: string },
  options: SlackGuardOptions,
  nowMs: number,
): SlackGuardVerdict {
  const contentType = header(request.headers, 'content-type') ?? '';
  const origin = slackOrigin(request.body, contentType);
  // Slack's certificate check carries no work for us; answering a bare 200 means nothing reaches Bolt unsigned.
  if (origin.sslCheck) return { kind: 'ssl-check' };

  const signature = header(request.headers, 'x-slack-signature');
  const timestamp = header(request.headers, 'x-slack-request-timestamp');
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) {
    return { kind: 'reject', status: 401, reason: 'unsigned' };
  }
  const skew = Math.abs(nowMs / 1000 - Number(timestamp));
  if (skew > SLACK_TIMESTAMP_WINDOW_SECONDS)
    return { kind: 'reject', status: 401, reason: 'stale-or-future' };
  try {
    verifySlackRequest({
      signingSecret: options.signingSecret,
      body: request.body,
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(timestamp) },
      nowMilliseconds: nowMs,
    });
  } catch {
    return { kind: 'reject', status: 401, reason: 'bad-signature' };
  }
  if (options.teamId && origin.teamId && origin.teamId !== options.teamId) {
    return { kind: 'reject', status: 403, reason: 'foreign-team' };
  }
  if (options.appId && origin.appId && origin.appId !== options.appId) {
    return { kind: 'reject', status: 403, reason: 'foreign-app' };
  }
  return { kind: 'accept', signature };
}
