import { KEEP_END, keepStart, PLACEHOLDER_LINE } from './keep.js';
import { LESSON_HEADINGS } from './lessons.js';
import { type KeepBlock, scanReport, trimBlank } from './report-structure.js';

/**
 * Regeneration keeps what people wrote. A report is regenerated as the incident goes on (and once more at close),
 * while people write the lessons learned in the file itself; this carries their text from the previous file into
 * the fresh one:
 *   - the text under each lessons-learned heading, when it is more than the placeholder (any subsection people
 *     added under one travels with it);
 *   - named keep blocks the renderer places (`<!-- keep:impact -->`), when edited;
 *   - keep blocks people added anywhere (`<!-- keep -->` … `<!-- /keep -->`), put back at the end of the section
 *     they were in (its nearest heading), else of its parent section, else in a section at the end.
 * Everything else is regenerated. Merging is idempotent: merging the result again changes nothing.
 */
export function mergeHumanSections(previousMarkdown: string, freshMarkdown: string): string {
  const previous = previousMarkdown.replace(/\r\n?/g, '\n').split('\n');
  let fresh = freshMarkdown.replace(/\r\n?/g, '\n').split('\n');
  const before = scanReport(previous);

  const lessonRanges: [number, number][] = [];
  for (const { heading } of LESSON_HEADINGS) {
    const range = lessonBody(previous, before.levels, heading);
    if (range === undefined) continue;
    lessonRanges.push(range);
    const body = trimBlank(previous.slice(range[0], range[1]));
    if (isUntouched(body)) continue;
    const target = lessonBody(fresh, scanReport(fresh).levels, heading);
    if (target === undefined) continue;
    fresh = [...fresh.slice(0, target[0]), '', ...body, '', ...fresh.slice(target[1])];
  }

  const freshNames = new Set(scanReport(fresh).blocks.flatMap((block) => (block.name ? [block.name] : [])));
  for (const block of before.blocks) {
    if (block.name === undefined || !freshNames.has(block.name) || isUntouched(block.body)) continue;
    const target = scanReport(fresh).blocks.find((candidate) => candidate.name === block.name)!;
    fresh = [...fresh.slice(0, target.start + 1), ...block.body, ...fresh.slice(target.end)];
  }

  const inLessons = (block: KeepBlock) =>
    lessonRanges.some(([from, to]) => block.start >= from && block.start < to);
  const orphans = before.blocks.filter(
    (block) => !inLessons(block) && (block.name === undefined || !freshNames.has(block.name)),
  );
  for (const block of orphans) {
    // A fresh render holds no block of people's; if this one does (an already merged file), do not add it twice.
    const same = (other: KeepBlock) =>
      other.name === block.name && other.body.join('\n') === block.body.join('\n');
    if (!scanReport(fresh).blocks.some(same)) fresh = insertBlock(fresh, block);
  }

  return fresh.join('\n');
}

/** A block holding nothing but the renderer's placeholder (or nothing) was not written by anyone. */
function isUntouched(body: readonly string[]): boolean {
  const text = trimBlank(body);
  return text.length === 0 || (text.length === 1 && PLACEHOLDER_LINE.test(text[0]!.trim()));
}

const LESSON_LINES = new Set<string>(LESSON_HEADINGS.map(({ heading }) => heading));

/**
 * The lines under a lessons heading: up to the next lessons heading or the next section (level 1 or 2), so a
 * subsection people added travels with the heading above it.
 */
function lessonBody(
  lines: readonly string[],
  levels: readonly number[],
  heading: string,
): [number, number] | undefined {
  const at = lines.findIndex((line, i) => levels[i]! > 0 && line.trimEnd() === heading);
  if (at === -1) return undefined;
  let end = at + 1;
  while (end < lines.length) {
    const level = levels[end]!;
    if (level > 0 && (level <= 2 || LESSON_LINES.has(lines[end]!.trimEnd()))) break;
    end += 1;
  }
  return [at + 1, end];
}

const KEPT_HEADING = '## Kept from the previous version';

/** Puts a block people added back at the end of its section, found by its nearest heading, then its parents'. */
function insertBlock(lines: string[], block: KeepBlock): string[] {
  const rendered = [keepStart(block.name), ...block.body, KEEP_END];
  const { levels } = scanReport(lines);
  for (const anchor of block.anchors) {
    const at = lines.findIndex((line, i) => levels[i]! > 0 && line.trimEnd() === anchor);
    if (at === -1) continue;
    let end = at + 1;
    while (end < lines.length && !(levels[end]! > 0 && levels[end]! <= levels[at]!)) end += 1;
    let cut = end;
    while (cut > at + 1 && lines[cut - 1]!.trim() === '') cut -= 1;
    // A blank line around the block; the file's final newline when the section was the last one.
    const tail = end < lines.length ? ['', ...lines.slice(end)] : [''];
    return [...lines.slice(0, cut), '', ...rendered, ...tail];
  }
  const body = trimBlank(lines);
  const bodyLevels = scanReport(body).levels;
  const hasKept = body.some((line, i) => bodyLevels[i]! > 0 && line.trimEnd() === KEPT_HEADING);
  return [...body, ...(hasKept ? [] : ['', KEPT_HEADING]), '', ...rendered, ''];
}
