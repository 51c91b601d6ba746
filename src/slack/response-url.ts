import { FirebreakError } from '../errors.js';

/**
 * Posts to a response_url. These come only from Slack requests that passed signature verification.
 * Slack accepts up to 5 posts within 30 minutes per URL; a deadline keeps a slow Slack from holding work open.
 */
export async function postToResponseUrl(
  args: Record<string, unknown>,
  timeoutMs: number,
  fetchFn: typeof fetch = fetch,
): Promise<{ ok: true }> {
  const { url, ...body } = args;
  if (typeof url !== 'string') throw new FirebreakError('SLACK_RESPONSE_URL', 'No response_url to reply to.');
  const response = await fetchFn(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (response.status === 429) {
    throw Object.assign(new Error('response_url rate limited'), {
      code: 'slack_webapi_rate_limited_error',
      retryAfter: Number(response.headers.get('retry-after') ?? 1),
    });
  }
  if (!response.ok)
    throw new FirebreakError('SLACK_RESPONSE_URL', `Slack refused the reply (HTTP ${response.status}).`);
  return { ok: true };
}
