import { isInstanceId } from '../aws/target.js';
import type { Incident } from '../incident/incident.js';
import { canAcknowledge, isOpen } from '../incident/status.js';
import type { CardButton } from './card.js';

/** Enough for an alarm on a handful of hosts; more would crowd the card and belong in /ir isolate. */
const MAX_INSTANCE_BUTTONS = 3;

/**
 * Which actions the card offers, from the incident's state. Only well-formed instance ids get buttons: resource ids come from the alarm, which an
 * attacker may have shaped.
 */
export function cardButtonsFor(incident: Incident): CardButton[] {
  if (!isOpen(incident)) return [];
  const buttons: CardButton[] = [];
  if (canAcknowledge(incident)) buttons.push({ kind: 'acknowledge' });
  const instances = incident.resources
    .filter((resource) => resource.kind === 'InstanceId' && isInstanceId(resource.id))
    .slice(0, MAX_INSTANCE_BUTTONS);
  const kind = incident.status === 'open' ? 'isolate' : 'restore';
  for (const instance of instances) buttons.push({ kind, instanceId: instance.id });
  buttons.push({ kind: 'investigate' });
  buttons.push({ kind: 'revoke' });
  buttons.push({ kind: 'remediate' });
  buttons.push({ kind: 'close' });
  return buttons;
}
