import { FirebreakError } from '../errors.js';
import { isIncidentId } from './ids.js';
import type { Incident } from './incident.js';
import type { IncidentStore } from './store.js';

/**
 * Slash commands cannot be typed in threads, so a command finds its incident from `inc=<id>`, else from the
 * channel's single open incident; otherwise it names the candidates so the person can add `inc=`.
 */
export async function findIncidentForCommand(
  store: IncidentStore,
  request: { inc?: string; channelId: string },
): Promise<Incident> {
  if (request.inc !== undefined) {
    const id = request.inc.toUpperCase();
    if (!isIncidentId(id)) {
      // The value is not echoed: it is the user's raw text, and an id is all it should have been.
      throw new FirebreakError('BAD_INCIDENT_ID', '`inc=` takes an incident id such as INC-12.');
    }
    const incident = await store.get(id);
    if (!incident) throw new FirebreakError('INCIDENT_NOT_FOUND', `There is no incident ${id}.`);
    return incident;
  }
  const open = await store.listOpen();
  const here = open.filter((incident) => incident.channel === request.channelId);
  if (here.length === 1) return here[0]!;
  if (here.length === 0) {
    throw new FirebreakError(
      'NO_INCIDENT_HERE',
      open.length === 0
        ? 'There is no open incident. Name one with `inc=`, e.g. `inc=INC-12`.'
        : `This channel has no open incident. Open elsewhere: ${open.map((i) => i.id).join(', ')}. Add \`inc=\` with one of them.`,
    );
  }
  throw new FirebreakError(
    'AMBIGUOUS_INCIDENT',
    `This channel has ${here.length} open incidents (${here.map((i) => i.id).join(', ')}). Add \`inc=\` with one of them.`,
  );
}
