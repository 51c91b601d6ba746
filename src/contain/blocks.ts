import type { Button, KnownBlock, ModalView } from '@slack/types';
import { contextLine, infoModal, mrkdwnSection, plainText } from '../slack/blocks.js';
import { escapeMrkdwn, truncate } from '../slack/mrkdwn.js';
import { type ActionRecord, outcomeOf } from './action.js';
import type { StepRecord } from './step.js';

/** Block Kit for containment: modals, the live checklist, approval and resume prompts. Pure builders. */
export const CONTAIN_ACTION_IDS = {
  confirm: 'contain.confirm',
  /** Followed by `:<extra id>`: confirm with one of the preview's extra measures. */
  confirmWith: 'contain.confirm-with',
  dryRun: 'contain.dryrun',
  approve: 'contain.approve',
  resume: 'contain.resume',
  restoreConfirm: 'contain.restore.confirm',
} as const;

const plain = (text: string) => plainText(text);
const section = mrkdwnSection;
const context = contextLine;
const modal = infoModal;

const VERBS: Record<ActionRecord['kind'], string> = { isolate: 'Isolate', revoke: 'Revoke' };

export const REVOKE_TARGET_CALLBACK = 'contain.revoke.target';
export const REVOKE_TARGET_BLOCK = 'principal';

/** Asks which principal to revoke, from the card's "Revoke credentials…" button. */
export function revokeTargetModal(incidentId: string): ModalView {
  return {
    type: 'modal',
    callback_id: REVOKE_TARGET_CALLBACK,
    private_metadata: incidentId,
    title: plain('Revoke credentials'),
    submit: plain('Preview'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'input',
        block_id: REVOKE_TARGET_BLOCK,
        label: plain('User, role, role ARN or access key id'),
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          placeholder: plain('mallory, web-app-role, AKIA…'),
        },
        hint: plain(`For ${incidentId}. Nothing changes until you confirm the preview.`),
      },
    ],
  };
}

export function loadingModal(what: string): ModalView {
  return modal('Firebreak', [section(`:hourglass_flowing_sand: Reading ${escapeMrkdwn(what)} from AWS…`)]);
}

export function messageModal(title: string, text: string): ModalView {
  return modal(title, [section(text)]);
}

function button(
  text: string,
  actionId: string,
  value: string,
  style?: 'primary' | 'danger',
  confirm?: { title: string; text: string; ok: string },
): Button {
  return {
    type: 'button',
    text: plain(text),
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
    ...(confirm
      ? {
          confirm: {
            title: plain(truncate(confirm.title, 100)),
            text: plain(truncate(confirm.text, 300)),
            confirm: plain(confirm.ok),
            deny: plain('Cancel'),
          },
        }
      : {}),
  };
}

const target = (record: ActionRecord) => `\`${escapeMrkdwn(record.target.resourceId)}\``;

/** The preview: what AWS says now, what will be done, and the buttons to do it. */
export function previewModal(record: ActionRecord, options: { changed?: boolean } = {}): ModalView {
  const verb = VERBS[record.kind];
  const blocks: KnownBlock[] = [];
  if (options.changed) {
    blocks.push(
      section(
        ':warning: *AWS changed since the preview you confirmed.* This is a fresh one; nothing was done.',
      ),
    );
  }
  blocks.push(
    section(
      `*${verb} ${target(record)}* for *${record.incidentId}*${record.reason ? ` — ${escapeMrkdwn(record.reason)}` : ''}`,
    ),
  );
  // Long previews are cut, never the buttons after them (a modal holds at most 100 blocks).
  for (const chunk of chunkLines(record.preview.lines, 2800).slice(0, 80)) blocks.push(section(chunk));
  if (record.preview.warnings.length > 0) {
    blocks.push(section(record.preview.warnings.map((warning) => `:warning: ${warning}`).join('\n')));
  }
  blocks.push({
    type: 'actions',
    block_id: 'contain-preview',
    elements: [
      button(`${verb} now`, CONTAIN_ACTION_IDS.confirm, record.id, 'danger', {
        title: `${verb} ${record.target.resourceId}?`,
        text: `This changes ${record.target.resourceId} in AWS now. Restore undoes it.`,
        ok: verb,
      }),
      ...(record.preview.extras ?? []).slice(0, 3).map((extra) =>
        button(extra.label, `${CONTAIN_ACTION_IDS.confirmWith}:${extra.id}`, record.id, 'danger', {
          title: `${extra.label}?`,
          text: `This changes ${record.target.resourceId} in AWS now, with "${extra.label}". Restore undoes it.`,
          ok: verb,
        }),
      ),
      button('Dry run', CONTAIN_ACTION_IDS.dryRun, record.id),
    ],
  });
  blocks.push(
    context(
      `Action ${record.id} · plan ${record.planHash.slice(0, 12)} · requested by <@${record.requestedBy}>`,
    ),
  );
  return modal(`${verb} ${record.kind === 'isolate' ? 'instance' : 'credentials'}`, blocks, record.id);
}

const RESTORE_EFFECT: Record<ActionRecord['kind'], string> = {
  isolate:
    'Interfaces go back to their own groups, the profile is re-associated and Auto Scaling takes the instance back.',
  revoke:
    'The keys this action deactivated are reactivated, its deny policies removed, and any policy it overwrote put back.',
};

export function restoreModal(record: ActionRecord): ModalView {
  const lines = record.steps
    .filter((step) => step.status === 'done')
    .map((step) => `• ${escapeMrkdwn(step.title)}`);
  return modal('Restore', [
    section(
      `*Undo ${record.id}* on ${target(record)} (${record.incidentId}). These steps were done and will be undone where they can be:`,
    ),
    ...chunkLines(lines.length > 0 ? lines : ['• (no step completed)'], 2800)
      .slice(0, 90)
      .map(section),
    {
      type: 'actions',
      block_id: 'contain-restore',
      elements: [
        button('Restore now', CONTAIN_ACTION_IDS.restoreConfirm, record.id, 'primary', {
          title: `Restore ${record.target.resourceId}?`,
          text: RESTORE_EFFECT[record.kind],
          ok: 'Restore',
        }),
      ],
    },
  ]);
}

const STATUS_ICON: Record<StepRecord['status'], string> = {
  pending: ':white_circle:',
  running: ':hourglass_flowing_sand:',
  done: ':white_check_mark:',
  failed: ':x:',
  skipped: ':fast_forward:',
};

function stepLine(step: StepRecord): string {
  const details = [
    step.note ? escapeMrkdwn(step.note) : undefined,
    step.error ? escapeMrkdwn(`${step.error.code}: ${step.error.message}`) : undefined,
    step.requestIds.length > 0 ? `req ${step.requestIds.map(escapeMrkdwn).join(', ')}` : undefined,
  ].filter(Boolean);
  return `${STATUS_ICON[step.status]} ${escapeMrkdwn(step.title)}${details.length ? ` — _${details.join(' · ')}_` : ''}`;
}

const OUTCOME_TEXT = {
  pending: 'waiting',
  running: 'running',
  contained: 'held',
  partial: 'partly held',
  failed: 'failed',
} as const;

/** The live checklist in the incident's thread. */
export function checklistMessage(record: ActionRecord): { text: string; blocks: KnownBlock[] } {
  const restoring = record.phase === 'restoring' || record.phase === 'restored';
  const steps = restoring
    ? record.restoreSteps
    : record.steps.length > 0
      ? record.steps
      : (record.dryRunSteps ?? []);
  const dryRun = !restoring && record.steps.length === 0 && (record.dryRunSteps?.length ?? 0) > 0;
  const outcome = outcomeOf(steps);
  const title = `${dryRun ? 'Dry run: ' : ''}${restoring ? 'Restore of' : VERBS[record.kind]} ${target(record)} — ${OUTCOME_TEXT[outcome]}`;
  // At most 40 blocks of steps, so the buttons and context after them always fit in a message's 50.
  const blocks: KnownBlock[] = [
    section(`*${title}*`),
    ...chunkLines(steps.map(stepLine), 2900).slice(0, 40).map(section),
  ];
  const finished = outcome !== 'running' && outcome !== 'pending';
  const buttons: Button[] = [];
  if (finished && !dryRun && !restoring && outcome !== 'contained')
    buttons.push(button('Resume', CONTAIN_ACTION_IDS.resume, record.id, 'primary'));
  if (finished && !dryRun && record.phase !== 'restored') {
    buttons.push(
      button(
        restoring ? 'Retry restore' : 'Restore…',
        CONTAIN_ACTION_IDS.restoreConfirm,
        record.id,
        undefined,
        {
          title: 'Restore?',
          text: `Undo ${record.id} on ${record.target.resourceId}.`,
          ok: 'Restore',
        },
      ),
    );
  }
  if (buttons.length > 0) blocks.push({ type: 'actions', block_id: 'contain-checklist', elements: buttons });
  blocks.push(
    context(
      `Action ${record.id} · ${record.executedBy ? `run by <@${record.executedBy}>` : ''}${record.approvedBy ? ` · approved by <@${record.approvedBy}>` : ''}${record.restoredBy ? ` · restore by <@${record.restoredBy}>` : ''}`,
    ),
  );
  return { text: `${title.replace(/[*`]/g, '')}`, blocks };
}

export function approvalMessage(record: ActionRecord): { text: string; blocks: KnownBlock[] } {
  const verb = VERBS[record.kind];
  const text = `<@${record.requestedBy}> asks to ${verb.toLowerCase()} ${target(record)}. A second responder must approve (two-person rule).`;
  return {
    text,
    blocks: [
      section(text),
      ...chunkLines(record.preview.lines, 2800).slice(0, 40).map(section),
      {
        type: 'actions',
        block_id: 'contain-approval',
        elements: [
          button(`Approve and ${verb.toLowerCase()}`, CONTAIN_ACTION_IDS.approve, record.id, 'danger', {
            title: `${verb} ${record.target.resourceId}?`,
            text: `You approve ${record.id}, requested by someone else. It runs at once.`,
            ok: 'Approve',
          }),
        ],
      },
    ],
  };
}

export function interruptedMessage(record: ActionRecord): { text: string; blocks: KnownBlock[] } {
  const done = record.steps.filter((step) => step.status === 'done').length;
  const text = `:rotating_light: ${record.id} (${VERBS[record.kind].toLowerCase()} ${target(record)}) was interrupted: Firebreak stopped while it ran. ${done} of ${record.steps.length} steps had finished. Resume re-reads AWS and finishes the rest; Restore undoes what was done.`;
  return {
    text,
    blocks: [
      section(text),
      {
        type: 'actions',
        block_id: 'contain-interrupted',
        elements: [
          button('Resume', CONTAIN_ACTION_IDS.resume, record.id, 'primary'),
          button('Restore…', CONTAIN_ACTION_IDS.restoreConfirm, record.id, undefined, {
            title: 'Restore?',
            text: `Undo what ${record.id} did on ${record.target.resourceId}.`,
            ok: 'Restore',
          }),
        ],
      },
    ],
  };
}

/** Splits lines into texts of at most `max` characters, so long previews stay within Block Kit's limits. */
export function chunkLines(lines: readonly string[], max: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const line of lines) {
    const candidate = current ? `${current}\n${line}` : line;
    if (candidate.length > max && current) {
      chunks.push(current);
      current = truncate(line, max);
    } else {
      current = truncate(candidate, max);
    }
  }
  if (current) chunks.push(current);
  return chunks;
}
