import { describe, expect, it } from 'vitest';
import { FirebreakError } from '../../src/errors.js';
import { findIncidentForCommand } from '../../src/incident/find.js';
import type { Incident } from '../../src/incident/incident.js';
import { createMemoryStore } from '../../src/incident/memory-store.js';
import type { IncidentStore } from '../../src/incident/store.js';

const HERE = 'C0HERE';
const ELSEWHERE = 'C0ELSEWHERE';

function incident(id: string, overrides: Partial<Incident> = {}): Incident {
  const n = Number(id.replace('INC-', ''));
  return {
    id,
    title: `incident ${id}`,
    severity: 3,
    status: 'open',
    resources: [],
    alarmCount: 0,
    channel: HERE,
    declaredAt: new Date(Date.UTC(2026, 10, 26, 8, n)).toISOString(),
    declaredBy: 'U0RESPONDER',
    ...overrides,
  };
}

async function storeWith(...incidents: Incident[]): Promise<IncidentStore> {
  const store = createMemoryStore();
  for (const item of incidents) await store.create(item);
  return store;
}

async function failure(promise: Promise<unknown>): Promise<FirebreakError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FirebreakError);
  return error as FirebreakError;
}

describe('findIncidentForCommand with inc=', () => {
  it('finds the named incident, whatever channel the command was typed in', async () => {
    const store = await storeWith(incident('INC-12', { channel: ELSEWHERE }), incident('INC-13'));
    expect((await findIncidentForCommand(store, { inc: 'INC-12', channelId: HERE })).id).toBe('INC-12');
  });

  it('reads the id case-insensitively', async () => {
    const store = await storeWith(incident('INC-12'));
    expect((await findIncidentForCommand(store, { inc: 'inc-12', channelId: HERE })).id).toBe('INC-12');
    expect((await findIncidentForCommand(store, { inc: 'Inc-12', channelId: HERE })).id).toBe('INC-12');
  });

  it('finds a closed incident too (so it can be shown or refused with a reason)', async () => {
    const store = await storeWith(incident('INC-4', { status: 'closed', resolution: 'resolved' }));
    expect((await findIncidentForCommand(store, { inc: 'INC-4', channelId: HERE })).status).toBe('closed');
  });

  it.each(['12', 'INC12', 'INC-', 'INC-abc', 'INC-1234567890', 'INC-1; DROP', ''])(
    'refuses the malformed id %j with BAD_INCIDENT_ID and an example',
    async (inc) => {
      const store = await storeWith(incident('INC-1'));
      const error = await failure(findIncidentForCommand(store, { inc, channelId: HERE }));
      expect(error.code).toBe('BAD_INCIDENT_ID');
      expect(error.message).toContain('INC-12');
    },
  );

  it('answers INCIDENT_NOT_FOUND for a well-formed id that does not exist, even with one open here', async () => {
    const store = await storeWith(incident('INC-1'));
    const error = await failure(findIncidentForCommand(store, { inc: 'inc-99', channelId: HERE }));
    expect(error.code).toBe('INCIDENT_NOT_FOUND');
    expect(error.message).toContain('INC-99');
  });
});

describe('findIncidentForCommand without inc=', () => {
  it('finds the channel’s single open incident', async () => {
    const store = await storeWith(
      incident('INC-1'),
      incident('INC-2', { channel: ELSEWHERE }),
      incident('INC-3', { status: 'closed', resolution: 'resolved' }),
    );
    expect((await findIncidentForCommand(store, { channelId: HERE })).id).toBe('INC-1');
  });

  it('says there is no open incident at all, and how to name one', async () => {
    const store = await storeWith(incident('INC-1', { status: 'closed', resolution: 'duplicate' }));
    const error = await failure(findIncidentForCommand(store, { channelId: HERE }));
    expect(error.code).toBe('NO_INCIDENT_HERE');
    expect(error.message).toBe('There is no open incident. Name one with `inc=`, e.g. `inc=INC-12`.');
  });

  it('lists the open incidents elsewhere when this channel has none', async () => {
    const store = await storeWith(
      incident('INC-5', { channel: ELSEWHERE }),
      incident('INC-6', { channel: 'C0THIRD' }),
    );
    const error = await failure(findIncidentForCommand(store, { channelId: HERE }));
    expect(error.code).toBe('NO_INCIDENT_HERE');
    expect(error.message).toContain('INC-5, INC-6');
    expect(error.message).toContain('Add `inc=` with one of them.');
  });

  it('refuses to guess between several open incidents in the channel and lists their ids, oldest first', async () => {
    const store = await storeWith(
      incident('INC-8'),
      incident('INC-7', { status: 'contained' }),
      incident('INC-9', { channel: ELSEWHERE }),
    );
    const error = await failure(findIncidentForCommand(store, { channelId: HERE }));
    expect(error.code).toBe('AMBIGUOUS_INCIDENT');
    expect(error.message).toContain('2 open incidents (INC-7, INC-8)');
    expect(error.message).not.toContain('INC-9');
    expect(error.message).toContain('Add `inc=` with one of them.');
  });
});
