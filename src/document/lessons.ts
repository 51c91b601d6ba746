import { placeholder } from './keep.js';

/**
 * The lessons-learned headings of a blameless review. The renderer leaves them for people; regeneration keeps
 * whatever was written under them (merge.ts finds them by this exact text).
 */
export const LESSONS_HEADING = '## Lessons learned';

export const LESSON_HEADINGS = [
  {
    heading: '### What went well',
    prompt: 'what helped: detection, tooling, people, luck you can make repeatable.',
  },
  {
    heading: '### What went wrong',
    prompt: 'what slowed the response or made it worse, without naming blame.',
  },
  { heading: '### Where we got lucky', prompt: 'what could have gone worse and why it did not.' },
  {
    heading: '### Action items',
    prompt:
      'changes to make, each with an owner (also add them with `/ir followup add`, so they are tracked).',
  },
] as const;

export function lessonsSection(): string {
  return [
    LESSONS_HEADING,
    ...LESSON_HEADINGS.flatMap(({ heading, prompt }) => ['', heading, '', placeholder(prompt)]),
  ].join('\n');
}
