import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../src/incident/timeline.js';
import { followUpsFrom, parseFollowUpText } from '../../src/remediate/follow-ups.js';

const at = (minute: number) => `2026-11-26T09:${String(minute).padStart(2, '0')}:00.000Z`;

describe('followUpsFrom', () => {
  it('numbers follow-ups in order of addition and marks done from the timeline alone', () => {
    const timeline: TimelineEvent[] = [
      { type: 'declared', at: at(0), actor: 'U1', title: 't', source: 'manual' },
      { type: 'followup-added', at: at(1), actor: 'U1', text: 'rotate the key', owner: 'U2' },
      { type: 'note', at: at(2), actor: 'U1', text: 'n' },
      { type: 'followup-added', at: at(3), actor: 'U2', text: 'add scanning' },
      { type: 'followup-done', at: at(4), actor: 'U2', number: 1 },
      // A second completion (two people at once) keeps the first one's name and time.
      { type: 'followup-done', at: at(5), actor: 'U3', number: 1 },
      // A number that does not exist changes nothing.
      { type: 'followup-done', at: at(6), actor: 'U3', number: 9 },
    ];
    expect(followUpsFrom(timeline)).toEqual([
      {
        number: 1,
        text: 'rotate the key',
        owner: 'U2',
        addedBy: 'U1',
        addedAt: at(1),
        done: true,
        doneBy: 'U2',
        doneAt: at(4),
      },
      { number: 2, text: 'add scanning', addedBy: 'U2', addedAt: at(3), done: false },
    ]);
    expect(followUpsFrom([])).toEqual([]);
  });
});

describe('parseFollowUpText', () => {
  it('takes the owner from a trailing Slack mention and drops it from the text', () => {
    expect(parseFollowUpText('rotate the CI key <@U0ALICE>')).toEqual({
      text: 'rotate the CI key',
      owner: 'U0ALICE',
    });
    expect(parseFollowUpText('rotate the CI key <@U0ALICE|alice>')).toEqual({
      text: 'rotate the CI key',
      owner: 'U0ALICE',
    });
  });

  it('keeps a mention inside the text and still names its owner (the last mention)', () => {
    expect(parseFollowUpText('ask <@U0BOB> about the key, then <@U0ALICE> rotates it')).toEqual({
      text: 'ask <@U0BOB> about the key, then <@U0ALICE> rotates it',
      owner: 'U0ALICE',
    });
  });

  it('accepts a plain @name when Slack did not escape the mention, and no owner at all', () => {
    expect(parseFollowUpText('patch the AMI @alice')).toEqual({ text: 'patch the AMI', owner: '@alice' });
    expect(parseFollowUpText('  patch the AMI  ')).toEqual({ text: 'patch the AMI' });
    expect(parseFollowUpText('mail ops@example.com')).toEqual({ text: 'mail ops@example.com' });
    expect(parseFollowUpText('<@U0ALICE>')).toEqual({ text: '<@U0ALICE>', owner: 'U0ALICE' });
  });
});
