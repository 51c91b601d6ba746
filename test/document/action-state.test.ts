import { describe, expect, it } from 'vitest';
import type { StepRecord } from '../../src/contain/step.js';
import { interfaceChanges, keyChanges, snapshotIds, stateText } from '../../src/document/action-state.js';

const step = (id: string, before?: unknown, after?: unknown): StepRecord => ({
  id,
  title: id,
  critical: true,
  dependsOn: [],
  status: 'done',
  requestIds: [],
  before,
  after,
});

describe('interfaceChanges', () => {
  it('reads original groups from the tag step, the result from the isolate step, and what restore put back', () => {
    const changes = interfaceChanges(
      [
        step('eni:eni-1:tag', { groups: ['sg-a', 'sg-b'] }),
        step('eni:eni-1:untrack', { groups: ['sg-a', 'sg-b'] }, { groups: ['sg-untrack'] }),
        step('eni:eni-1:isolate', { groups: ['sg-untrack'] }, { groups: ['sg-iso'] }),
        step('verify:interfaces', undefined, { interfaces: [] }),
      ],
      [step('restore:eni:eni-1', { groups: ['sg-iso'] }, { groups: ['sg-a', 'sg-b'] })],
    );
    expect(changes).toEqual([
      { interfaceId: 'eni-1', before: ['sg-a', 'sg-b'], after: ['sg-iso'], restored: ['sg-a', 'sg-b'] },
    ]);
  });

  it('shows how far an interrupted isolation got: untracked but not isolated', () => {
    const changes = interfaceChanges(
      [
        step('eni:eni-2:tag', { groups: ['sg-a'] }),
        step('eni:eni-2:untrack', { groups: ['sg-a'] }, { groups: ['sg-untrack'] }),
        { ...step('eni:eni-2:isolate'), status: 'failed' },
      ],
      [],
    );
    expect(changes).toEqual([{ interfaceId: 'eni-2', before: ['sg-a'], after: ['sg-untrack'] }]);
  });

  it('ignores state it does not recognise rather than failing the report', () => {
    expect(interfaceChanges([step('eni:eni-3:tag', 'garbage', 42)], [])).toEqual([{ interfaceId: 'eni-3' }]);
  });
});

describe('keyChanges, snapshotIds, stateText', () => {
  it('reads key status before and after, across steps and restore steps', () => {
    const keys = keyChanges([
      step(
        'key:AKIA1:deactivate',
        { accessKeyId: 'AKIA1', status: 'Active' },
        { accessKeyId: 'AKIA1', status: 'Inactive' },
      ),
      step(
        'restore:key:AKIA1',
        { accessKeyId: 'AKIA1', status: 'Inactive' },
        { accessKeyId: 'AKIA1', status: 'Active' },
      ),
    ]);
    expect(keys).toEqual([{ accessKeyId: 'AKIA1', before: 'Active', after: 'Active' }]);
  });

  it('collects snapshot ids', () => {
    expect(
      snapshotIds([step('evidence:snapshots', undefined, { snapshotIds: ['snap-1', 'snap-2'] }), step('x')]),
    ).toEqual(['snap-1', 'snap-2']);
  });

  it('writes any recorded state as one line', () => {
    expect(stateText({ groups: ['sg-1', 'sg-2'] })).toBe('groups: sg-1, sg-2');
    expect(stateText({ enabled: false, nested: { a: [1, 2], b: {} } })).toBe(
      'enabled: false; nested: {a: 1, 2; b: none}',
    );
    expect(stateText([])).toBe('none');
    expect(stateText(undefined)).toBe('');
    const deep = { a: { b: { c: { d: 1 } } } };
    expect(stateText(deep)).toBe('a: {b: {c: …}}');
  });
});
