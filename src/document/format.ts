import { SYSTEM_ACTOR } from '../incident/incident.js';
import { escapeMarkdownInline } from './markdown.js';

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * "2026-11-26 08:05:43Z": absolute, with date, one token wide so a table column stays narrow. A value that is not
 * a real instant is shown as it came, escaped, rather than as "Invalid Date".
 */
export function formatUtc(iso: string | undefined): string {
  if (iso === undefined) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return escapeMarkdownInline(iso);
  return (
    `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}Z`
  );
}

/** Milliseconds between two ISO times, or undefined when either is missing or not an instant. */
export function between(from: string | undefined, to: string | undefined): number | undefined {
  if (from === undefined || to === undefined) return undefined;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isNaN(ms) ? undefined : ms;
}

/** "3 min 12 s", "2 h 5 min", "1 d 4 h": the two largest units are what a reader compares. */
export function formatDuration(ms: number): string {
  if (ms < 0) return `-${formatDuration(-ms)}`;
  const seconds = Math.round(ms / 1000);
  const units: [number, string][] = [
    [Math.floor(seconds / 86_400), 'd'],
    [Math.floor(seconds / 3600) % 24, 'h'],
    [Math.floor(seconds / 60) % 60, 'min'],
    [seconds % 60, 's'],
  ];
  const first = units.findIndex(([value]) => value > 0);
  if (first === -1) return '0 s';
  return units
    .slice(first, first + 2)
    .filter(([value]) => value > 0)
    .map(([value, unit]) => `${value} ${unit}`)
    .join(' ');
}

/** Slack users as @U…; what the bot did on its own as Firebreak. Slack ids are escaped like any other value. */
export function actorLabel(actor: string): string {
  return actor === SYSTEM_ACTOR ? 'Firebreak' : `@${escapeMarkdownInline(actor)}`;
}

export const isSlackUser = (actor: string): boolean => actor !== SYSTEM_ACTOR && actor.trim() !== '';
