/**
 * Tracks work that continues after Slack was acked, so that shutdown can finish what people were already told
 * is happening instead of dropping it.
 */
export interface WorkTracker {
  run<T>(work: () => Promise<T>): Promise<T>;
  size(): number;
  /** Resolves when all tracked work has settled, or after graceMs, whichever comes first. */
  drain(graceMs: number): Promise<void>;
}

export function createWorkTracker(): WorkTracker {
  const running = new Set<Promise<unknown>>();
  return {
    run(work) {
      const promise = work();
      running.add(promise);
      promise.finally(() => running.delete(promise)).catch(() => {});
      return promise;
    },
    size: () => running.size,
    async drain(graceMs) {
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
      await Promise.race([Promise.allSettled([...running]), deadline]);
    },
  };
}
