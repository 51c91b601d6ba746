import type { ParsedArgs } from '../../commands/args.js';
import type { IncidentStore } from '../incident/store.js';

/**
 * What waits for someone to pick an incident: a command to re-run with `inc=`, or a message to add to a timeline.
 * Kept in the store (replicas share it) under a random token; only the person who asked may use it, once, within
 * half an hour.
 */
export type PendingPick = { userId: string; channelId: string; createdAt: string } & (
  | { kind: 'command'; name: string; args: ParsedArgs }
  | { kind: 'note'; note: { text: string; author: string; postedAt: string; permalink?: string } }
);

/** Omit over each member of the union (a plain Omit would merge them). */
export type NewPick = PendingPick extends infer P
  ? P extends unknown
    ? Omit<P, 'createdAt'>
    : never
  : never;

const KIND = 'incident-picker';
const TTL_MS = 30 * 60_000;

export function createPendingPicks(store: IncidentStore, now: () => Date, newToken: () => string) {
  return {
    async save(pick: NewPick): Promise<string> {
      const token = newToken();
      await store.putRecord(KIND, token, { ...pick, createdAt: now().toISOString() });
      return token;
    },
    /** The pick, if `userId` made it, it is fresh and not used yet; claiming it makes a second choice a no-op. */
    async take(token: string, userId: string): Promise<PendingPick | undefined> {
      if (!/^[a-f0-9-]{8,64}$/.test(token)) return undefined;
      const pick = await store.getRecord<PendingPick>(KIND, token);
      if (!pick || pick.userId !== userId) return undefined;
      if (now().getTime() - Date.parse(pick.createdAt) > TTL_MS) return undefined;
      if (!(await store.claimOnce(`picked:${token}`, TTL_MS / 1000))) return undefined;
      return pick;
    },
  };
}

export type PendingPicks = ReturnType<typeof createPendingPicks>;
