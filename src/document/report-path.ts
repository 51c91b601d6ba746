import { FirebreakError } from '../errors.js';
import type { Incident } from '../incident/incident.js';
import { reportFolder } from './report.js';

/**
 * Where a report goes, as a path relative to the runbooks folder: `incidents/<YYYY-MM-DD>-<id>-<slug>.md`
 * (drills under `incidents/drills/`). Pure. The title is attacker-influenced (an alarm name), so the slug keeps
 * only ASCII letters, digits and single dashes: no `/`, `\`, `..`, NUL, drive letter or leading dot can survive,
 * and its length is capped. The writer checks the resolved path once more before touching the disk.
 */

const SLUG_MAX = 60;
/** Ids are ours (INC-12), but they come back from the store: checked rather than trusted. */
const SAFE_ID = /^[A-Z][A-Z0-9]{0,15}(-[A-Z0-9]{1,20}){1,3}$/;

export function reportSlug(title: string): string {
  const ascii = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = ascii.slice(0, SLUG_MAX).replace(/-+$/, '');
  return cut === '' ? 'incident' : cut;
}

/** The date the incident was declared: stable, so every regeneration finds the same file. */
function declaredDate(incident: Pick<Incident, 'declaredAt' | 'id'>): string {
  const date = new Date(incident.declaredAt);
  if (Number.isNaN(date.getTime()))
    throw new FirebreakError('REPORT_BAD_DATE', `${incident.id} has no valid declared time.`);
  return date.toISOString().slice(0, 10);
}

export function reportRelativePath(
  incident: Pick<Incident, 'id' | 'title' | 'declaredAt' | 'drill'>,
  drill: boolean,
): string {
  if (!SAFE_ID.test(incident.id))
    throw new FirebreakError('REPORT_BAD_ID', 'The incident id cannot be used in a file name.');
  const name = `${declaredDate(incident)}-${incident.id}-${reportSlug(incident.title)}.md`;
  return `${reportFolder(drill)}/${name}`;
}
