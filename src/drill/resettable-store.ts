import { createMemoryStore } from '../incident/memory-store.js';
import type { IncidentStore } from '../incident/store.js';

/**
 * The drill's in-memory store, which the page's "Reset drill" empties: every call goes to the current memory
 * store, and `reset()` swaps in a fresh one (incidents, timelines, claims, locks and action records all go).
 * Sequences carry on across a reset (INC-3 follows INC-2), so no id is handed out twice in one process: parts of
 * the bot keep per-incident state in memory (the card publisher's posted cards, for one).
 */
export function createResettableMemoryStore(): { store: IncidentStore; reset(): void } {
  let current = createMemoryStore();
  const issued = new Map<string, number>();
  const offsets = new Map<string, number>();
  const nextSequence = async (name: string): Promise<number> => {
    const value = (await current.nextSequence(name)) + (offsets.get(name) ?? 0);
    issued.set(name, Math.max(issued.get(name) ?? 0, value));
    return value;
  };
  const store = new Proxy({} as IncidentStore, {
    get(_target, property) {
      if (property === 'nextSequence') return nextSequence;
      const value = Reflect.get(current, property);
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
  return {
    store,
    reset() {
      const old = current;
      current = createMemoryStore();
      for (const [name, value] of issued) offsets.set(name, value);
      void old.close();
    },
  };
}
