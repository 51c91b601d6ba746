/**
 * Finds bursts: at least `threshold` events inside some window of `windowMs`. Events within `windowMs` of a
 * burst's last event join it, so one long spray yields one burst, not one per window.
 */
export interface Timed {
  index: number;
  time: number;
}

export interface Burst {
  /** Record indices in time order. */
  indices: number[];
  first: number;
  last: number;
}

export function findBursts(events: readonly Timed[], threshold: number, windowMs: number): Burst[] {
  const sorted = [...events].sort((a, b) => a.time - b.time || a.index - b.index);
  const inBurst = new Array<boolean>(sorted.length).fill(false);
  let start = 0;
  // Marks each event once, so a long spray stays linear.
  let marked = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]!.time - sorted[start]!.time > windowMs) start++;
    if (end - start + 1 >= threshold) {
      inBurst.fill(true, Math.max(start, marked), end + 1);
      marked = end + 1;
    }
  }
  const bursts: Burst[] = [];
  let current: Burst | undefined;
  sorted.forEach((event, i) => {
    if (!inBurst[i]) return;
    if (current && event.time - current.last <= windowMs) {
      current.indices.push(event.index);
      current.last = event.time;
      return;
    }
    current = { indices: [event.index], first: event.time, last: event.time };
    bursts.push(current);
  });
  return bursts;
}

/** "45 s", "4.5 min": a burst's span for a reason line. */
export function span(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  return `${Math.round(seconds / 6) / 10} min`;
}
