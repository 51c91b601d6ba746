import { callAws } from '../../aws/call.js';
import { isDryRunSuccess, requestIdOf } from '../../aws/errors.js';
import { isFirebreakError } from '../../errors.js';
import type { StepError, StepOutcome } from '../step.js';
import type { Caller } from './caller.js';
import { NOTE } from './names.js';

export type Result = Omit<StepOutcome, 'requestIds'>;

/**
 * Runs a step body with a caller that keeps every request id (failed calls included: support cases and
 * CloudTrail searches need them), and turns any failure into a `failed` outcome. A step never throws.
 */
export async function attempt(body: (call: Caller) => Promise<Result>): Promise<StepOutcome> {
  const requestIds: string[] = [];
  const call: Caller = async (what, fn) => {
    try {
      const { value, requestId } = await callAws(what, fn);
      if (requestId) requestIds.push(requestId);
      return value;
    } catch (error) {
      const requestId = requestIdOf(error);
      if (requestId) requestIds.push(requestId);
      throw error;
    }
  };
  try {
    return { ...(await body(call)), requestIds };
  } catch (error) {
    return { status: 'failed', error: stepError(error), requestIds };
  }
}

export function stepError(error: unknown): StepError {
  if (isFirebreakError(error)) return { code: error.code, message: error.message };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

/** An EC2 call made with DryRun: `DryRunOperation` is AWS's "you may", so the step is done without acting. */
export async function dryRun(
  call: Caller,
  what: string,
  fn: () => Promise<unknown>,
  after?: unknown,
): Promise<Result> {
  try {
    await call(`${what} (dry run)`, fn);
  } catch (error) {
    if (!isDryRunSuccess(error)) throw error;
  }
  return { status: 'done', note: NOTE.dryRun, ...(after !== undefined && { after }) };
}

/** Auto Scaling, IAM and describe-only steps have no DryRun: a dry run lists them as planned. */
export function planned(extra: Partial<Result> = {}): StepOutcome {
  return { status: 'skipped', note: NOTE.planned, requestIds: [], ...extra };
}

/** A field of an earlier step's `after`, read defensively: records come back from the store as plain JSON. */
export function afterField<T>(
  outcome: StepOutcome | undefined,
  field: string,
  guard: (v: unknown) => v is T,
): T | undefined {
  const after = outcome?.after;
  if (after === null || typeof after !== 'object') return undefined;
  const value = (after as Record<string, unknown>)[field];
  return guard(value) ? value : undefined;
}

export const isString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
