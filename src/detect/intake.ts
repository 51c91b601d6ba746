import type { Config } from '../config.js';
import type { RecordEvent } from '../incident/audit.js';
import type { AlarmState } from '../incident/incident.js';
import type { IncidentStore } from '../incident/store.js';
import type { Logger } from '../log.js';
import { incidentLogger } from '../log.js';
import { parseAlarmMessage } from './alarm.js';
import { alarmFacts, applyAlarm, incidentFromAlarm, shouldApply } from './alarm-apply.js';
import type { CardPublisher } from './card-publisher.js';
import { channelFor } from './routing.js';

export interface AlarmNotification {
  message: string;
  subject?: string;
  topicArn: string;
  messageId: string;
  receivedAt: Date;
}

export interface IntakeOutcome {
  state: AlarmState;
  result: 'opened' | 'updated' | 'ignored';
  incidentId?: string;
}

export interface AlarmIntake {
  receive(notification: AlarmNotification): Promise<IntakeOutcome>;
}

/**
 * Alarm → incident. One alarm (account + region + name) has at most one open incident: the first ALARM opens one,
 * later notifications go on its timeline and refresh its card, and an alarm after the close opens a new one.
 * A per-alarm lease (shared by replicas) makes "find or open" atomic under a burst of redeliveries.
 */
export function createAlarmIntake(deps: {
  store: IncidentStore;
  record: RecordEvent;
  cards: CardPublisher;
  logger: Logger;
  newIncidentId: () => Promise<string>;
  routes: Config['routes'];
  defaultChannel: string;
}): AlarmIntake {
  return {
    async receive(notification) {
      const receivedAt = notification.receivedAt.toISOString();
      const parsed = parseAlarmMessage(notification.message, notification.topicArn);
      const facts = alarmFacts(parsed, {
        topicArn: notification.topicArn,
        subject: notification.subject,
        receivedAt,
      });
      const { summary } = facts;
      const alarmEvent = (applied: boolean) => ({
        type: 'alarm' as const,
        at: receivedAt,
        actor: 'system',
        state: summary.state,
        alarmName: summary.name,
        reason: summary.reason,
        stateChangedAt: summary.stateChangedAt,
        messageId: notification.messageId,
        applied,
      });

      return deps.store.withLock(`alarm:${facts.key}`, { leaseMs: 15_000, waitMs: 10_000 }, async () => {
        const openId = await deps.store.openIncidentIdForAlarm(facts.key);
        if (!openId) {
          if (summary.state !== 'ALARM') {
            deps.logger.info(
              { alarm: summary.name, state: summary.state },
              'no open incident for this alarm; nothing to do',
            );
            return { state: summary.state, result: 'ignored' };
          }
          const id = await deps.newIncidentId();
          const channel = channelFor(
            { topicArn: notification.topicArn, account: facts.account, alarmName: summary.name },
            deps.routes,
            deps.defaultChannel,
          );
          await deps.store.create(incidentFromAlarm(facts, { id, channel, receivedAt }));
          await deps.record(id, {
            type: 'declared',
            at: receivedAt,
            actor: 'system',
            title: summary.name,
            source: 'alarm',
          });
          await deps.record(id, alarmEvent(true));
          incidentLogger(deps.logger, id).info(
            { alarm: summary.name, channel },
            'incident opened from alarm',
          );
          deps.cards.refresh(id);
          return { state: summary.state, result: 'opened', incidentId: id };
        }

        let applied = false;
        let recovered = false;
        const updated = await deps.store.update(openId, (current) => {
          applied = shouldApply(current, summary);
          recovered = applied && summary.state === 'OK' && current.alarm?.state !== 'OK';
          return applyAlarm(current, facts, applied);
        });
        await deps.record(openId, alarmEvent(applied));
        deps.cards.refresh(openId);
        if (recovered && updated) {
          // The SNS reply never waits on Slack; the publisher tracks the post so shutdown can finish it.
          void deps.cards
            .say(updated, {
              text: `The alarm is back to OK (${summary.stateChangedAt}). The incident stays open until someone closes it.`,
            })
            .catch((error: unknown) =>
              deps.logger.warn({ err: error, incident: openId }, 'could not post the recovery note'),
            );
        }
        return { state: summary.state, result: 'updated', incidentId: openId };
      });
    },
  };
}
