import { requestIdOf, toFirebreakError } from './errors.js';

export { AwsCallError } from './errors.js';

export interface AwsCallResult<T> {
  value: T;
  requestId?: string;
}

/**
 * Runs one SDK call. Success keeps the request id for the timeline; failure becomes an AwsCallError carrying
 * the stable code, the AWS code, the request id and the original error as `cause`.
 * Programming errors (a TypeError in `fn`) are not AWS's fault and are rethrown untouched, so they surface as
 * INTERNAL with their stack instead of as a misleading AWS message.
 */
export async function callAws<T>(what: string, fn: () => Promise<T>): Promise<AwsCallResult<T>> {
  let value: T;
  try {
    value = await fn();
  } catch (error) {
    if (isProgrammingError(error)) throw error;
    throw toFirebreakError(error, what);
  }
  return { value, requestId: requestIdOf(value) };
}

function isProgrammingError(error: unknown): boolean {
  return (
    (error instanceof TypeError || error instanceof ReferenceError || error instanceof SyntaxError) &&
    !('$metadata' in error)
  );
}
