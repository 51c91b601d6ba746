import { describe, expect, it } from 'vitest';
import { phaseOf } from '../../src/document/phase.js';
import { timelineRows, timelineTable } from '../../src/document/timeline-table.js';
import type { TimelineEvent } from '../../src/incident/timeline.js';

const alarm = (at: string, state: 'ALARM' | 'OK', name = 'cpu', applied = true): TimelineEvent => ({
  type: 'alarm',
  at,
  actor: 'system',
  state,
  alarmName: name,
  reason: `reason at ${at}`,
  stateChangedAt: at,
  messageId: at,
  applied,
});
const note = (at: string): TimelineEvent => ({ type: 'note', at, actor: 'U1', text: 'n' });
const t = (minute: number) => `2026-11-26T08:${String(minute).padStart(2, '0')}:00.000Z`;

describe('timelineRows', () => {
  it('collapses a run of the same alarm and state, keeping the first time and the latest reason', () => {
    const rows = timelineRows([alarm(t(1), 'ALARM'), alarm(t(2), 'ALARM'), alarm(t(3), 'ALARM')]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ at: t(1), phase: 'detect', actor: 'system' });
    expect(rows[0]!.text).toBe(
      'Alarm **cpu** ALARM ×3 from 2026-11-26 08:01:00Z to 2026-11-26 08:03:00Z: reason at 2026-11-26T08:03:00.000Z',
    );
  });

  it('ends a run at any other event, another state, another alarm or an unapplied event', () => {
    const rows = timelineRows([
      alarm(t(1), 'ALARM'),
      alarm(t(2), 'ALARM'),
      note(t(3)),
      alarm(t(4), 'ALARM'),
      alarm(t(5), 'OK'),
      alarm(t(6), 'OK', 'disk'),
      alarm(t(7), 'OK', 'disk', false),
    ]);
    expect(rows.map((row) => row.text.split(':')[0])).toEqual([
      'Alarm **cpu** ALARM ×2 from 2026-11-26 08',
      'Note',
      'Alarm **cpu** → ALARM',
      'Alarm **cpu** → OK',
      'Alarm **disk** → OK',
      'Alarm **disk** → OK (arrived out of order',
    ]);
  });

  it('renders 5,000 events as one table row each, alarms aside', () => {
    const events = Array.from({ length: 5000 }, (_, i) =>
      note(new Date(Date.UTC(2026, 10, 26, 8, 0, i)).toISOString()),
    );
    expect(timelineTable(events).split('\n')).toHaveLength(5002);
  });

  it('says so when the timeline is empty', () => {
    expect(timelineTable([])).toBe('_The timeline is empty._');
  });
});

describe('phaseOf', () => {
  const base = { at: t(0), actor: 'U1' };
  const action = (stage: Extract<TimelineEvent, { type: 'action' }>['stage']): TimelineEvent => ({
    ...base,
    type: 'action',
    actionId: 'a',
    kind: 'isolate',
    target: 'i-1',
    stage,
  });
  const denied = (attempted: string): TimelineEvent => ({ ...base, type: 'denied', attempted, reason: 'X' });

  it.each([
    [alarm(t(0), 'ALARM'), 'detect'],
    [{ ...base, type: 'declared', title: 'x', source: 'manual' } as TimelineEvent, 'detect'],
    [{ ...base, type: 'acknowledged' } as TimelineEvent, 'detect'],
    [{ ...base, type: 'card-posted', channel: 'C1', ts: '1.2' } as TimelineEvent, 'detect'],
    [{ ...base, type: 'containment-frozen', frozen: true } as TimelineEvent, 'contain'],
    [note(t(0)), 'investigate'],
    [{ ...base, type: 'status', from: 'open', to: 'contained' } as TimelineEvent, 'contain'],
    [{ ...base, type: 'status', from: 'contained', to: 'remediated' } as TimelineEvent, 'remediate'],
    [{ ...base, type: 'status', from: 'remediated', to: 'closed' } as TimelineEvent, 'document'],
    [{ ...base, type: 'closed', resolution: 'resolved' } as TimelineEvent, 'document'],
    [action('previewed'), 'contain'],
    [action('step'), 'contain'],
    [action('restore-started'), 'remediate'],
    [action('restored'), 'remediate'],
    [denied('isolate'), 'contain'],
    [denied('dry-run isolate'), 'contain'],
    [denied('resume isolate i-1'), 'contain'],
    [denied('restore i-1'), 'remediate'],
    [denied('status remediated'), 'remediate'],
    [denied('close'), 'document'],
    [denied('acknowledge'), 'detect'],
    [denied('something new'), 'contain'],
  ] as const)('%j is %s', (event, phase) => {
    expect(phaseOf(event)).toBe(phase);
  });

  it('places an event type from a newer version in detect instead of failing the report', () => {
    expect(phaseOf({ ...base, type: 'from-the-future' } as unknown as TimelineEvent)).toBe('detect');
  });
});
