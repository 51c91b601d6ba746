import { userMessage } from '../errors.js';
import type { Incident, Resolution } from '../incident/incident.js';
import type { IncidentService } from '../incident/service.js';
import type { Logger } from '../log.js';
import type { ReportService } from './reports.js';

/**
 * Closing an incident ends in its report: the close is applied (and recorded) first, then the report is written
 * and shared. A report that fails does not undo the close; the closer is told, and `/ir report` can try again.
 */
export function createCloser(deps: { incidents: IncidentService; reports: ReportService; logger: Logger }) {
  return async function closeAndReport(request: {
    incidentId: string;
    resolution: Resolution;
    actor: string;
    summary?: string;
    impact?: string;
  }): Promise<{ incident: Incident; report?: string; problem?: string }> {
    const incident = await deps.incidents.close(
      request.incidentId,
      request.resolution,
      request.actor,
      request.summary,
      request.impact,
    );
    try {
      const report = await deps.reports.generate(incident.id, request.actor);
      return { incident, report: report.relativePath };
    } catch (error) {
      deps.logger.error({ err: error, incident: incident.id }, 'closed, but the report could not be written');
      return {
        incident,
        problem: `The report could not be written (${userMessage(error)}); try \`/ir report inc=${incident.id}\`.`,
      };
    }
  };
}
