import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The message shortcuts the Slack app manifest declares, so the drill page offers exactly what Slack would.
 * A missing or unreadable manifest means no shortcuts, never a failed start.
 */
export function manifestShortcuts(root: string): { callback_id: string; name: string }[] {
  try {
    const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as {
      features?: { shortcuts?: { type?: string; callback_id?: string; name?: string }[] };
    };
    return (manifest.features?.shortcuts ?? [])
      .filter((s) => s.type === 'message' && typeof s.callback_id === 'string' && typeof s.name === 'string')
      .map((s) => ({ callback_id: s.callback_id!, name: s.name! }));
  } catch {
    return [];
  }
}
