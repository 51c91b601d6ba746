import { describe, expect, it } from 'vitest';
import type { Incident } from '../../src/incident/incident.js';
import { createMemoryStore } from '../../src/incident/memory-store.js';
import { incidentPicker, PICKER_ACTION_ID, pickerToken } from '../../src/slack/incident-picker.js';
import { tsToIso } from '../../src/slack/listeners/shortcuts.js';
import { createPendingPicks } from '../../src/slack/pending-picks.js';

const incident = (n: number, title = `incident ${n}`): Incident => ({
  id: `INC-${n}`,
  title,
  severity: 2,
  status: 'open',
  resources: [],
  alarmCount: 0,
  channel: 'C1',
  declaredAt: '2026-11-26T10:00:00.000Z',
  declaredBy: 'U1',
});

describe('the incident picker', () => {
  it('lists open incidents as a static select whose block id carries only the token', () => {
    const message = incidentPicker(
      'Which incident is `note` for?',
      [incident(1), incident(2, `<!channel> ${'x'.repeat(200)}`)],
      'tok-1234abcd',
    );
    const section = message.blocks![0] as {
      block_id: string;
      accessory: { action_id: string; options: { value: string; text: { text: string } }[] };
    };
    expect(pickerToken(section.block_id)).toBe('tok-1234abcd');
    expect(section.accessory.action_id).toBe(PICKER_ACTION_ID);
    expect(section.accessory.options.map((option) => option.value)).toEqual(['INC-1', 'INC-2']);
    // Option text is plain_text (nothing in it is a mention) and within Slack's 75 characters.
    expect(section.accessory.options[1]!.text.text.length).toBeLessThanOrEqual(75);
    expect(pickerToken('something-else')).toBeUndefined();
  });

  it('caps the menu at Slack’s 100 options and says how to reach the rest', () => {
    const many = Array.from({ length: 130 }, (_, i) => incident(i + 1));
    const message = incidentPicker('Which?', many, 'tok-1234abcd');
    const section = message.blocks![0] as { accessory: { options: unknown[] } };
    expect(section.accessory.options).toHaveLength(100);
    expect(JSON.stringify(message.blocks)).toContain('Showing 100 of 130');
  });
});

describe('pending picks', () => {
  const setup = () => {
    let clock = Date.parse('2026-11-26T10:00:00Z');
    let n = 0;
    const picks = createPendingPicks(
      createMemoryStore(),
      () => new Date(clock),
      () => `0000000${++n}-aaaa-bbbb`,
    );
    return { picks, advance: (ms: number) => (clock += ms) };
  };

  it('hands the pick back once, and only to the person who asked', async () => {
    const { picks } = setup();
    const token = await picks.save({
      kind: 'command',
      name: 'note',
      args: { positional: ['x'], options: {} },
      userId: 'U1',
      channelId: 'C1',
    });
    expect(await picks.take(token, 'U2')).toBeUndefined();
    expect(await picks.take(token, 'U1')).toMatchObject({ kind: 'command', name: 'note', channelId: 'C1' });
    expect(await picks.take(token, 'U1')).toBeUndefined();
  });

  it('expires after half an hour and refuses a forged token', async () => {
    const { picks, advance } = setup();
    const token = await picks.save({
      kind: 'note',
      note: { text: 't', author: 'U3', postedAt: '2026-11-26T09:00:00.000Z' },
      userId: 'U1',
      channelId: 'C1',
    });
    advance(31 * 60_000);
    expect(await picks.take(token, 'U1')).toBeUndefined();
    expect(await picks.take('../../etc', 'U1')).toBeUndefined();
  });
});

describe('the shortcut’s message time', () => {
  it('turns a Slack ts into an ISO time, and keeps an odd one as it came', () => {
    expect(tsToIso('1795680345.000200')).toBe('2026-11-26T08:05:45.000Z');
    expect(tsToIso('not-a-ts')).toBe('not-a-ts');
  });
});
