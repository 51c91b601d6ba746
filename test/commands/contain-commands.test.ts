import type { ModalView } from '@slack/types';
import { describe, expect, it, vi } from 'vitest';
import type { CommandContext } from '../../commands/command.js';
import { freezeCommand, unfreezeCommand } from '../../commands/freeze.js';
import { isolateCommand } from '../../commands/isolate.js';
import { type Dispatch, dispatch } from '../../commands/registry.js';
import { restoreCommand } from '../../commands/restore.js';
import type { ActionRecord } from '../../src/contain/action.js';
import type { ContainmentService } from '../../src/contain/actions.js';
import { CONTAIN_ACTION_IDS } from '../../src/contain/blocks.js';
import { FirebreakError } from '../../src/errors.js';
import type { Incident } from '../../src/incident/incident.js';
import { createMemoryStore } from '../../src/incident/memory-store.js';
import { createIncidentService } from '../../src/incident/service.js';

const INSTANCE = 'i-0abc1234def567890';
const T0 = new Date('2026-11-26T08:10:00.000Z');

function reply(decision: Dispatch): string {
  if (decision.kind !== 'reply') throw new Error(`expected a reply, got a run of ${decision.spec.name}`);
  return decision.text;
}

function run(decision: Dispatch) {
  if (decision.kind !== 'run')
    throw new Error(`expected a run, got the reply ${JSON.stringify(decision.text)}`);
  return decision;
}

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'INC-5',
    title: 'prod-web-high-cpu',
    severity: 2,
    status: 'open',
    account: '111111111111',
    region: 'us-west-2',
    resources: [],
    alarmCount: 1,
    channel: 'C0HERE',
    cardTs: '1700000000.000100',
    declaredAt: '2026-11-26T08:06:00.000Z',
    declaredBy: 'system',
    ...overrides,
  };
}

function actionRecord(overrides: Partial<ActionRecord> = {}): ActionRecord {
  return {
    id: 'ACT-3',
    kind: 'isolate',
    incidentId: 'INC-5',
    target: { region: 'us-west-2', resourceId: INSTANCE },
    plan: {},
    planHash: 'abcdef0123456789',
    preview: { lines: ['• eni-1: sg-1 → isolation'], warnings: [] },
    requestedBy: 'U0USER',
    requestedAt: T0.toISOString(),
    phase: 'previewed',
    steps: [],
    restoreSteps: [],
    ...overrides,
  };
}

/** A command context with fakes, and one log of the calls that matter for ordering. */
async function setup(
  text: string,
  options: { incidents?: Incident[]; admin?: boolean; defaultRegion?: string; userId?: string } = {},
) {
  const decision = run(dispatch('/ir', text));
  const store = createMemoryStore();
  for (const item of options.incidents ?? [incident()]) await store.create(item);
  const order: string[] = [];
  const incidents = createIncidentService({
    store,
    record: (id, event) => store.appendTimeline(id, event),
    now: () => T0,
    changed: () => {},
    newIncidentId: async () => `INC-${100 + (await store.nextSequence('incident'))}`,
  });
  const containment = {
    preview: vi.fn<ContainmentService['preview']>(async (_kind, request) => {
      order.push('preview');
      return actionRecord({ incidentId: request.incidentId, target: request.target, reason: request.reason });
    }),
    latestFor: vi.fn<ContainmentService['latestFor']>(async () => {
      order.push('latestFor');
      return undefined;
    }),
    setFrozen: vi.fn<ContainmentService['setFrozen']>(async () => {}),
  };
  const views: ModalView[] = [];
  const slack = {
    openView: vi.fn(async (_triggerId: string, view: ModalView) => {
      order.push('openView');
      views.push(view);
      return { viewId: 'V0MODAL' };
    }),
    updateView: vi.fn(async (_viewId: string, view: ModalView) => {
      order.push('updateView');
      views.push(view);
    }),
  };
  const replies: Array<Parameters<CommandContext['reply']>[0]> = [];
  const context: CommandContext = {
    command: '/ir',
    userId: options.userId ?? 'U0USER',
    channelId: 'C0HERE',
    args: decision.args,
    store,
    incidents,
    now: () => T0,
    containment: containment as unknown as ContainmentService,
    slack,
    triggerId: '1234.5678.trigger',
    isAdmin: (userId) => options.admin === true && userId === (options.userId ?? 'U0USER'),
    defaultRegion: options.defaultRegion,
    reply: async (message) => {
      replies.push(message);
    },
  };
  return { spec: decision.spec, context, store, containment, slack, views, order, replies };
}

const modalText = (view: ModalView) => JSON.stringify(view.blocks);

describe('dispatch of the containment commands', () => {
  it.each([
    ['isolate', /An instance id is required/i],
    ['isolate vol-0abc1234', /is not an EC2 instance id/i],
    ['isolate i-XYZ', /is not an EC2 instance id/i],
    [`isolate ${INSTANCE} region=mars`, /`region=` must be a region/i],
    [`isolate ${INSTANCE} region=eu-west-1 account=1234`, /`account=` must be a 12-digit account id/i],
    [`isolate ${INSTANCE} bogus=1`, /unknown option `bogus=`/i],
    ['restore', /what to restore is required/i],
    ['restore some/thing', /neither an EC2 instance id nor an IAM principal/i],
    [`restore ${INSTANCE} extra`, /unexpected `extra`/i],
    ['freeze now', /unexpected `now`/i],
    ['unfreeze please', /unexpected `please`/i],
  ])('answers %j with what was wrong and the usage line', (text, problem) => {
    const answer = reply(dispatch('/ir', text));
    expect(answer).toMatch(problem);
    expect(answer).toContain(`Usage: \`/ir ${text.split(' ')[0]}`);
  });

  it('escapes a hostile argument in the answer', () => {
    const answer = reply(dispatch('/ir', 'isolate <!channel>'));
    expect(answer).not.toContain('<!channel>');
    expect(answer).toContain('&lt;!channel&gt;');
  });

  it('runs isolate, restore, freeze and unfreeze with valid arguments', () => {
    const isolate = run(
      dispatch('/ir', `isolate ${INSTANCE} crypto miner inc=INC-12 region=eu-west-1 account=123456789012`),
    );
    expect(isolate.spec).toBe(isolateCommand);
    expect(isolate.args).toEqual({
      positional: [INSTANCE, 'crypto', 'miner'],
      options: { inc: 'INC-12', region: 'eu-west-1', account: '123456789012' },
    });
    expect(run(dispatch('/ir', `restore ${INSTANCE}`)).spec).toBe(restoreCommand);
    expect(run(dispatch('/ir', 'freeze')).spec).toBe(freezeCommand);
    expect(run(dispatch('/ir', 'unfreeze')).spec).toBe(unfreezeCommand);
  });
});

describe('/ir isolate', () => {
  it('opens a loading modal before anything else, then fills it with the preview', async () => {
    const s = await setup(`isolate ${INSTANCE} crypto miner`);
    await s.spec.run!(s.context);
    expect(s.order).toEqual(['openView', 'preview', 'updateView']);
    expect(s.slack.openView).toHaveBeenCalledWith('1234.5678.trigger', expect.any(Object));
    expect(modalText(s.views[0]!)).toContain(INSTANCE);
    expect(s.containment.preview).toHaveBeenCalledWith('isolate', {
      incidentId: 'INC-5',
      target: { account: '111111111111', region: 'us-west-2', resourceId: INSTANCE },
      reason: 'crypto miner',
      requestedBy: 'U0USER',
    });
    expect(s.slack.updateView).toHaveBeenCalledWith('V0MODAL', expect.any(Object));
    const preview = s.views[1]!;
    expect(preview.private_metadata).toBe('ACT-3');
    expect(modalText(preview)).toContain(CONTAIN_ACTION_IDS.confirm);
    expect(modalText(preview)).toContain('crypto miner');
  });

  it('lets region= and account= override the incident, and sends no reason when none is given', async () => {
    const s = await setup(`isolate ${INSTANCE} region=eu-west-1 account=222222222222`);
    await s.spec.run!(s.context);
    expect(s.containment.preview).toHaveBeenCalledWith('isolate', {
      incidentId: 'INC-5',
      target: { account: '222222222222', region: 'eu-west-1', resourceId: INSTANCE },
      reason: undefined,
      requestedBy: 'U0USER',
    });
  });

  it('declares a new incident for the target when the channel has none', async () => {
    const s = await setup(`isolate ${INSTANCE}`, { incidents: [], defaultRegion: 'eu-central-1' });
    await s.spec.run!(s.context);
    const open = await s.store.listOpen();
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      title: `Isolation of ${INSTANCE}`,
      channel: 'C0HERE',
      declaredBy: 'U0USER',
      region: 'eu-central-1',
      resources: [{ kind: 'InstanceId', id: INSTANCE }],
      status: 'open',
    });
    expect(s.containment.preview).toHaveBeenCalledWith(
      'isolate',
      expect.objectContaining({
        incidentId: open[0]!.id,
        target: { account: undefined, region: 'eu-central-1', resourceId: INSTANCE },
      }),
    );
    expect((await s.store.timeline(open[0]!.id))[0]).toMatchObject({ type: 'declared', source: 'manual' });
  });

  it('uses the incident named by inc= even from another channel', async () => {
    const s = await setup(`isolate ${INSTANCE} inc=INC-9`, {
      incidents: [incident(), incident({ id: 'INC-9', channel: 'C0ELSEWHERE', region: 'ap-south-1' })],
    });
    await s.spec.run!(s.context);
    expect(s.containment.preview).toHaveBeenCalledWith(
      'isolate',
      expect.objectContaining({
        incidentId: 'INC-9',
        target: expect.objectContaining({ region: 'ap-south-1' }),
      }),
    );
  });

  it('shows an unknown inc= in the modal, and previews nothing', async () => {
    const s = await setup(`isolate ${INSTANCE} inc=INC-404`);
    await s.spec.run!(s.context);
    expect(s.containment.preview).not.toHaveBeenCalled();
    expect(modalText(s.views[1]!)).toContain('INCIDENT_NOT_FOUND');
  });

  it('asks which incident when the channel has two, without declaring a third', async () => {
    const s = await setup(`isolate ${INSTANCE}`, { incidents: [incident(), incident({ id: 'INC-6' })] });
    await s.spec.run!(s.context);
    expect(s.containment.preview).not.toHaveBeenCalled();
    expect(modalText(s.views[1]!)).toContain('AMBIGUOUS_INCIDENT');
    expect(await s.store.listOpen()).toHaveLength(2);
  });

  it('asks for a region when neither the command, the incident nor AWS_REGION names one', async () => {
    const s = await setup(`isolate ${INSTANCE}`, { incidents: [incident({ region: undefined })] });
    await s.spec.run!(s.context);
    expect(s.containment.preview).not.toHaveBeenCalled();
    expect(modalText(s.views[1]!)).toContain('NO_REGION');
  });

  it('shows a refusal in the modal as its user message', async () => {
    const s = await setup(`isolate ${INSTANCE}`);
    s.containment.preview.mockRejectedValueOnce(
      new FirebreakError('PROTECTED', 'The instance is tagged firebreak:protected.'),
    );
    await s.spec.run!(s.context);
    expect(s.views).toHaveLength(2);
    expect(s.views[1]!.title.text).toBe('Cannot isolate');
    expect(modalText(s.views[1]!)).toContain('The instance is tagged firebreak:protected. (PROTECTED)');
  });

  it('shows an unexpected error as the generic line, with no message or stack', async () => {
    const s = await setup(`isolate ${INSTANCE}`);
    s.containment.preview.mockRejectedValueOnce(
      new TypeError('secret internals at /app/src/contain/x.ts:12'),
    );
    await s.spec.run!(s.context);
    const text = modalText(s.views[1]!);
    expect(text).toContain('(INTERNAL)');
    expect(text).not.toContain('secret internals');
    expect(text).not.toContain('.ts:');
  });
});

describe('/ir restore', () => {
  it('opens a loading modal first, then shows the restore confirmation for the latest isolation', async () => {
    const s = await setup(`restore ${INSTANCE}`);
    s.containment.latestFor.mockImplementationOnce(async () => {
      s.order.push('latestFor');
      return actionRecord({
        phase: 'finished',
        steps: [
          {
            id: 'cut',
            title: 'Move eni-1 to isolation',
            critical: true,
            dependsOn: [],
            status: 'done',
            requestIds: [],
          },
        ],
      });
    });
    await s.spec.run!(s.context);
    expect(s.order).toEqual(['openView', 'latestFor', 'updateView']);
    expect(s.containment.latestFor).toHaveBeenCalledWith('isolate', INSTANCE);
    const text = modalText(s.views[1]!);
    expect(text).toContain(CONTAIN_ACTION_IDS.restoreConfirm);
    expect(text).toContain('Move eni-1 to isolation');
  });

  it('says there is nothing to restore when Firebreak never isolated the instance', async () => {
    const s = await setup(`restore ${INSTANCE}`);
    await s.spec.run!(s.context);
    expect(s.views[1]!.title.text).toBe('Nothing to restore');
    expect(modalText(s.views[1]!)).not.toContain(CONTAIN_ACTION_IDS.restoreConfirm);
  });

  it('shows a failure in the modal as its user message', async () => {
    const s = await setup(`restore ${INSTANCE}`);
    s.containment.latestFor.mockRejectedValueOnce(
      new FirebreakError('STORE_UNAVAILABLE', 'The store is down.'),
    );
    await s.spec.run!(s.context);
    expect(s.views[1]!.title.text).toBe('Cannot restore');
    expect(modalText(s.views[1]!)).toContain('The store is down. (STORE_UNAVAILABLE)');
  });
});

describe('/ir freeze and unfreeze', () => {
  it('refuses a non-admin with NOT_AN_ADMIN and freezes nothing', async () => {
    const s = await setup('freeze', { admin: false });
    const error = await s.spec.run!(s.context).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FirebreakError);
    expect((error as FirebreakError).code).toBe('NOT_AN_ADMIN');
    expect(s.containment.setFrozen).not.toHaveBeenCalled();
    expect(s.replies).toEqual([]);
  });

  it('freezes for an admin, on the channel incident’s timeline, and says so in the channel', async () => {
    const s = await setup('freeze', { admin: true });
    await s.spec.run!(s.context);
    expect(s.containment.setFrozen).toHaveBeenCalledWith(true, 'U0USER', 'INC-5');
    expect(s.replies).toEqual([
      expect.objectContaining({ inChannel: true, text: expect.stringMatching(/frozen/) }),
    ]);
  });

  it('freezes without an incident when the channel has none', async () => {
    const s = await setup('freeze', { admin: true, incidents: [incident({ channel: 'C0OTHER' })] });
    await s.spec.run!(s.context);
    expect(s.containment.setFrozen).toHaveBeenCalledWith(true, 'U0USER', undefined);
  });

  it('unfreezes for an admin, and refuses a non-admin', async () => {
    const admin = await setup('unfreeze', { admin: true });
    await admin.spec.run!(admin.context);
    expect(admin.containment.setFrozen).toHaveBeenCalledWith(false, 'U0USER', 'INC-5');
    expect(admin.replies[0]?.text).toMatch(/unfrozen/);

    const other = await setup('unfreeze', { admin: false });
    await expect(other.spec.run!(other.context)).rejects.toMatchObject({ code: 'NOT_AN_ADMIN' });
    expect(other.containment.setFrozen).not.toHaveBeenCalled();
  });
});
