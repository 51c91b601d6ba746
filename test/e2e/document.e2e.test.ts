import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import type { Incident } from '../../src/incident/incident.js';
import {
  type E2eWorld,
  iamUserState,
  offeredActionId,
  startE2eWorld,
  type Where,
} from '../support/e2e-harness.js';
import { eventually } from '../support/eventually.js';

/**
 * Remediate and document end to end: the bot in a child process, the Slack simulator, signed requests, real Redis,
 * and a temporary runbooks folder (a copy of the shipped runbooks) where the report must appear.
 */
const CHANNEL = 'C0INCIDENTS';
const RESPONDER = 'U0ONCALL';
const OWNER = 'U0OWNER';
const REDIS_DB = 9;

let world: E2eWorld;

/** `/ir <text>` sent to the bot of `on`; resolves with the HTTP status of the ack. */
const command = async (on: E2eWorld, text: string, user = RESPONDER) =>
  (await on.runCommand(text, { user })).status;

async function declared(on: E2eWorld, title: string, severity: number): Promise<Incident> {
  expect(await command(on, `declare "${title}" sev=${severity}`)).toBe(200);
  const found = await eventually(
    async () => (await on.store.listOpen()).find((incident) => incident.title === title),
    (incident) => Boolean(incident?.cardTs),
  );
  return found!;
}

const timelineTypes = async (id: string) => (await world.store.timeline(id)).map((event) => event.type);

function frontMatter(markdown: string): Record<string, unknown> {
  const lines = markdown.split('\n');
  return parse(lines.slice(1, lines.indexOf('---', 1)).join('\n')) as Record<string, unknown>;
}

/** The incident picker, once the bot has posted it to a response URL after the first `seen` posts. */
const pickerAfter = (seen: number) =>
  eventually(
    () =>
      world.slack
        .callsTo('response_url')
        .slice(seen)
        .find((call) => JSON.stringify(call.args).includes('incident.pick')),
    Boolean,
  );

function reportsIn(folder: string): string[] {
  const dir = join(world.dir, folder);
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.md')) : [];
}

/** A copy of the shipped runbooks, with the folder reports go to. */
function copyRunbooks(dir: string): Record<string, string> {
  const shipped = resolve(import.meta.dirname, '../../runbooks');
  for (const name of readdirSync(shipped).filter((file) => file.endsWith('.md')))
    copyFileSync(join(shipped, name), join(dir, name));
  mkdirSync(join(dir, 'incidents'), { recursive: true });
  return { RUNBOOKS_DIR: dir };
}

beforeAll(async () => {
  world = await startE2eWorld({
    name: 'document',
    redis: { url: inject('redisUrl'), db: REDIS_DB },
    channel: CHANNEL,
    mode: 'live',
    users: [RESPONDER, OWNER].map((id) => ({ id, name: id.toLowerCase() })),
    prepare: copyRunbooks,
    env: { FIREBREAK_RESPONDERS: RESPONDER },
  });
});

afterAll(async () => {
  await world?.close();
});

describe('declare → note → follow-up → remediated → close → report', () => {
  let incident: Incident;

  it('declares an incident by hand and posts its card', async () => {
    incident = await declared(world, 'Access key pushed to a public repo', 2);
    expect(incident.severity).toBe(2);
    expect(incident.alarm).toBeUndefined();
    expect(await timelineTypes(incident.id)).toContain('declared');
    const card = world.slack.messages(CHANNEL).find((message) => message.ts === incident.cardTs);
    expect(JSON.stringify(card?.blocks)).toContain('incident.remediate');
  }, 60_000);

  it('adds a note and follow-ups, shown on the card, and marks one done', async () => {
    expect(await command(world, `note inc=${incident.id} key owner confirmed the push at 09:12`)).toBe(200);
    expect(await command(world, `followup add inc=${incident.id} rotate the CI deploy key <@${OWNER}>`)).toBe(
      200,
    );
    await eventually(
      () => timelineTypes(incident.id),
      (types) => types.includes('followup-added'),
    );
    expect(await command(world, `followup add inc=${incident.id} add secret scanning to the repo`)).toBe(200);
    await eventually(
      () => timelineTypes(incident.id),
      (types) => types.filter((type) => type === 'followup-added').length === 2,
    );
    expect(await command(world, `followup done inc=${incident.id} 1`)).toBe(200);
    await eventually(
      () => timelineTypes(incident.id),
      (types) => types.includes('followup-done'),
    );
    const card = await eventually(
      () => world.slack.messages(CHANNEL).find((message) => message.ts === incident.cardTs),
      (message) => JSON.stringify(message?.blocks ?? []).includes('incident-followups'),
    );
    const text = JSON.stringify(card!.blocks);
    expect(text).toContain(`<@${OWNER}>`);
    expect(text).toContain('(1 open)');
    expect(await command(world, `followup done inc=${incident.id} 7`)).toBe(200);
    await eventually(world.replies, (texts) => texts.some((t) => t.includes('NO_SUCH_FOLLOWUP')));
  }, 60_000);

  it('marks it remediated from the card button, and shows what containment left', async () => {
    const view = await world.newView(
      async () => {
        expect(
          (
            await world.clickButton(RESPONDER, 'incident.remediate', incident.id, {
              messageTs: incident.cardTs,
            })
          ).status,
        ).toBe(200);
        await eventually(
          () => world.store.get(incident.id),
          (value) => value?.status === 'remediated',
        );
      },
      (json) => json.includes('nothing to undo'),
    );
    expect(view).toBeDefined();
    const status = (await world.store.timeline(incident.id)).find((event) => event.type === 'status');
    expect(status).toMatchObject({ from: 'open', to: 'remediated', actor: RESPONDER });
  }, 60_000);

  it('writes a draft with /ir report while open', async () => {
    expect(await command(world, `report inc=${incident.id}`)).toBe(200);
    const [file] = await eventually(
      () => reportsIn('incidents'),
      (files) => files.length === 1,
    );
    expect(file).toMatch(
      new RegExp(`^\\d{4}-\\d{2}-\\d{2}-${incident.id}-access-key-pushed-to-a-public-repo\\.md$`),
    );
    const markdown = readFileSync(join(world.dir, 'incidents', file!), 'utf8');
    expect(frontMatter(markdown)).toMatchObject({ id: incident.id, status: 'remediated', draft: true });
  }, 60_000);

  it('closes through the card menu and the close modal, writes the report, freezes the timeline, shares the file', async () => {
    // People write lessons in the draft; the final report must keep them.
    const [file] = reportsIn('incidents');
    const path = join(world.dir, 'incidents', file!);
    const draft = readFileSync(path, 'utf8');
    const edited = draft.replace(
      /### What went well\n\n[^\n]*\n/,
      '### What went well\n\nThe key owner answered within five minutes.\n',
    );
    expect(edited).not.toBe(draft);
    writeFileSync(path, edited);

    const modal = await world.newView(
      async () => {
        const select = await world.interact(
          RESPONDER,
          {
            type: 'static_select',
            action_id: 'incident.close',
            selected_option: { value: `${incident.id}|resolved` },
          },
          { messageTs: incident.cardTs },
        );
        expect(select.status).toBe(200);
      },
      (_, candidate) => candidate.view.callback_id === 'incident.close.submit',
    );
    expect(modal.view.private_metadata).toBe(incident.id);
    const reply = await world.submitView(
      RESPONDER,
      { id: modal.id, callback_id: 'incident.close.submit', private_metadata: incident.id },
      {
        resolution: { resolution: { type: 'static_select', selected_option: { value: 'resolved' } } },
        summary: {
          summary: {
            type: 'plain_text_input',
            value: 'The key was revoked and rotated. ![](http://tracker.example/p.png)',
          },
        },
        impact: { impact: { type: 'plain_text_input', value: 'No use of the key was seen in CloudTrail.' } },
      },
    );
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ response_action: 'update' });

    const closed = await eventually(
      () => world.store.get(incident.id),
      (value) => value?.status === 'closed',
    );
    expect(closed!.resolution).toBe('resolved');
    const markdown = await eventually(
      () => readFileSync(path, 'utf8'),
      (text) => !('draft' in frontMatter(text)) && frontMatter(text).status === 'closed',
    );
    const data = frontMatter(markdown);
    expect(data).toMatchObject({ id: incident.id, status: 'closed', resolution: 'resolved', severity: 2 });
    expect(data.responders).toEqual(expect.arrayContaining([RESPONDER]));
    for (const heading of [
      '## Summary',
      '## Impact',
      '## Timeline',
      '## Follow-ups',
      '## Five phases',
      '## Links',
    ])
      expect(markdown).toContain(`\n${heading}\n`);
    expect(markdown).toContain('The key was revoked and rotated.');
    expect(markdown).not.toContain('![](http://tracker.example');
    expect(markdown).toContain('No use of the key was seen in CloudTrail.');
    expect(markdown).toContain('- [x] rotate the CI deploy key (owner @U0OWNER)');
    expect(markdown).toContain('- [ ] add secret scanning to the repo (**no owner**)');
    expect(markdown).toContain('key owner confirmed the push at 09:12');
    expect(markdown).toContain('The key owner answered within five minutes.');
    expect(markdown).toMatch(/\| 20\d\d-\d\d-\d\d \d\d:\d\d:\d\dZ \|/);

    const shared = await eventually(
      () =>
        world.slack.files().filter((upload) => upload.name === file && upload.threadTs === incident.cardTs),
      (files) => files.some((upload) => upload.content?.toString('utf8').includes('status: closed')),
    );
    expect(shared.length).toBeGreaterThanOrEqual(1);
    const types = await timelineTypes(incident.id);
    expect(types.filter((type) => type === 'report-written').length).toBeGreaterThanOrEqual(2);

    // The timeline is frozen: a note after the close is refused and changes nothing.
    const count = types.length;
    expect(await command(world, `note inc=${incident.id} too late`)).toBe(200);
    await eventually(world.replies, (texts) => texts.some((t) => t.includes('TIMELINE_FROZEN')));
    expect((await world.store.timeline(incident.id)).length).toBe(count);
  }, 90_000);

  it('exports the timeline as JSON Lines into the thread', async () => {
    expect(await command(world, `export inc=${incident.id}`)).toBe(200);
    const upload = await eventually(
      () => world.slack.files().find((candidate) => candidate.name === `${incident.id}-timeline.jsonl`),
      (candidate) => Boolean(candidate?.content),
    );
    expect(upload!.threadTs).toBe(incident.cardTs);
    const lines = upload!.content!.toString('utf8').trim().split('\n');
    const events = lines.map((line) => JSON.parse(line) as { incident: string; type: string; at: string });
    expect(events.every((event) => event.incident === incident.id)).toBe(true);
    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining([
        'declared',
        'note',
        'followup-added',
        'followup-done',
        'status',
        'closed',
        'report-written',
      ]),
    );
  }, 60_000);
});

describe('the incident picker and the "Add to timeline" shortcut', () => {
  let first: Incident;
  let second: Incident;

  it('asks which incident when the channel has two open, and runs the command on the one picked', async () => {
    first = await declared(world, 'Console login from an unknown country', 2);
    second = await declared(world, 'Security group opened to the world', 2);
    const seen = world.slack.callsTo('response_url').length;
    expect(await command(world, 'note the VPN logs are archived')).toBe(200);
    const picker = await pickerAfter(seen);
    const blocks = (picker!.args.blocks ?? []) as {
      block_id?: string;
      accessory?: { options?: { value: string }[] };
    }[];
    const section = blocks.find((block) => block.block_id?.startsWith('incident-pick:'))!;
    expect(section.accessory?.options?.map((option) => option.value)).toEqual(
      expect.arrayContaining([first.id, second.id]),
    );
    const choose = async (user: string) =>
      (
        await world.interact(
          user,
          {
            type: 'static_select',
            action_id: 'incident.pick',
            block_id: section.block_id!,
            selected_option: { value: second.id },
          },
          {},
        )
      ).status;
    // Someone else cannot use another person's pending command.
    expect(await choose(OWNER)).toBe(200);
    await eventually(world.replies, (texts) => texts.some((t) => t.includes('expired or was already made')));
    expect(await choose(RESPONDER)).toBe(200);
    const note = await eventually(
      async () => (await world.store.timeline(second.id)).find((event) => event.type === 'note'),
      Boolean,
    );
    expect(note).toMatchObject({ actor: RESPONDER, text: 'the VPN logs are archived' });
    expect((await world.store.timeline(first.id)).some((event) => event.type === 'note')).toBe(false);
  }, 90_000);

  it('copies a message in an incident thread into that incident, with author, time and permalink', async () => {
    const shortcut = await world.messageShortcut(RESPONDER, 'add_to_timeline', {
      ts: first.cardTs!,
      user: OWNER,
      text: 'login came from 203.0.113.9 <!channel> [x](http://evil.example)',
    });
    expect(shortcut.status).toBe(200);
    const note = await eventually(
      async () => (await world.store.timeline(first.id)).find((event) => event.type === 'note'),
      Boolean,
    );
    expect(note).toMatchObject({ actor: RESPONDER, text: expect.stringContaining('203.0.113.9') });
    if (note?.type !== 'note') throw new Error('not a note');
    expect(note.source?.author).toBe(OWNER);
    expect(note.source?.postedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(note.source?.permalink).toMatch(/^https:\/\/.*\/archives\/C0INCIDENTS\/p\d+/);
  }, 60_000);

  it('offers the picker for a message outside any incident thread', async () => {
    const seen = world.slack.callsTo('response_url').length;
    const shortcut = await world.messageShortcut(RESPONDER, 'add_to_timeline', {
      ts: '1795680000.000100',
      user: OWNER,
      text: 'unrelated chatter',
    });
    expect(shortcut.status).toBe(200);
    const picker = await pickerAfter(seen);
    expect(JSON.stringify(picker!.args)).toContain('not in an incident thread');
  }, 60_000);
});

describe('remediating what a revocation left, in drill mode (simulated AWS account)', () => {
  const OUTSIDER = 'U0OUTSIDER';
  let drill: E2eWorld;
  let incident: Incident;
  let actionId: string;

  /** Mallory's access keys (`id:Status`) and inline policies (`policy:name`), as the drill bot left them. */
  async function malloryKeys(): Promise<string[]> {
    const { keys, inline } = await iamUserState(drill.drillStatePath, 'mallory');
    return [...keys, ...inline.map((name) => `policy:${name}`)].sort();
  }

  const click = async (user: string, actionId: string, value: string, where: Where) =>
    (await drill.clickButton(user, actionId, value, where)).status;

  beforeAll(async () => {
    world.slack.addUser({ id: OUTSIDER, name: 'outsider' });
    // Its own key prefix: the first describe's incidents are closed or belong to the other bot; this bot starts empty.
    drill = await startE2eWorld({
      name: 'document-drill',
      redis: { url: inject('redisUrl'), db: REDIS_DB },
      channel: CHANNEL,
      mode: 'drill',
      shareSlackWith: world,
      prepare: (dir) => ({ RUNBOOKS_DIR: dir }),
      env: { FIREBREAK_RESPONDERS: RESPONDER },
    });
  }, 60_000);

  afterAll(async () => {
    await drill?.close();
  });

  it('revokes mallory, then deletes exactly the deactivated keys for a responder only, after a confirmation', async () => {
    incident = await declared(drill, 'Mallory key on pastebin', 1);
    const original = await malloryKeys();
    const preview = await drill.newView(
      async () => expect(await command(drill, `revoke mallory inc=${incident.id}`)).toBe(200),
      (json) => json.includes('contain.confirm'),
    );
    actionId = offeredActionId(preview)!;
    expect(actionId).toBeDefined();
    expect(await click(RESPONDER, 'contain.confirm', actionId, { viewId: preview.id })).toBe(200);
    await eventually(
      () => drill.store.getRecord<{ phase: string }>('action', actionId),
      (record) => record?.phase === 'finished',
    );
    const revoked = await malloryKeys();
    const deactivated = original
      .filter((key) => key.endsWith(':Active'))
      .map((key) => key.replace(':Active', ''));
    expect(deactivated.length).toBeGreaterThan(0);

    // Mark remediated from the card: the modal offers deleting the keys and lifting the deny.
    const offers = await drill.newView(
      async () =>
        expect(await click(OUTSIDER, 'incident.remediate', incident.id, { messageTs: incident.cardTs })).toBe(
          200,
        ),
      (json) => json.includes('remediate.offer'),
    );
    const buttons = (offers.view.blocks as { elements?: { action_id?: string; value?: string }[] }[])
      .flatMap((block) => block.elements ?? [])
      .filter((element) => element.action_id?.startsWith('remediate.offer:'))
      .map((element) => ({ action: element.action_id!, value: element.value! }));
    const deleteKeys = buttons.find((button) => button.value.includes('|delete-keys|'))!;
    expect(deleteKeys).toBeDefined();
    expect(buttons.some((button) => button.value.includes('|remove-deny|'))).toBe(true);

    // The confirmation says it cannot be undone; an outsider's confirmation is refused and recorded.
    expect(await click(OUTSIDER, deleteKeys.action, deleteKeys.value, { viewId: offers.id })).toBe(200);
    await eventually(
      () => drill.viewJson(offers.id),
      (text) => text.includes('cannot be undone'),
    );
    expect(await click(OUTSIDER, 'remediate.confirm', deleteKeys.value, { viewId: offers.id })).toBe(200);
    await eventually(
      () => drill.viewJson(offers.id),
      (text) => text.includes('NOT_A_RESPONDER'),
    );
    expect(await malloryKeys()).toEqual(revoked);
    expect(await drill.store.timeline(incident.id)).toContainEqual(
      expect.objectContaining({
        type: 'denied',
        actor: OUTSIDER,
        attempted: `remediate delete-keys ${actionId}`,
      }),
    );

    expect(await click(RESPONDER, 'remediate.confirm', deleteKeys.value, { viewId: offers.id })).toBe(200);
    const event = await eventually(
      async () =>
        (await drill.store.timeline(incident.id)).find((candidate) => candidate.type === 'remediation'),
      Boolean,
    );
    expect(event).toMatchObject({ operation: 'delete-keys', outcome: 'done', actor: RESPONDER });
    const after = await malloryKeys();
    for (const key of deactivated) expect(after.some((entry) => entry.startsWith(`${key}:`))).toBe(false);
    // Keys that were already inactive before the revocation were never Firebreak's to delete.
    for (const key of original.filter((entry) => entry.endsWith(':Inactive'))) expect(after).toContain(key);
  }, 120_000);

  it('lifts the deny policy, then the closing report records both remediations in the drills folder', async () => {
    const offers = await drill.newView(
      async () =>
        expect(await command(drill, `remediated inc=${incident.id} keys deleted, deny lifted`)).toBe(200),
      (json) => json.includes('remove-deny'),
    );
    const value = /"value":"([^"]*\|remove-deny\|[^"]*)"/.exec(JSON.stringify(offers.view))![1]!;
    expect(JSON.stringify(offers.view)).not.toContain('|delete-keys|');
    expect(await click(RESPONDER, 'remediate.confirm', value, { viewId: offers.id })).toBe(200);
    await eventually(
      async () => (await drill.store.timeline(incident.id)).filter((event) => event.type === 'remediation'),
      (events) => events.some((event) => event.type === 'remediation' && event.operation === 'remove-deny'),
    );
    expect(
      (await malloryKeys()).some((entry) => entry.startsWith('policy:') && entry.includes(incident.id)),
    ).toBe(false);

    expect(await command(drill, `close resolved inc=${incident.id} mallory cleaned up`)).toBe(200);
    const [file] = await eventually(
      () =>
        existsSync(join(drill.dir, 'incidents', 'drills'))
          ? readdirSync(join(drill.dir, 'incidents', 'drills'))
          : [],
      (files) => files.some((name) => name.includes(incident.id)),
    );
    const markdown = await eventually(
      () => readFileSync(join(drill.dir, 'incidents', 'drills', file!), 'utf8'),
      (text) => frontMatter(text).status === 'closed',
    );
    expect(frontMatter(markdown)).toMatchObject({ drill: true, resolution: 'resolved' });
    expect(markdown).toContain('Delete access keys of mallory');
    expect(markdown).toContain('Remove deny policy of mallory');
    expect(markdown).toContain('mallory cleaned up');
  }, 120_000);
});
