import { describe, expect, it } from 'vitest';
import { FirebreakError } from '../../src/errors.js';
import {
  INCIDENT_STATUSES,
  type Incident,
  type IncidentStatus,
  RESOLUTIONS,
} from '../../src/incident/incident.js';
import { acknowledge, close } from '../../src/incident/lifecycle.js';
import { allowedNext, canAcknowledge, canTransition, isOpen } from '../../src/incident/status.js';

const AT = '2026-11-26T08:10:00.000Z';
const LATER = '2026-11-26T09:00:00.000Z';

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'INC-12',
    title: 'prod-web-high-cpu',
    severity: 2,
    status: 'open',
    resources: [],
    alarmCount: 1,
    channel: 'C0INCIDENTS',
    declaredAt: '2026-11-26T08:06:00.000Z',
    declaredBy: 'system',
    ...overrides,
  };
}

function thrown(fn: () => unknown): FirebreakError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(FirebreakError);
    return error as FirebreakError;
  }
  throw new Error('expected a FirebreakError');
}

describe('the status table', () => {
  const table: Record<IncidentStatus, IncidentStatus[]> = {
    open: ['contained', 'remediated', 'closed'],
    contained: ['remediated', 'closed'],
    remediated: ['closed'],
    closed: [],
  };

  it.each(INCIDENT_STATUSES.flatMap((from) => INCIDENT_STATUSES.map((to) => [from, to] as const)))(
    '%s → %s follows the table',
    (from, to) => {
      expect(canTransition(from, to)).toBe(table[from].includes(to));
    },
  );

  it('never goes backwards or stays in place', () => {
    for (const [i, from] of INCIDENT_STATUSES.entries()) {
      for (const to of INCIDENT_STATUSES.slice(0, i + 1)) expect(canTransition(from, to)).toBe(false);
    }
  });

  it('lets every status but closed go to closed', () => {
    for (const status of INCIDENT_STATUSES) expect(canTransition(status, 'closed')).toBe(status !== 'closed');
  });

  it('lists the allowed next statuses', () => {
    for (const status of INCIDENT_STATUSES) expect([...allowedNext(status)]).toEqual(table[status]);
  });

  it('counts every status but closed as open', () => {
    for (const status of INCIDENT_STATUSES) expect(isOpen({ status })).toBe(status !== 'closed');
  });

  it('allows acknowledging once, while open', () => {
    expect(canAcknowledge({ status: 'open', acknowledgedAt: undefined })).toBe(true);
    expect(canAcknowledge({ status: 'contained', acknowledgedAt: undefined })).toBe(true);
    expect(canAcknowledge({ status: 'remediated', acknowledgedAt: undefined })).toBe(true);
    expect(canAcknowledge({ status: 'open', acknowledgedAt: AT })).toBe(false);
    expect(canAcknowledge({ status: 'closed', acknowledgedAt: undefined })).toBe(false);
  });
});

describe('acknowledge', () => {
  it('records who and when, changing no status', () => {
    const before = incident();
    const after = acknowledge(before, 'U0RESPONDER', AT);
    expect(after).toEqual({ ...before, acknowledgedAt: AT, acknowledgedBy: 'U0RESPONDER' });
    expect(after.status).toBe('open');
    expect(before.acknowledgedAt).toBeUndefined();
  });

  it.each(['contained', 'remediated'] as const)('works on a %s incident', (status) => {
    expect(acknowledge(incident({ status }), 'U0RESPONDER', AT).status).toBe(status);
  });

  it('refuses a second acknowledgement with ALREADY_ACKNOWLEDGED, naming who and when', () => {
    const once = acknowledge(incident(), 'U0FIRST', AT);
    const error = thrown(() => acknowledge(once, 'U0SECOND', LATER));
    expect(error.code).toBe('ALREADY_ACKNOWLEDGED');
    expect(error.message).toContain('INC-12');
    expect(error.message).toContain('<@U0FIRST>');
    expect(error.message).toContain(AT);
  });

  it('refuses a closed incident with INCIDENT_CLOSED, acknowledged or not', () => {
    expect(thrown(() => acknowledge(incident({ status: 'closed' }), 'U0RESPONDER', AT)).code).toBe(
      'INCIDENT_CLOSED',
    );
    const closedAfterAck = incident({ status: 'closed', acknowledgedAt: AT, acknowledgedBy: 'U0FIRST' });
    expect(thrown(() => acknowledge(closedAfterAck, 'U0RESPONDER', LATER)).code).toBe('INCIDENT_CLOSED');
  });
});

describe('close', () => {
  it.each(['open', 'contained', 'remediated'] as const)(
    'closes a %s incident with each resolution',
    (status) => {
      for (const resolution of RESOLUTIONS) {
        const before = incident({ status });
        const after = close(before, resolution, 'U0RESPONDER', AT);
        expect(after).toEqual({
          ...before,
          status: 'closed',
          resolution,
          closedAt: AT,
          closedBy: 'U0RESPONDER',
        });
        expect(before.status).toBe(status);
      }
    },
  );

  it('keeps the alarm key on the closed incident (the store unbinds it because the incident is closed)', () => {
    const after = close(incident({ alarmKey: '123456789012/us-east-1/cpu' }), 'resolved', 'U0RESPONDER', AT);
    expect(after.alarmKey).toBe('123456789012/us-east-1/cpu');
    expect(isOpen(after)).toBe(false);
  });

  it('refuses to close a closed incident with ALREADY_CLOSED, naming the resolution, who and when', () => {
    const closed = close(incident(), 'false-positive', 'U0FIRST', AT);
    const error = thrown(() => close(closed, 'resolved', 'U0SECOND', LATER));
    expect(error.code).toBe('ALREADY_CLOSED');
    expect(error.message).toContain('INC-12');
    expect(error.message).toContain('false-positive');
    expect(error.message).toContain('<@U0FIRST>');
    expect(error.message).toContain(AT);
  });
});
