import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../commands/command.js';
import type { DocumentCommandTools } from '../../commands/document-tools.js';
import { type Dispatch, dispatch } from '../../commands/registry.js';
import { createAuditRecorder } from '../../src/incident/audit.js';
import { createMemoryStore } from '../../src/incident/memory-store.js';
import { createIncidentService } from '../../src/incident/service.js';
import { createLogger } from '../../src/log.js';
import type { SlackMessage } from '../../src/slack/gateway.js';

const problem = (decision: Dispatch) =>
  decision.kind === 'reply' ? decision.text.split('\n')[0] : undefined;
const runs = (decision: Dispatch) => (decision.kind === 'run' ? decision.spec.name : undefined);

describe('parsing and validation, answered in the ack', () => {
  it('declare needs a title and a severity from 1 to 4', () => {
    expect(runs(dispatch('/ir', 'declare "Key leaked" sev=1'))).toBe('declare');
    expect(runs(dispatch('/ir', 'declare Key leaked'))).toBe('declare');
    expect(problem(dispatch('/ir', 'declare'))).toBe('A title is required.');
    expect(problem(dispatch('/ir', 'declare x sev=5'))).toContain('`sev=` must be 1, 2, 3 or 4');
    expect(problem(dispatch('/ir', 'declare x sev=high'))).toContain('`sev=` must be 1, 2, 3 or 4');
    expect(problem(dispatch('/ir', `declare ${'x'.repeat(151)}`))).toContain('keep it under 150');
    expect(problem(dispatch('/ir', 'declare x region=eu-west-1'))).toContain('Unknown option');
  });

  it('note needs text', () => {
    expect(runs(dispatch('/ir', 'note inc=INC-3 the key was rotated'))).toBe('note');
    expect(problem(dispatch('/ir', 'note inc=INC-3'))).toBe('The note is empty.');
    expect(problem(dispatch('/ir', `note ${'y'.repeat(3001)}`))).toContain('keep it under 3000');
  });

  it('followup takes add <text>, done <n> or list', () => {
    expect(runs(dispatch('/ir', 'followup add rotate the key <@U0ALICE>'))).toBe('followup');
    expect(runs(dispatch('/ir', 'followup done 2 inc=INC-3'))).toBe('followup');
    expect(runs(dispatch('/ir', 'followup list'))).toBe('followup');
    expect(problem(dispatch('/ir', 'followup'))).toContain('Say `add`, `done` or `list`');
    expect(problem(dispatch('/ir', 'followup add'))).toContain('needs the follow-up text');
    expect(problem(dispatch('/ir', 'followup done two'))).toContain('takes the follow-up number');
    expect(problem(dispatch('/ir', 'followup done 0'))).toContain('takes the follow-up number');
    expect(problem(dispatch('/ir', 'followup done 1 2'))).toContain('takes the follow-up number');
    expect(problem(dispatch('/ir', 'followup list everything'))).toContain('Unexpected');
    expect(problem(dispatch('/ir', 'followup remove 1'))).toContain('is not add, done or list');
  });

  it('remediated, report and export take inc= and (for remediated) a note', () => {
    expect(runs(dispatch('/ir', 'remediated patched the AMI'))).toBe('remediated');
    expect(runs(dispatch('/ir', 'report inc=INC-3'))).toBe('report');
    expect(problem(dispatch('/ir', 'report now'))).toContain('Unexpected');
    expect(runs(dispatch('/ir', 'export'))).toBe('export');
    expect(problem(dispatch('/ir', 'export inc=INC-3 json'))).toContain('Unexpected');
  });
});

/** A context over a real in-memory store and incident service, with the document tools recording what they do. */
async function harness(channelIncidents: number) {
  const store = createMemoryStore();
  const logger = createLogger({ level: 'silent' });
  const record = createAuditRecorder(store, logger);
  let n = 0;
  const now = () => new Date('2026-11-26T10:00:00Z');
  const incidents = createIncidentService({
    store,
    record,
    now,
    changed: () => {},
    newIncidentId: async () => `INC-${++n}`,
  });
  for (let i = 0; i < channelIncidents; i += 1)
    await incidents.declare({ title: `incident ${i + 1}`, severity: 3, channel: 'C1', actor: 'U1' });
  const replies: SlackMessage[] = [];
  const picked: { name: string; ids: string[] }[] = [];
  const views: unknown[] = [];
  const document: Pick<DocumentCommandTools, 'record' | 'refreshCard' | 'offerPicker'> & {
    modals: Pick<DocumentCommandTools['modals'], 'close'>;
  } = {
    record,
    refreshCard: () => {},
    offerPicker: async (request) => {
      picked.push({ name: request.name, ids: request.open.map((incident) => incident.id) });
    },
    modals: {
      close: (incident) => ({ type: 'modal', title: { type: 'plain_text', text: incident.id }, blocks: [] }),
    },
  };
  const context = (text: string): CommandContext => {
    const decision = dispatch('/ir', text);
    if (decision.kind !== 'run') throw new Error(decision.text);
    return {
      command: '/ir',
      userId: 'U1',
      channelId: 'C1',
      args: decision.args,
      store,
      incidents,
      now,
      containment: {} as never,
      slack: {
        openView: async (_trigger, view) => {
          views.push(view);
          return { viewId: 'V1' };
        },
        updateView: async () => {},
      },
      triggerId: 't',
      isAdmin: () => false,
      document: document as DocumentCommandTools,
      reply: async (message) => {
        replies.push(message);
      },
    };
  };
  const run = async (text: string) => {
    const decision = dispatch('/ir', text);
    if (decision.kind !== 'run') throw new Error(decision.text);
    await decision.spec.run!(context(text));
  };
  return { store, incidents, replies, picked, views, run };
}

describe('finding the incident', () => {
  it('uses the channel’s single open incident when no inc= is given', async () => {
    const h = await harness(1);
    await h.run('note the logs are archived');
    expect((await h.store.timeline('INC-1')).at(-1)).toMatchObject({
      type: 'note',
      text: 'the logs are archived',
    });
    expect(h.picked).toEqual([]);
  });

  it('offers the picker of open incidents when the channel has several, and records nothing yet', async () => {
    const h = await harness(2);
    await h.run('note the logs are archived');
    expect(h.picked).toEqual([{ name: 'note', ids: ['INC-1', 'INC-2'] }]);
    for (const id of ['INC-1', 'INC-2'])
      expect((await h.store.timeline(id)).some((event) => event.type === 'note')).toBe(false);
  });

  it('keeps the plain error when there is nothing to pick', async () => {
    const h = await harness(0);
    await expect(h.run('note hello')).rejects.toMatchObject({ code: 'NO_INCIDENT_HERE' });
  });

  it('rejects a malformed inc= without echoing it', async () => {
    const h = await harness(1);
    await expect(h.run('note inc=<!channel> x')).rejects.toMatchObject({ code: 'BAD_INCIDENT_ID' });
  });
});

describe('follow-ups through the command', () => {
  it('adds with an owner, marks done once, and lists', async () => {
    const h = await harness(1);
    await h.run('followup add rotate the key <@U0ALICE>');
    await h.run('followup add scan the repo');
    await h.run('followup done 1');
    await expect(h.run('followup done 1')).rejects.toMatchObject({ code: 'FOLLOWUP_ALREADY_DONE' });
    await expect(h.run('followup done 3')).rejects.toMatchObject({ code: 'NO_SUCH_FOLLOWUP' });
    await h.run('followup list');
    const list = h.replies.at(-1)!.text;
    expect(list).toContain(':white_check_mark: *1.* rotate the key — <@U0ALICE>');
    expect(list).toContain(':white_large_square: *2.* scan the repo — _no owner_');
  });

  it('refuses changes once the incident is closed (the timeline is frozen), but still lists', async () => {
    const h = await harness(1);
    await h.run('followup add rotate the key');
    await h.incidents.close('INC-1', 'resolved', 'U1');
    const before = (await h.store.timeline('INC-1')).length;
    await expect(h.run('followup done 1 inc=INC-1')).rejects.toMatchObject({ code: 'TIMELINE_FROZEN' });
    await expect(h.run('note inc=INC-1 late')).rejects.toMatchObject({ code: 'TIMELINE_FROZEN' });
    expect((await h.store.timeline('INC-1')).length).toBe(before);
    await h.run('followup list inc=INC-1');
    expect(h.replies.at(-1)!.text).toContain('rotate the key');
  });
});

describe('close', () => {
  it('without a resolution opens the close modal and closes nothing', async () => {
    const h = await harness(1);
    await h.run('close');
    expect(h.views).toHaveLength(1);
    expect((await h.store.get('INC-1'))!.status).toBe('open');
  });
});
