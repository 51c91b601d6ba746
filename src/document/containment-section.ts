import { type ActionRecord, outcomeOf } from '../contain/action.js';
import type { StepRecord } from '../contain/step.js';
import { interfaceChanges, keyChanges, snapshotIds, stateText, wasExecuted } from './action-state.js';
import { actorLabel, formatUtc } from './format.js';
import { code, escapeMarkdownInline, tableCell } from './markdown.js';

const VERBS: Record<string, string> = { isolate: 'Isolate', revoke: 'Revoke' };

/** Slack mrkdwn (the preview's lines) back to plain text, so it can be escaped for markdown instead. */
function fromMrkdwn(text: string): string {
  return text
    .replace(/<[^|>]*\|([^>]*)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

const groupsCell = (groups: string[] | undefined): string =>
  groups === undefined ? '' : groups.length === 0 ? 'none' : groups.map((value) => code(value)).join(', ');

function tally(steps: readonly StepRecord[]): string {
  const counts = new Map<string, number>();
  for (const step of steps) counts.set(step.status, (counts.get(step.status) ?? 0) + 1);
  return [...counts].map(([status, count]) => `${count} ${status}`).join(', ');
}

function stepsTable(steps: readonly StepRecord[]): string[] {
  const lines = ['| Step | Result | Before | After | AWS request ids |', '|---|---|---|---|---|'];
  for (const step of steps) {
    const detail = [step.note, step.error && `${step.error.code}: ${step.error.message}`].filter(Boolean);
    const result = `${step.critical ? '**' : ''}${escapeMarkdownInline(step.status)}${step.critical ? '**' : ''}`;
    lines.push(
      `| ${tableCell(step.title)} | ${result}${detail.length > 0 ? ` — ${tableCell(detail.join('; '))}` : ''} | ${tableCell(stateText(step.before))} | ${tableCell(stateText(step.after))} | ${step.requestIds.map((value) => code(value)).join(', ')} |`,
    );
  }
  return lines;
}

function actionSection(action: ActionRecord): string {
  const verb = VERBS[action.kind] ?? escapeMarkdownInline(action.kind);
  const executed = wasExecuted(action);
  const outcome = executed ? outcomeOf(action.steps) : 'not executed';
  const out: string[] = [`### ${verb} ${code(action.target.resourceId)}: ${outcome}`, ''];

  const where = [
    action.target.account && `account ${code(action.target.account)}`,
    escapeMarkdownInline(action.target.region),
  ]
    .filter(Boolean)
    .join(', ');
  out.push(`- **Action:** ${code(action.id)} (${escapeMarkdownInline(action.phase)})`);
  out.push(`- **Target:** ${code(action.target.resourceId)} in ${where}`);
  if (action.reason) out.push(`- **Reason:** ${escapeMarkdownInline(action.reason)}`);
  out.push(`- **Requested by** ${actorLabel(action.requestedBy)} at ${formatUtc(action.requestedAt)}`);
  out.push(
    action.approvedBy
      ? `- **Approved by** ${actorLabel(action.approvedBy)}${action.approvedAt ? ` at ${formatUtc(action.approvedAt)}` : ''}`
      : '- **Approved by:** no second approval was required',
  );
  if (action.executedBy || action.startedAt) {
    const span = action.finishedAt ? ` to ${formatUtc(action.finishedAt)}` : '';
    out.push(
      `- **Executed by** ${action.executedBy ? actorLabel(action.executedBy) : 'unknown'}, from ${formatUtc(action.startedAt)}${span}`,
    );
  }
  if (executed) {
    out.push(
      `- **Result:** **${outcome}** (${tally(action.steps)}); evidence steps never decide the result, critical steps are in bold`,
    );
  }
  if (action.dryRunSteps && action.dryRunSteps.length > 0) {
    out.push(`- **Dry run first:** ${tally(action.dryRunSteps)}`);
  }
  if (action.restoreSteps.length > 0) {
    out.push(
      `- **Restored${action.restoredBy ? ` by** ${actorLabel(action.restoredBy)}` : ':**'} ${outcomeOf(action.restoreSteps) === 'contained' ? 'restore held' : `restore ${outcomeOf(action.restoreSteps)}`}`,
    );
  }
  for (const warning of action.preview.warnings) {
    out.push(`- **Warning at preview:** ${escapeMarkdownInline(fromMrkdwn(warning))}`);
  }

  const interfaces = interfaceChanges(action.steps, action.restoreSteps);
  if (interfaces.length > 0) {
    out.push('', 'Security groups per network interface:', '');
    out.push('| Interface | Before | After | Restored to |', '|---|---|---|---|');
    for (const change of interfaces) {
      out.push(
        `| ${code(change.interfaceId)} | ${groupsCell(change.before)} | ${groupsCell(change.after)} | ${groupsCell(change.restored)} |`,
      );
    }
  }
  const plannedUser = (action.plan as { user?: { userName?: unknown } } | null)?.user?.userName;
  const keys = keyChanges(
    [...action.steps, ...action.restoreSteps],
    typeof plannedUser === 'string' ? plannedUser : undefined,
  );
  if (keys.length > 0) {
    out.push('', 'Access keys:', '');
    out.push('| Access key | User | Before | After |', '|---|---|---|---|');
    for (const key of keys) {
      out.push(
        `| ${code(key.accessKeyId)} | ${tableCell(key.user ?? '')} | ${tableCell(key.before ?? '')} | ${tableCell(key.after ?? '')} |`,
      );
    }
  }
  const snapshots = snapshotIds(action.steps);
  if (snapshots.length > 0)
    out.push('', `Snapshots kept as evidence: ${snapshots.map((value) => code(value)).join(', ')}`);

  if (action.steps.length > 0) out.push('', 'Steps:', '', ...stepsTable(action.steps));
  if (action.restoreSteps.length > 0) out.push('', 'Restore steps:', '', ...stepsTable(action.restoreSteps));
  return out.join('\n');
}

export function containmentSection(actions: readonly ActionRecord[]): string {
  if (actions.length === 0) return 'No containment action was taken.';
  return actions.map(actionSection).join('\n\n');
}
