import { StoreUnavailableError } from '../errors.js';
import type { IncidentStore } from '../incident/store.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { HttpReply } from '../server.js';
import type { AlarmIntake } from './intake.js';
import { type ConfirmResult, checkSubscribeUrl } from './sns-subscription.js';
import type { SnsVerifier } from './sns-verify.js';

/**
 * POST /sns. SNS counts any 2xx-4xx reply as delivered, so a 4xx drops a message for good: forged, unknown-topic,
 * stale or malformed messages get 4xx and change nothing, and only failures a retry could get past (the store is
 * down, a certificate could not be fetched) get 5xx. Nothing is echoed back, and nothing unverified reaches Slack.
 */
export function createSnsEndpoint(deps: {
  verifier: SnsVerifier;
  store: IncidentStore;
  intake: AlarmIntake;
  confirm: (subscribeUrl: string) => Promise<ConfirmResult>;
  maxAgeMs: number;
  metrics: Metrics;
  logger: Logger;
  now: () => Date;
}): (body: string) => Promise<HttpReply> {
  const dedupSeconds = Math.ceil(deps.maxAgeMs / 1000) + 3600;

  return async (body) => {
    const verdict = await deps.verifier.verify(body);
    if (!verdict.ok) {
      deps.metrics.alarmsRejected.inc({ code: verdict.code });
      deps.logger.warn({ code: verdict.code, reason: verdict.reason }, 'SNS message refused');
      if (verdict.retryable) return { status: 503, body: 'try again' };
      return {
        status: verdict.code === 'SNS_UNKNOWN_TOPIC' || verdict.code === 'SNS_BAD_SIGNATURE' ? 403 : 400,
      };
    }
    const message = verdict.message;
    const log = deps.logger.child({
      messageId: message.MessageId,
      topic: message.TopicArn,
      type: message.Type,
    });
    const claim = `sns:${message.MessageId}`;
    try {
      if (!(await deps.store.claimOnce(claim, dedupSeconds))) {
        deps.metrics.alarmsDeduped.inc();
        return { status: 200, body: 'duplicate' };
      }
      switch (message.Type) {
        case 'SubscriptionConfirmation': {
          const check = checkSubscribeUrl(message.SubscribeURL, message.TopicArn);
          if (!check.ok) {
            deps.metrics.alarmsRejected.inc({ code: 'SNS_BAD_SUBSCRIBE_URL' });
            log.warn(
              { reason: check.reason },
              'subscription confirmation refused: SubscribeURL is not the topic’s own',
            );
            return { status: 400 };
          }
          const confirmed = await deps.confirm(message.SubscribeURL);
          if (!confirmed.ok) {
            log.warn(
              { reason: confirmed.reason },
              'could not confirm the SNS subscription; asking SNS to retry',
            );
            await deps.store.releaseClaim(claim);
            return { status: 503, body: 'try again' };
          }
          log.info('SNS subscription confirmed');
          return { status: 200, body: 'confirmed' };
        }
        case 'UnsubscribeConfirmation':
          log.warn('SNS says this endpoint was unsubscribed from the topic');
          return { status: 200 };
        case 'Notification': {
          const outcome = await deps.intake.receive({
            message: message.Message,
            subject: message.Subject ?? undefined,
            topicArn: message.TopicArn,
            messageId: message.MessageId,
            receivedAt: deps.now(),
          });
          deps.metrics.alarmsReceived.inc({ state: outcome.state });
          return { status: 200, body: outcome.result };
        }
      }
    } catch (error) {
      await deps.store.releaseClaim(claim).catch(() => {});
      if (error instanceof StoreUnavailableError) {
        log.warn('incident store unavailable; asking SNS to redeliver');
        return { status: 503, body: 'try again' };
      }
      throw error;
    }
  };
}
