import type { ActionRecord } from '../contain/action.js';
import { interfaceOfStep } from '../contain/isolate/step-ids.js';
import type { StepRecord } from '../contain/step.js';

/**
 * Reading the before/after state steps recorded. Steps record plain data shaped by their kind ({ groups } for an
 * interface, { accessKeyId, status } for a key, { snapshotIds } for snapshots), so this reads it defensively:
 * anything unexpected falls back to a generic rendering rather than failing the report.
 */

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;

/** A state as one line of plain text (escaped by the caller): "sg-1, sg-2" or "status: Inactive; user: bob". */
export function stateText(value: unknown, depth = 0): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    return value.length === 0 ? 'none' : value.map((item) => stateText(item, depth + 1)).join(', ');
  }
  if (!isRecord(value)) return '';
  if (depth >= 3) return '…';
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  if (entries.length === 0) return 'none';
  const text = entries.map(([key, item]) => `${key}: ${stateText(item, depth + 1)}`).join('; ');
  return depth === 0 ? text : `{${text}}`;
}

export interface InterfaceChange {
  interfaceId: string;
  before?: string[];
  after?: string[];
  restored?: string[];
}

const groupsOf = (value: unknown): string[] | undefined =>
  isRecord(value) ? strings(value.groups) : undefined;

/**
 * Security groups per network interface: the original groups (recorded by the tag step, which never records a
 * Firebreak group as original), the groups the isolate step left, and what restore put back.
 */
export function interfaceChanges(
  steps: readonly StepRecord[],
  restoreSteps: readonly StepRecord[],
): InterfaceChange[] {
  const byInterface = new Map<string, InterfaceChange>();
  const entry = (id: string): InterfaceChange => {
    let change = byInterface.get(id);
    if (!change) {
      change = { interfaceId: id };
      byInterface.set(id, change);
    }
    return change;
  };
  for (const step of steps) {
    const eni = interfaceOfStep(step.id);
    if (eni === undefined) continue;
    const change = entry(eni);
    if (step.id.endsWith(':tag') || change.before === undefined)
      change.before = groupsOf(step.before) ?? change.before;
    if (step.id.endsWith(':isolate') || (step.id.endsWith(':untrack') && change.after === undefined)) {
      change.after = groupsOf(step.after) ?? change.after;
    }
  }
  for (const step of restoreSteps) {
    const eni = /^restore:eni:(.+)$/.exec(step.id)?.[1];
    if (eni === undefined) continue;
    entry(eni).restored = groupsOf(step.after);
  }
  return [...byInterface.values()];
}

export interface KeyChange {
  accessKeyId: string;
  user?: string;
  before?: string;
  after?: string;
}

const keyState = (value: unknown): { id: string; status: string; user?: string } | undefined =>
  isRecord(value) && typeof value.accessKeyId === 'string' && typeof value.status === 'string'
    ? {
        id: value.accessKeyId,
        status: value.status,
        ...(typeof value.userName === 'string' && { user: value.userName }),
      }
    : undefined;

const userOf = (state: { user?: string } | undefined): string | undefined => state?.user;

/** The key a revoke step or its restore acted on, from its stable id (`key:<id>:deactivate`, `restore:key:<id>`). */
const keyOfStepId = (id: string): string | undefined =>
  /^key:([A-Z0-9]+):deactivate$/.exec(id)?.[1] ?? /^restore:key:([A-Z0-9]+)$/.exec(id)?.[1];

/** A state recorded as just { status } by a step whose id names the key. */
const statusOnly = (
  value: unknown,
  id: string | undefined,
): { id: string; status: string; user?: string } | undefined =>
  id !== undefined && isRecord(value) && typeof value.status === 'string'
    ? { id, status: value.status }
    : undefined;

/**
 * Access keys whose status a step recorded: { accessKeyId, status, userName? } before and after, or { status }
 * on a step whose id names the key (what the revoke kind records).
 */
export function keyChanges(steps: readonly StepRecord[], userName?: string): KeyChange[] {
  const keys = new Map<string, KeyChange>();
  for (const step of steps) {
    const fromId = keyOfStepId(step.id);
    const before = keyState(step.before) ?? statusOnly(step.before, fromId);
    const after = keyState(step.after) ?? statusOnly(step.after, fromId);
    const id = before?.id ?? after?.id;
    if (id === undefined) continue;
    const change = keys.get(id) ?? { accessKeyId: id };
    change.user ??= userOf(before) ?? userOf(after) ?? userName;
    change.before ??= before?.status;
    if (after) change.after = after.status;
    keys.set(id, change);
  }
  return [...keys.values()];
}

/** Snapshot ids from any step that recorded { snapshotIds } after it ran. */
export function snapshotIds(steps: readonly StepRecord[]): string[] {
  return steps.flatMap((step) => (isRecord(step.after) ? (strings(step.after.snapshotIds) ?? []) : []));
}

/** An action that got as far as running steps; previews and cancellations did nothing to AWS. */
export const wasExecuted = (action: ActionRecord): boolean =>
  action.steps.some((step) => step.status !== 'pending');
