import { describe, expect, it } from 'vitest';
import { leaseExpired, outcomeOf } from '../../src/contain/action.js';
import type { StepRecord, StepStatus } from '../../src/contain/step.js';

function step(id: string, status: StepStatus, critical = true): StepRecord {
  return { id, title: id, critical, dependsOn: [], status, requestIds: [] };
}

describe('outcomeOf', () => {
  it('is pending before anything ran', () => {
    expect(outcomeOf([])).toBe('pending');
    expect(outcomeOf([step('cut', 'pending'), step('snapshot', 'pending', false)])).toBe('pending');
  });

  it('is running while any step runs, whatever the others did', () => {
    expect(outcomeOf([step('cut', 'done'), step('snapshot', 'running', false)])).toBe('running');
    expect(outcomeOf([step('cut', 'failed'), step('verify', 'running')])).toBe('running');
  });

  it('is contained when every critical step held, even if evidence steps failed', () => {
    expect(
      outcomeOf([
        step('untrack', 'done'),
        step('isolate', 'done'),
        step('verify', 'skipped'),
        step('snapshot', 'failed', false),
        step('standby', 'pending', false),
      ]),
    ).toBe('contained');
  });

  it('is partial when some critical steps held and others failed or never ran', () => {
    expect(outcomeOf([step('eni-1', 'done'), step('eni-2', 'failed')])).toBe('partial');
    expect(outcomeOf([step('eni-1', 'done'), step('verify', 'pending')])).toBe('partial');
  });

  it('is failed when no critical step held', () => {
    expect(outcomeOf([step('eni-1', 'failed'), step('verify', 'pending')])).toBe('failed');
    expect(outcomeOf([step('eni-1', 'failed'), step('snapshot', 'done', false)])).toBe('failed');
  });

  it('is failed when critical steps never ran because a non-critical step they needed failed', () => {
    expect(outcomeOf([step('group', 'failed', false), step('eni-1', 'pending')])).toBe('failed');
  });
});

describe('leaseExpired', () => {
  const now = new Date('2026-11-26T08:10:00.000Z');

  it('is expired without a lease', () => {
    expect(leaseExpired({}, now)).toBe(true);
  });

  it('is live until its expiry time and expired from then on', () => {
    const lease = (expiresAt: string) => ({ lease: { owner: 'host:1', expiresAt } });
    expect(leaseExpired(lease('2026-11-26T08:10:00.001Z'), now)).toBe(false);
    expect(leaseExpired(lease('2026-11-26T08:10:00.000Z'), now)).toBe(true);
    expect(leaseExpired(lease('2026-11-26T08:09:59.999Z'), now)).toBe(true);
  });
});
