/** Polls `probe` until `ok` holds, for state that another process (the bot) changes; fails with the last value. */
export async function eventually<T>(
  probe: () => T | Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(value)?.slice(0, 800)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
