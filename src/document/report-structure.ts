import { KEEP_END_LINE, KEEP_START_LINE } from './keep.js';

/**
 * The structure of a report file as regeneration sees it: headings and keep blocks, found line by line while
 * skipping the front matter and fenced code (where `# comment` is not a heading). People edit these files by
 * hand, so nothing here assumes our own formatting beyond the exact marker and heading lines.
 */

export interface KeepBlock {
  /** Set for the blocks the renderer places (`<!-- keep:impact -->`). */
  name?: string;
  /** Index of the start marker line, and of the end marker (or where an unterminated block was cut). */
  start: number;
  end: number;
  /** The lines between the markers. */
  body: string[];
  /**
   * The headings above the block, nearest first (its level-3 and level-2 headings): where a block people added
   * goes back, falling back to the parent when a heading's text changed (an action's outcome is in its heading).
   */
  anchors: string[];
}

export interface Structure {
  /** Heading level per line, 0 when the line is not a heading. */
  levels: number[];
  blocks: KeepBlock[];
}

const HEADING = /^(#{1,6})[ \t]/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

export function headingLevel(line: string): number {
  return HEADING.exec(line)?.[1]?.length ?? 0;
}

export function scanReport(lines: readonly string[]): Structure {
  const levels = new Array<number>(lines.length).fill(0);
  const blocks: KeepBlock[] = [];
  let i = 0;
  if (lines[0] === '---') {
    const close = lines.indexOf('---', 1);
    i = close === -1 ? 0 : close + 1;
  }
  let fence: string | undefined;
  /** The current heading at levels 1, 2 and 3. */
  const stack: (string | undefined)[] = [undefined, undefined, undefined];
  let open: { name?: string; start: number; anchors: string[] } | undefined;
  for (; i < lines.length; i += 1) {
    const line = lines[i]!;
    const marker = FENCE.exec(line)?.[1];
    if (fence !== undefined) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      continue;
    }
    if (marker !== undefined) {
      fence = marker;
      continue;
    }
    const trimmed = line.trim();
    if (open !== undefined) {
      if (KEEP_END_LINE.test(trimmed)) {
        blocks.push({ ...open, end: i, body: lines.slice(open.start + 1, i) });
        open = undefined;
        continue;
      }
      // An unterminated block ends at the next section rather than swallowing the rest of the file.
      if (headingLevel(line) === 1 || headingLevel(line) === 2) {
        blocks.push({ ...open, end: i, body: trimBlank(lines.slice(open.start + 1, i)) });
        open = undefined;
      } else {
        continue;
      }
    }
    const start = KEEP_START_LINE.exec(trimmed);
    if (start) {
      // Level 1 is the report's title: a block anchored only there has lost its section, and goes to the end.
      const anchors = stack
        .slice(1)
        .filter((heading): heading is string => heading !== undefined)
        .reverse();
      open = { start: i, anchors, ...(start[1] !== undefined && { name: start[1] }) };
      continue;
    }
    const level = headingLevel(line);
    levels[i] = level;
    if (level >= 1 && level <= 3) {
      stack[level - 1] = line.trimEnd();
      stack.fill(undefined, level);
    }
  }
  if (open !== undefined)
    blocks.push({ ...open, end: lines.length, body: trimBlank(lines.slice(open.start + 1)) });
  return { levels, blocks };
}

export function trimBlank(lines: readonly string[]): string[] {
  let from = 0;
  let to = lines.length;
  while (from < to && lines[from]!.trim() === '') from += 1;
  while (to > from && lines[to - 1]!.trim() === '') to -= 1;
  return lines.slice(from, to);
}
