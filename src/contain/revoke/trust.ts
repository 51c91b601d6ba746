/**
 * Who may assume a role, from its trust policy: the preview names them, because the sessions deny leaves new
 * sessions working, and any of these principals can start one.
 */
export function trustPrincipals(document: string | undefined): string[] {
  if (document === undefined) return [];
  let parsed: { Statement?: unknown };
  try {
    parsed = JSON.parse(document) as { Statement?: unknown };
  } catch {
    return ['(unreadable trust policy)'];
  }
  const found: string[] = [];
  for (const statement of [parsed.Statement].flat()) {
    if (statement === null || typeof statement !== 'object') continue;
    const { Effect, Principal } = statement as { Effect?: unknown; Principal?: unknown };
    if (Effect !== 'Allow') continue;
    if (Principal === '*') found.push('* (anyone)');
    else if (Principal !== null && typeof Principal === 'object') {
      for (const [kind, value] of Object.entries(Principal)) {
        for (const who of [value].flat()) if (typeof who === 'string') found.push(`${kind} ${who}`);
      }
    }
  }
  return [...new Set(found)];
}
