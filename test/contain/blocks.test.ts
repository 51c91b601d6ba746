import type { KnownBlock, ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { ActionRecord } from '../../src/contain/action.js';
import {
  approvalMessage,
  CONTAIN_ACTION_IDS,
  checklistMessage,
  chunkLines,
  interruptedMessage,
  loadingModal,
  messageModal,
  previewModal,
  restoreModal,
} from '../../src/contain/blocks.js';
import type { StepRecord, StepStatus } from '../../src/contain/step.js';
import { checkBlockKitLimits } from '../../src/slack/block-limits.js';
import { escapeMrkdwn } from '../../src/slack/mrkdwn.js';

const HOSTILE = '<!channel> <https://evil|x>';

function record(overrides: Partial<ActionRecord> = {}): ActionRecord {
  return {
    id: 'ACT-7',
    kind: 'isolate',
    incidentId: 'INC-3',
    target: { account: '123456789012', region: 'eu-west-1', resourceId: 'i-0abc1234def567890' },
    plan: { interfaces: ['eni-1'] },
    planHash: '0123456789abcdef0123',
    preview: { lines: ['• eni-1: sg-1 → isolation'], warnings: [] },
    requestedBy: 'U0REQUESTER',
    requestedAt: '2026-11-26T08:10:00.000Z',
    phase: 'previewed',
    steps: [],
    restoreSteps: [],
    ...overrides,
  };
}

function step(id: string, status: StepStatus, overrides: Partial<StepRecord> = {}): StepRecord {
  return { id, title: `Step ${id}`, critical: true, dependsOn: [], status, requestIds: [], ...overrides };
}

type Walkable = unknown;

/** Every object in the tree (blocks, elements, text objects). */
function* objects(value: Walkable): Generator<Record<string, unknown>> {
  if (Array.isArray(value)) {
    for (const item of value) yield* objects(item);
  } else if (typeof value === 'object' && value !== null) {
    const obj = value as Record<string, unknown>;
    yield obj;
    for (const child of Object.values(obj)) yield* objects(child);
  }
}

/** The texts Slack parses as mrkdwn: mrkdwn text objects, and a message's notification text. */
function mrkdwnTexts(blocks: readonly unknown[], text?: string): string[] {
  const texts = [...objects(blocks)]
    .filter((obj) => obj.type === 'mrkdwn' && typeof obj.text === 'string')
    .map((obj) => obj.text as string);
  return text === undefined ? texts : [...texts, text];
}

function expectNothingLive(texts: string[]): void {
  for (const text of texts) {
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://evil');
  }
}

function buttons(
  blocks: readonly unknown[],
): Array<{ action_id: string; value: string; text: { text: string } }> {
  return [...objects(blocks)].filter((obj) => obj.type === 'button') as never;
}

function expectModalWithinLimits(view: ModalView): void {
  expect(checkBlockKitLimits(view.blocks, 'modal')).toEqual([]);
  expect(view.title.text.length).toBeLessThanOrEqual(24);
  expect(view.close?.text.length ?? 0).toBeLessThanOrEqual(24);
  expect(view.private_metadata?.length ?? 0).toBeLessThanOrEqual(3000);
}

function expectMessageWithinLimits(message: { text: string; blocks: KnownBlock[] }): void {
  expect(checkBlockKitLimits(message.blocks, 'message')).toEqual([]);
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(40_000);
}

const hostileSteps = (count: number): StepRecord[] =>
  Array.from({ length: count }, (_, i) =>
    step(`s${i}`, i % 3 === 0 ? 'failed' : 'done', {
      title: `Move eni-${i} ${HOSTILE}`,
      note: `note ${HOSTILE}`,
      requestIds: [`req-${i}`],
      critical: i % 2 === 0,
      ...(i % 3 === 0 ? { error: { code: 'UnauthorizedOperation', message: `denied ${HOSTILE}` } } : {}),
    }),
  );

describe('loadingModal and messageModal', () => {
  it('stay within the modal limits and escape what they are given', () => {
    const loading = loadingModal(`i-0abc ${HOSTILE}`);
    expectModalWithinLimits(loading);
    expectNothingLive(mrkdwnTexts(loading.blocks));
    expect(mrkdwnTexts(loading.blocks).join('\n')).toContain(escapeMrkdwn(HOSTILE));

    const message = messageModal('A title far longer than a modal title may be', 'Nothing to do.');
    expectModalWithinLimits(message);
  });
});

describe('previewModal', () => {
  it('stays within the modal limits with 500 preview lines, a hostile reason and a hostile resource id', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `• ${escapeMrkdwn(`eni-${i} tag Name=${HOSTILE}`)}`);
    const view = previewModal(
      record({
        target: { region: 'eu-west-1', resourceId: `i-0abc ${HOSTILE}` },
        reason: `miner ${HOSTILE}`,
        preview: { lines, warnings: [escapeMrkdwn(`NAT gateway ${HOSTILE}`)] },
      }),
    );
    expectModalWithinLimits(view);
    const texts = mrkdwnTexts(view.blocks);
    expectNothingLive(texts);
    const all = texts.join('\n');
    expect(all).toContain(`miner ${escapeMrkdwn(HOSTILE)}`);
    expect(all).toContain(`i-0abc ${escapeMrkdwn(HOSTILE)}`);
    // The start of the preview is shown in full, in order.
    expect(all.indexOf(lines[0]!)).toBeLessThan(all.indexOf(lines[1]!));
  });

  it('keeps the buttons with 500 preview lines, carrying only the action id', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `• eni-${i}: sg-0123456789abcdef0 → isolation group`);
    const view = previewModal(record({ preview: { lines, warnings: [] } }));
    expectModalWithinLimits(view);
    const found = buttons(view.blocks);
    expect(found.map((button) => button.action_id)).toEqual([
      CONTAIN_ACTION_IDS.confirm,
      CONTAIN_ACTION_IDS.dryRun,
    ]);
    for (const button of found) expect(button.value).toBe('ACT-7');
    expect(view.private_metadata).toBe('ACT-7');
  });

  // A very long preview is cut in its lines, never in its "Isolate now" and "Dry run" buttons.
  it('keeps the buttons when the preview alone would overflow 100 blocks', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `• ${`eni-${i} `.padEnd(1000, 'x')}`);
    const view = previewModal(record({ preview: { lines, warnings: [] } }));
    expectModalWithinLimits(view);
    expect(buttons(view.blocks).map((button) => button.action_id)).toContain(CONTAIN_ACTION_IDS.confirm);
  });

  // Slack allows 100 characters in a confirm title; a long resource id (a role ARN) must not break the modal.
  it('stays within the confirm title limit for a long resource id', () => {
    const arn = `arn:aws:iam::123456789012:role/${'service/'.repeat(15)}incident-role`;
    const view = previewModal(record({ kind: 'revoke', target: { region: 'us-east-1', resourceId: arn } }));
    expectModalWithinLimits(view);
  });

  it('puts a plan-changed warning first when asked', () => {
    const view = previewModal(record(), { changed: true });
    expect(mrkdwnTexts(view.blocks)[0]).toMatch(/changed since the preview/);
    expect(mrkdwnTexts(previewModal(record()).blocks)[0]).not.toMatch(/changed/);
  });
});

describe('restoreModal', () => {
  it('lists the done steps, escaped, within the modal limits, with one button carrying only the id', () => {
    const view = restoreModal(
      record({
        phase: 'finished',
        executedBy: 'U0EXEC',
        target: { region: 'eu-west-1', resourceId: `i-0 ${HOSTILE}` },
        steps: hostileSteps(60),
      }),
    );
    expectModalWithinLimits(view);
    expectNothingLive(mrkdwnTexts(view.blocks));
    const text = mrkdwnTexts(view.blocks).join('\n');
    expect(text).toContain(`Move eni-1 ${escapeMrkdwn(HOSTILE)}`);
    // Failed steps were not done, so there is nothing of theirs to undo.
    expect(text).not.toContain('Move eni-0 ');
    expect(buttons(view.blocks)).toEqual([
      expect.objectContaining({ action_id: CONTAIN_ACTION_IDS.restoreConfirm, value: 'ACT-7' }),
    ]);
  });

  it('says so when no step completed', () => {
    const view = restoreModal(record({ steps: [step('a', 'failed')] }));
    expect(mrkdwnTexts(view.blocks).join('\n')).toContain('no step completed');
  });
});

describe('checklistMessage', () => {
  const actionIds = (message: { blocks: KnownBlock[] }) =>
    buttons(message.blocks).map((button) => button.action_id);

  it('stays within the message limits with 500 hostile steps, escaping titles, notes, errors and the target', () => {
    const message = checklistMessage(
      record({
        phase: 'finished',
        executedBy: 'U0EXEC',
        target: { region: 'eu-west-1', resourceId: `i-0 ${HOSTILE}` },
        steps: hostileSteps(500),
      }),
    );
    expectMessageWithinLimits(message);
    expectNothingLive(mrkdwnTexts(message.blocks, message.text));
    const text = mrkdwnTexts(message.blocks).join('\n');
    expect(text).toContain(`Move eni-0 ${escapeMrkdwn(HOSTILE)}`);
    expect(text).toContain(`note ${escapeMrkdwn(HOSTILE)}`);
    expect(text).toContain(`denied ${escapeMrkdwn(HOSTILE)}`);
    expect(buttons(message.blocks).map((button) => [button.action_id, button.value])).toEqual([
      [CONTAIN_ACTION_IDS.resume, 'ACT-7'],
      [CONTAIN_ACTION_IDS.restoreConfirm, 'ACT-7'],
    ]);
  });

  it('offers Resume and Restore for a finished run that did not contain', () => {
    const message = checklistMessage(
      record({ phase: 'finished', executedBy: 'U0EXEC', steps: [step('a', 'done'), step('b', 'failed')] }),
    );
    expect(message.text).toMatch(/partly held/);
    expect(actionIds(message)).toEqual([CONTAIN_ACTION_IDS.resume, CONTAIN_ACTION_IDS.restoreConfirm]);
    expectMessageWithinLimits(message);
  });

  it('offers only Restore for a run that contained', () => {
    const message = checklistMessage(
      record({
        phase: 'finished',
        steps: [step('a', 'done'), step('evidence', 'failed', { critical: false })],
      }),
    );
    expect(message.text).toMatch(/held/);
    expect(actionIds(message)).toEqual([CONTAIN_ACTION_IDS.restoreConfirm]);
  });

  it('offers nothing while steps are running', () => {
    const message = checklistMessage(
      record({ phase: 'executing', steps: [step('a', 'done'), step('b', 'running')] }),
    );
    expect(actionIds(message)).toEqual([]);
    expect(message.text).toMatch(/running/);
  });

  it('offers nothing for a dry run, and says it was one', () => {
    const failedDry = checklistMessage(
      record({ dryRunSteps: [step('a', 'skipped', { note: 'planned' }), step('b', 'failed')] }),
    );
    expect(failedDry.text).toMatch(/^Dry run: /);
    expect(actionIds(failedDry)).toEqual([]);
    const heldDry = checklistMessage(record({ dryRunSteps: [step('a', 'done')] }));
    expect(actionIds(heldDry)).toEqual([]);
  });

  it('shows the restore steps during a restore, with Retry restore when it did not all hold, and nothing once restored', () => {
    const steps = [step('a', 'done')];
    const retry = checklistMessage(
      record({
        phase: 'restoring',
        steps,
        restoreSteps: [step('r1', 'done'), step('r2', 'failed')],
        restoredBy: 'U0R',
      }),
    );
    expect(retry.text).toMatch(/^Restore of/);
    expect(buttons(retry.blocks).map((button) => button.text.text)).toEqual(['Retry restore']);
    const restored = checklistMessage(
      record({ phase: 'restored', steps, restoreSteps: [step('r1', 'done')] }),
    );
    expect(actionIds(restored)).toEqual([]);
  });
});

describe('approvalMessage and interruptedMessage', () => {
  it('approval stays within the message limits with 500 preview lines and escapes the target', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `• eni-${i}: sg-0123456789abcdef0 → isolation group`);
    const message = approvalMessage(
      record({
        target: { region: 'eu-west-1', resourceId: `i-0 ${HOSTILE}` },
        preview: { lines, warnings: [] },
      }),
    );
    expectMessageWithinLimits(message);
    expectNothingLive(mrkdwnTexts(message.blocks, message.text));
    expect(buttons(message.blocks)).toEqual([
      expect.objectContaining({ action_id: CONTAIN_ACTION_IDS.approve, value: 'ACT-7' }),
    ]);
  });

  // A long preview must not push the approval request past a message's 50 blocks (Slack would refuse it).
  it('approval stays within 50 blocks for a long preview', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `• ${`eni-${i} `.padEnd(400, 'x')}`);
    expectMessageWithinLimits(approvalMessage(record({ preview: { lines, warnings: [] } })));
  });

  it('interrupted offers Resume and Restore, carrying only the id, and escapes the target', () => {
    const message = interruptedMessage(
      record({
        phase: 'executing',
        target: { region: 'eu-west-1', resourceId: `i-0 ${HOSTILE}` },
        steps: [step('a', 'done'), step('b', 'running'), step('c', 'pending')],
      }),
    );
    expectMessageWithinLimits(message);
    expectNothingLive(mrkdwnTexts(message.blocks, message.text));
    expect(message.text).toContain('1 of 3 steps');
    expect(buttons(message.blocks).map((button) => [button.action_id, button.value])).toEqual([
      [CONTAIN_ACTION_IDS.resume, 'ACT-7'],
      [CONTAIN_ACTION_IDS.restoreConfirm, 'ACT-7'],
    ]);
  });
});

describe('chunkLines', () => {
  it('packs whole lines into chunks of at most max characters', () => {
    expect(chunkLines(['aaa', 'bbb', 'ccc'], 7)).toEqual(['aaa\nbbb', 'ccc']);
    expect(chunkLines([], 10)).toEqual([]);
  });

  it('truncates a single line longer than max', () => {
    const [chunk] = chunkLines(['x'.repeat(50)], 10);
    expect(chunk!.length).toBeLessThanOrEqual(10);
  });
});
