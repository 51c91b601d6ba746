import { describe, expect, it, vi } from 'vitest';
import { FirebreakError } from '../../src/errors.js';
import type { RecordEvent } from '../../src/incident/audit.js';
import type { Incident } from '../../src/incident/incident.js';
import { createMemoryStore } from '../../src/incident/memory-store.js';
import { createIncidentService } from '../../src/incident/service.js';
import type { IncidentStore } from '../../src/incident/store.js';

const ALARM_KEY = '123456789012/us-east-1/prod-web-high-cpu';
const T0 = new Date('2026-11-26T08:10:00.000Z');

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'INC-1',
    title: 'prod-web-high-cpu',
    severity: 2,
    status: 'open',
    alarmKey: ALARM_KEY,
    resources: [{ kind: 'InstanceId', id: 'i-0abc123def4567890' }],
    alarmCount: 1,
    channel: 'C0INCIDENTS',
    declaredAt: '2026-11-26T08:06:00.000Z',
    declaredBy: 'system',
    ...overrides,
  };
}

async function setup(initial: Incident[] = [incident()]) {
  const store: IncidentStore = createMemoryStore();
  for (const item of initial) await store.create(item);
  let clock = T0.getTime();
  const now = () => new Date(clock);
  const tick = (ms: number) => {
    clock += ms;
  };
  const record = vi.fn<RecordEvent>((id, event) => store.appendTimeline(id, event));
  const changed = vi.fn<(incident: Incident) => void>();
  const service = createIncidentService({
    store,
    record,
    now,
    changed,
    newIncidentId: async () => `INC-${await store.nextSequence('incident')}`,
  });
  return { store, record, changed, service, tick };
}

async function rejection(promise: Promise<unknown>): Promise<FirebreakError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FirebreakError);
  return error as FirebreakError;
}

describe('IncidentService.get', () => {
  it('returns a stored incident', async () => {
    const { service } = await setup();
    expect((await service.get('INC-1')).title).toBe('prod-web-high-cpu');
  });

  it('throws INCIDENT_NOT_FOUND for an unknown id', async () => {
    const { service } = await setup();
    const error = await rejection(service.get('INC-99'));
    expect(error.code).toBe('INCIDENT_NOT_FOUND');
    expect(error.message).toContain('INC-99');
  });
});

describe('IncidentService.acknowledge', () => {
  it('stores who and when, records an acknowledged event and tells the world', async () => {
    const { service, store, changed } = await setup();
    const result = await service.acknowledge('INC-1', 'U0RESPONDER');
    expect(result).toMatchObject({
      acknowledgedBy: 'U0RESPONDER',
      acknowledgedAt: T0.toISOString(),
      status: 'open',
    });
    expect(await store.get('INC-1')).toEqual(result);
    expect(await store.timeline('INC-1')).toEqual([
      { type: 'acknowledged', at: T0.toISOString(), actor: 'U0RESPONDER' },
    ]);
    expect(changed).toHaveBeenCalledTimes(1);
    expect(changed).toHaveBeenCalledWith(result);
  });

  it('refuses a second acknowledgement with ALREADY_ACKNOWLEDGED and records the denied attempt', async () => {
    const { service, store, changed, tick } = await setup();
    await service.acknowledge('INC-1', 'U0FIRST');
    tick(60_000);
    const error = await rejection(service.acknowledge('INC-1', 'U0SECOND'));
    expect(error.code).toBe('ALREADY_ACKNOWLEDGED');
    expect(error.message).toContain('<@U0FIRST>');
    expect((await store.get('INC-1'))?.acknowledgedBy).toBe('U0FIRST');
    expect(await store.timeline('INC-1')).toEqual([
      { type: 'acknowledged', at: T0.toISOString(), actor: 'U0FIRST' },
      {
        type: 'denied',
        at: new Date(T0.getTime() + 60_000).toISOString(),
        actor: 'U0SECOND',
        attempted: 'acknowledge',
        reason: 'ALREADY_ACKNOWLEDGED',
      },
    ]);
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('lets exactly one of two simultaneous acknowledgements win', async () => {
    const { service, store } = await setup();
    const results = await Promise.allSettled([
      service.acknowledge('INC-1', 'U0FIRST'),
      service.acknowledge('INC-1', 'U0SECOND'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const types = (await store.timeline('INC-1')).map((event) => event.type).sort();
    expect(types).toEqual(['acknowledged', 'denied']);
  });

  it('refuses to acknowledge a closed incident with INCIDENT_CLOSED', async () => {
    const { service, store } = await setup();
    await service.close('INC-1', 'resolved', 'U0RESPONDER');
    const error = await rejection(service.acknowledge('INC-1', 'U0LATE'));
    expect(error.code).toBe('INCIDENT_CLOSED');
    expect((await store.timeline('INC-1')).at(-1)).toMatchObject({
      type: 'denied',
      actor: 'U0LATE',
      attempted: 'acknowledge',
      reason: 'INCIDENT_CLOSED',
    });
  });

  it('throws INCIDENT_NOT_FOUND for an unknown id and records nothing', async () => {
    const { service, record, changed } = await setup();
    const error = await rejection(service.acknowledge('INC-404', 'U0RESPONDER'));
    expect(error.code).toBe('INCIDENT_NOT_FOUND');
    expect(record).not.toHaveBeenCalled();
    expect(changed).not.toHaveBeenCalled();
  });
});

describe('IncidentService.close', () => {
  it('closes with the resolution, records a closed event with the summary and tells the world', async () => {
    const { service, store, changed } = await setup();
    const result = await service.close('INC-1', 'false-positive', 'U0RESPONDER', 'load test, not an attack');
    expect(result).toMatchObject({
      status: 'closed',
      resolution: 'false-positive',
      closedBy: 'U0RESPONDER',
      closedAt: T0.toISOString(),
    });
    expect(await store.timeline('INC-1')).toEqual([
      {
        type: 'closed',
        at: T0.toISOString(),
        actor: 'U0RESPONDER',
        resolution: 'false-positive',
        summary: 'load test, not an attack',
      },
    ]);
    expect(changed).toHaveBeenCalledWith(result);
  });

  it('releases the alarm binding, so the next alarm opens a new incident', async () => {
    const { service, store } = await setup();
    expect(await store.openIncidentIdForAlarm(ALARM_KEY)).toBe('INC-1');
    await service.close('INC-1', 'resolved', 'U0RESPONDER');
    expect(await store.openIncidentIdForAlarm(ALARM_KEY)).toBeUndefined();
    expect(await store.listOpen()).toEqual([]);
  });

  it.each(['contained', 'remediated'] as const)('closes a %s incident', async (status) => {
    const { service } = await setup([incident({ status })]);
    expect((await service.close('INC-1', 'mitigated', 'U0RESPONDER')).status).toBe('closed');
  });

  it('records a closed event without a summary when none is given', async () => {
    const { service, store } = await setup();
    await service.close('INC-1', 'duplicate', 'U0RESPONDER');
    const [event] = await store.timeline('INC-1');
    expect(event).toMatchObject({ type: 'closed', resolution: 'duplicate' });
    expect(event && 'summary' in event ? event.summary : undefined).toBeUndefined();
  });

  it('refuses a second close with ALREADY_CLOSED, keeps the first resolution and records the denial', async () => {
    const { service, store, changed, tick } = await setup();
    await service.close('INC-1', 'resolved', 'U0FIRST');
    tick(1000);
    const error = await rejection(service.close('INC-1', 'duplicate', 'U0SECOND'));
    expect(error.code).toBe('ALREADY_CLOSED');
    expect((await store.get('INC-1'))?.resolution).toBe('resolved');
    expect((await store.timeline('INC-1')).map((event) => event.type)).toEqual(['closed', 'denied']);
    expect((await store.timeline('INC-1'))[1]).toMatchObject({
      actor: 'U0SECOND',
      attempted: 'close',
      reason: 'ALREADY_CLOSED',
    });
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('throws INCIDENT_NOT_FOUND for an unknown id', async () => {
    const { service, record } = await setup();
    expect((await rejection(service.close('INC-404', 'resolved', 'U0RESPONDER'))).code).toBe(
      'INCIDENT_NOT_FOUND',
    );
    expect(record).not.toHaveBeenCalled();
  });

  it('leaves other incidents and their bindings alone', async () => {
    const other = incident({
      id: 'INC-2',
      alarmKey: '123456789012/us-east-1/other',
      declaredAt: '2026-11-26T08:07:00.000Z',
    });
    const { service, store } = await setup([incident(), other]);
    await service.close('INC-1', 'resolved', 'U0RESPONDER');
    expect(await store.openIncidentIdForAlarm('123456789012/us-east-1/other')).toBe('INC-2');
    expect((await store.listOpen()).map((i) => i.id)).toEqual(['INC-2']);
  });
});
