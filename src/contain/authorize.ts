import type { Logger } from '../log.js';

/**
 * Who may confirm or restore a containment: FIREBREAK_RESPONDERS lists user ids (U…, W…) and user groups (S…).
 * Group membership is read from Slack at click time and cached briefly, so removing someone from the on-call
 * group takes effect within a minute. An empty list means nobody: containment fails closed.
 */
export function createResponderCheck(deps: {
  principals: readonly string[];
  usergroupMembers: (groupId: string) => Promise<string[]>;
  now: () => number;
  logger: Logger;
  cacheMs?: number;
}): (userId: string) => Promise<boolean> {
  const cacheMs = deps.cacheMs ?? 60_000;
  const users = new Set(deps.principals.filter((id) => !id.startsWith('S')));
  const groups = deps.principals.filter((id) => id.startsWith('S'));
  const cache = new Map<string, { members: Set<string>; at: number }>();

  async function members(groupId: string): Promise<Set<string>> {
    const cached = cache.get(groupId);
    if (cached && deps.now() - cached.at < cacheMs) return cached.members;
    try {
      const fresh = new Set(await deps.usergroupMembers(groupId));
      cache.set(groupId, { members: fresh, at: deps.now() });
      return fresh;
    } catch (error) {
      // Slack unreachable: an expired entry is better than refusing every responder mid-incident, but say so.
      deps.logger.warn(
        { err: error, usergroup: groupId },
        'could not read responder group members from Slack',
      );
      return cached?.members ?? new Set();
    }
  }

  return async (userId) => {
    if (users.has(userId)) return true;
    for (const group of groups) {
      if ((await members(group)).has(userId)) return true;
    }
    return false;
  };
}
