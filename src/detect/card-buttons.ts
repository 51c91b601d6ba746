import type { Incident } from '../incident/incident.js';
import { canAcknowledge, isOpen } from '../incident/status.js';
import type { CardButton } from './card.js';

/**
 * Which actions the card offers, from the incident's state. Buttons of phases not built yet are left out rather
 * than shown broken.
 */
export function cardButtonsFor(incident: Incident): CardButton[] {
  if (!isOpen(incident)) return [];
  const buttons: CardButton[] = [];
  if (canAcknowledge(incident)) buttons.push({ kind: 'acknowledge' });
  buttons.push({ kind: 'close' });
  return buttons;
}
