import { userMessage } from '../errors.js';
import type { Incident } from '../incident/incident.js';
import { SYSTEM_ACTOR } from '../incident/incident.js';
import type { Logger } from '../log.js';
import type { SlackMessage } from '../slack/gateway.js';
import type { WorkTracker } from '../slack/work-tracker.js';
import { cisControlForIncident } from './incident-query.js';
import type { IncidentInvestigator } from './trail-service.js';

/**
 * Who set off a CIS CloudTrail-metric alarm, without anyone pressing Investigate: once the card of an incident
 * opened by such an alarm is posted (its thread exists), the card's own trigger query runs as tracked background
 * work, through the same investigator as the button (rate limit, evidence, timeline, thread answer), as the
 * system actor. When it finds the triggering event, the `investigation` event carries it and the card is
 * refreshed to show it; when it finds nothing, the thread says so and the card stays as it was. A failure
 * (CloudTrail denied, no region) is said in the thread, since nobody asked and so nobody else would hear of it.
 */
export function createCisTriggerQuery(deps: {
  investigator: Pick<IncidentInvestigator, 'investigateIncident'>;
  refreshCard(incidentId: string): void;
  /** Posts in the incident's thread. */
  say(incident: Incident, message: SlackMessage): Promise<void>;
  work: WorkTracker;
  logger: Logger;
}): (incident: Incident) => void {
  return (incident) => {
    const control = cisControlForIncident(incident);
    if (!control) return;
    void deps.work.run(async () => {
      try {
        const outcome = await deps.investigator.investigateIncident(incident, {
          userId: SYSTEM_ACTOR,
          // Only a search without an incident answers through respond; this one always has its thread.
          respond: async () => {},
        });
        deps.logger.info(
          { incident: incident.id, control: control.id, found: outcome.triggeredBy !== undefined },
          'CIS trigger query answered',
        );
        if (outcome.triggeredBy) deps.refreshCard(incident.id);
      } catch (error) {
        deps.logger.warn(
          { err: error, incident: incident.id, control: control.id },
          'the CIS trigger query failed',
        );
        // The trigger is recorded before the thread answer is known to have failed, so the card may have news.
        deps.refreshCard(incident.id);
        await deps
          .say(incident, {
            text: `:warning: Firebreak could not look up who triggered this alarm: ${userMessage(error)} The card's Investigate button runs the same query again.`,
          })
          .catch((sayError: unknown) =>
            deps.logger.warn(
              { err: sayError, incident: incident.id },
              'could not say the trigger query failed',
            ),
          );
      }
    });
  };
}
