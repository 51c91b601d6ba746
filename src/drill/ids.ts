import { createHash } from 'node:crypto';

function digest(seed: string, prefix: string, sequence: number): string {
  return createHash('sha256').update(`${seed}:${prefix}:${sequence}`).digest('hex');
}

/**
 * An AWS-looking id (`sg-0` + 16 hex digits). Derived from a persisted sequence rather than randomness, so a
 * seeded drill is reproducible and a restarted process cannot collide with ids it handed out before.
 */
export function resourceId(seed: string, prefix: string, sequence: number): string {
  return `${prefix}-0${digest(seed, prefix, sequence).slice(0, 16)}`;
}

/** IAM's unique ids: a type prefix (AROA, AIPA, AIDA) and 17 upper-case characters. */
export function iamUniqueId(seed: string, prefix: string, sequence: number): string {
  return `${prefix}${digest(seed, prefix, sequence).slice(0, 17).toUpperCase()}`;
}
