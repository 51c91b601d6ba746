/**
 * Runs `work` with an abort signal that fires after `timeoutMs`, and rejects with the signal's reason when it
 * does, even if `work` ignores the signal: a deadline on the path of an HTTP request must hold whatever the
 * callee does.
 */
export async function withDeadline<T>(
  timeoutMs: number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const signal = AbortSignal.timeout(timeoutMs);
  const deadline = new Promise<never>((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  return Promise.race([deadline, work(signal)]);
}

/** True for the error withDeadline rejects with when the time ran out. */
export function isDeadlineError(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError');
}
