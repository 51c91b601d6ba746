/**
 * Markers around text people own in a generated report. Regeneration copies what sits between them in the old
 * file into the new one (see merge.ts). They are HTML comments, so they do not show when the report is rendered,
 * and no escaped value can forge one, since every `<` from outside becomes `&lt;`.
 */
export const KEEP_END = '<!-- /keep -->';

/** `<!-- keep -->`, or `<!-- keep:impact -->` for a block the renderer itself places and names. */
export const keepStart = (name?: string): string => (name ? `<!-- keep:${name} -->` : '<!-- keep -->');

export const KEEP_START_LINE = /^<!-- keep(?::([a-z0-9-]+))? -->$/;
export const KEEP_END_LINE = /^<!-- \/keep -->$/;

/** Placeholders the renderer writes for people to replace; merge treats a block holding only one as untouched. */
export const placeholder = (what: string): string => `_To be written: ${what}_`;
export const PLACEHOLDER_LINE = /^_To be written: [^\n]*_$/;

export function keepBlock(name: string, body: string): string {
  return `${keepStart(name)}\n${body}\n${KEEP_END}`;
}
