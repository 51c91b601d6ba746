import { isDeadlineError, withDeadline } from '../deadline.js';
import type { UrlCheck } from './sns-cert-url.js';
import { checkSnsEndpointUrl, regionOfTopicArn } from './sns-cert-url.js';

/**
 * Confirming a subscription is a GET to a URL taken from the request body, so the URL is held to
 * exactly what SNS sends: `https://sns.<topic region>.amazonaws.com/?Action=ConfirmSubscription
 * &TopicArn=<this topic>&Token=<token>`. Anything looser would make us fetch attacker-chosen URLs.
 */
export function checkSubscribeUrl(raw: string, topicArn: string): UrlCheck {
  const region = regionOfTopicArn(topicArn);
  if (region === undefined) return { ok: false, reason: 'topic ARN is not valid' };
  const checked = checkSnsEndpointUrl(raw, region);
  if (!checked.ok) return checked;

  const { url } = checked;
  if (url.pathname !== '/') return { ok: false, reason: 'path is not /' };
  const keys = [...url.searchParams.keys()];
  if (keys.length !== 3 || new Set(keys).size !== 3) {
    return { ok: false, reason: 'query must hold exactly Action, TopicArn and Token' };
  }
  if (url.searchParams.get('Action') !== 'ConfirmSubscription')
    return { ok: false, reason: 'action is not ConfirmSubscription' };
  if (url.searchParams.get('TopicArn') !== topicArn) return { ok: false, reason: 'names another topic' };
  if (!url.searchParams.get('Token')) return { ok: false, reason: 'has no token' };
  return checked;
}

export type ConfirmResult = { ok: true } | { ok: false; reason: string };

/** GETs a SubscribeURL already passed by `checkSubscribeUrl`. Never throws: a failure is a result to log. */
export async function confirmSubscription(
  url: string,
  fetchFn: typeof fetch = fetch,
  timeoutMs = 5000,
): Promise<ConfirmResult> {
  try {
    return await withDeadline(timeoutMs, async (signal): Promise<ConfirmResult> => {
      const response = await fetchFn(url, { method: 'GET', signal, redirect: 'error' });
      await response.body?.cancel();
      return response.ok ? { ok: true } : { ok: false, reason: `HTTP ${response.status}` };
    });
  } catch (error) {
    if (isDeadlineError(error)) return { ok: false, reason: `timed out after ${timeoutMs} ms` };
    return { ok: false, reason: error instanceof Error ? error.message : 'request failed' };
  }
}
