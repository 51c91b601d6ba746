import type {
  ActionsBlock,
  ActionsBlockElement,
  ContextBlock,
  HeaderBlock,
  KnownBlock,
  MrkdwnElement,
  PlainTextElement,
  SectionBlock,
} from '@slack/types';
import type { AlarmState, Incident, IncidentStatus, Resolution } from '../incident/incident.js';
import { RESOLUTIONS } from '../incident/incident.js';
import { canAcknowledge, isOpen } from '../incident/status.js';
import {
  escapeAndTruncate,
  escapeMrkdwn,
  formatUtc,
  mrkdwnCode,
  safeHttpsUrl,
  slackDate,
  toDate,
  truncate,
} from '../slack/mrkdwn.js';
import { parseArn } from './alarm.js';
import { alarmConsoleUrl, resourceConsoleUrl } from './alarm-console.js';

/**
 * The incident card: one Slack message per incident, updated in place, whose thread is the incident's conversation.
 * Pure: the caller passes `now` and which actions to offer.
 *
 * Everything that came from an alarm is attacker-influenced (anyone who can name an alarm, tag a resource or write
 * a log line can shape it), so every such string goes through escapeMrkdwn and is cut to Block Kit's limits here,
 * not by the caller. Slack rejects a whole message for one over-long field, which would lose the card.
 */

export const CARD_ACTION_IDS = {
  acknowledge: 'incident.acknowledge',
  close: 'incident.close',
  /** Followed by `:<instance id>`, so that each instance's button has its own action id. */
  isolate: 'contain.isolate',
  restore: 'contain.restore',
  revoke: 'contain.revoke',
  investigate: 'incident.investigate',
  remediate: 'incident.remediate',
} as const;

/** The actions a card may offer; the listener for each lives in src/slack/. */
export type CardButton =
  | { kind: 'acknowledge' }
  | { kind: 'close' }
  | { kind: 'isolate'; instanceId: string }
  | { kind: 'restore'; instanceId: string }
  | { kind: 'revoke' }
  | { kind: 'investigate' }
  | { kind: 'remediate' };

/** Button values carry only ids: "<incident id>|<instance id>". */
export const containButtonValue = (incidentId: string, instanceId: string): string =>
  `${incidentId}|${instanceId}`;

export interface RunbookLink {
  title: string;
  url: string;
}

/** A follow-up as the card shows it (derived from the timeline by src/remediate/follow-ups.ts). */
export interface CardFollowUp {
  number: number;
  text: string;
  owner?: string;
  done: boolean;
}

/** Who set off a CIS CloudTrail-metric alarm, from the trigger query's `investigation` event. Every field came from CloudTrail. */
export interface CardTrigger {
  principal: string;
  eventName: string;
  eventTime: string;
  sourceIp?: string;
}

export interface IncidentCardOptions {
  now: Date;
  runbookLinks?: RunbookLink[];
  followUps?: CardFollowUp[];
  trigger?: CardTrigger;
  buttons: CardButton[];
}

export interface IncidentCard {
  /** Notification and screen-reader fallback; escaped like the blocks. */
  text: string;
  blocks: KnownBlock[];
}

export const RESOLUTION_LABELS: Record<Resolution, string> = {
  resolved: 'Resolved',
  'false-positive': 'False positive',
  duplicate: 'Duplicate',
  mitigated: 'Mitigated elsewhere',
};

/** The close menu's option value: the incident id travels with the choice, so the listener needs no lookup. */
export const closeOptionValue = (incidentId: string, resolution: Resolution): string =>
  `${incidentId}|${resolution}`;

export function parseCloseOptionValue(
  value: string,
): { incidentId: string; resolution: Resolution } | undefined {
  const bar = value.lastIndexOf('|');
  if (bar <= 0) return undefined;
  const resolution = value.slice(bar + 1);
  const known = RESOLUTIONS.find((r) => r === resolution);
  return known === undefined ? undefined : { incidentId: value.slice(0, bar), resolution: known };
}

const STATE_EMOJI: Record<AlarmState, string> = {
  ALARM: ':red_circle:',
  OK: ':large_green_circle:',
  INSUFFICIENT_DATA: ':white_circle:',
};

const STATUS_LABELS: Record<IncidentStatus, string> = {
  open: 'Open',
  contained: 'Contained',
  remediated: 'Remediated',
  closed: 'Closed',
};

/** Budgets (characters) for untrusted pieces, chosen so each block stays inside Slack's limits with room to spare. */
const MAX = {
  header: 150,
  title: 120,
  alarmName: 200,
  description: 1200,
  descriptionLines: 8,
  reason: 1500,
  condition: 900,
  field: 300,
  resourceId: 150,
  principal: 300,
  eventName: 100,
  sourceIp: 100,
  section: 3000,
  linkUrl: 1000,
  fallbackText: 300,
} as const;

const mrkdwn = (text: string): MrkdwnElement => ({ type: 'mrkdwn', text, verbatim: true });
const plain = (text: string): PlainTextElement => ({ type: 'plain_text', text, emoji: true });

/** A user mention only for a real Slack user id: anything else is shown as inert text. */
function who(actor: string | undefined): string {
  if (actor === undefined) return 'someone';
  if (actor === 'system') return 'Firebreak';
  return /^[UW][A-Z0-9]{2,20}$/.test(actor) ? `<@${actor}>` : escapeAndTruncate(actor, 80);
}

/** A Slack date token (shown in the reader's timezone) followed by the absolute UTC time with date. */
function when(iso: string | undefined): string {
  const date = toDate(iso);
  if (date === undefined) return iso === undefined ? 'unknown' : escapeAndTruncate(iso, 40);
  return `${slackDate(date)} (${formatUtc(date)})`;
}

/**
 * Like mrkdwnLink, but the label is cut after escaping (so `max` bounds what Slack counts) and an over-long URL,
 * such as one built from a 5,000-character dimension value, leaves the label alone instead of eating the section.
 */
function link(url: string | undefined, label: string, max: number): string {
  const text = escapeAndTruncate(label, max);
  const safe = url !== undefined && url.length <= MAX.linkUrl ? safeHttpsUrl(url) : undefined;
  return safe === undefined ? text : `<${safe}|${text}>`;
}

function alarmUrl(incident: Incident): string | undefined {
  const alarm = incident.alarm;
  if (alarm === undefined) return undefined;
  if (alarm.consoleUrl !== undefined) return alarm.consoleUrl;
  if (incident.region === undefined) return undefined;
  return alarmConsoleUrl(incident.region, alarm.name, parseArn(alarm.arn)?.partition);
}

/** Lines under a heading, as many as fit the section limit, then "…and N more". */
function listSection(heading: string, lines: string[], empty: string): string {
  if (lines.length === 0) return `${heading}\n${empty}`;
  let text = heading;
  for (const [i, line] of lines.entries()) {
    const rest = lines.length - i;
    const more = `\n…and ${rest} more`;
    if (text.length + 1 + line.length + (rest > 1 ? more.length : 0) > MAX.section) return text + more;
    text += `\n${line}`;
  }
  return text;
}

function statusText(incident: Incident): string {
  const parts = [STATUS_LABELS[incident.status]];
  if (incident.status === 'closed') {
    if (incident.resolution) parts.push(RESOLUTION_LABELS[incident.resolution]);
  } else {
    if (incident.alarm?.state === 'OK') parts.push('recovered (alarm is OK)');
    parts.push(
      incident.acknowledgedBy ? `acknowledged by ${who(incident.acknowledgedBy)}` : 'not acknowledged',
    );
  }
  return parts.join(' · ');
}

function headerBlock(incident: Incident): HeaderBlock {
  const prefix =
    incident.status === 'closed' ? `Closed · SEV${incident.severity}` : `SEV${incident.severity}`;
  const title = escapeAndTruncate(incident.title, MAX.title);
  return {
    type: 'header',
    block_id: 'incident-header',
    text: plain(truncate(`${prefix} · ${title}`, MAX.header)),
  };
}

function quote(text: string): string {
  const lines = escapeAndTruncate(text, MAX.description).split(/\r?\n/).slice(0, MAX.descriptionLines);
  return lines.map((line) => `>${line}`).join('\n');
}

function alarmBlock(incident: Incident): SectionBlock {
  const alarm = incident.alarm;
  if (alarm === undefined) {
    return {
      type: 'section',
      block_id: 'incident-alarm',
      text: mrkdwn(`:memo: Declared by ${who(incident.declaredBy)}; no alarm attached.`),
    };
  }
  const name = escapeAndTruncate(alarm.name, MAX.alarmName);
  const consoleLink = link(alarmUrl(incident), 'View alarm in CloudWatch', 50);
  const lines = [`${STATE_EMOJI[alarm.state]} *${name}* is *${alarm.state}* · ${consoleLink}`];
  if (alarm.description) lines.push(quote(alarm.description));
  return { type: 'section', block_id: 'incident-alarm', text: mrkdwn(lines.join('\n')) };
}

function fieldsBlock(incident: Incident): SectionBlock {
  const field = (label: string, value: string): MrkdwnElement => mrkdwn(`*${label}*\n${value}`);
  const fields = [
    field('Incident', mrkdwnCode(incident.id, 100)),
    field('Status', statusText(incident)),
    field('Account', incident.account ? escapeAndTruncate(incident.account, 40) : 'unknown'),
    field('Region', incident.region ? escapeAndTruncate(incident.region, 40) : 'unknown'),
  ];
  if (incident.alarm) {
    const alarm = incident.alarm;
    fields.push(
      field('State', `${STATE_EMOJI[alarm.state]} ${alarm.state} since ${when(alarm.stateChangedAt)}`),
    );
  }
  const last = incident.lastAlarmAt ? ` · last ${when(incident.lastAlarmAt)}` : '';
  fields.push(field('Alarms', `${incident.alarmCount}${last}`));
  return { type: 'section', block_id: 'incident-fields', fields };
}

function reasonBlock(incident: Incident): SectionBlock | undefined {
  const alarm = incident.alarm;
  if (alarm === undefined) return undefined;
  const parts = [`*Reason*\n${alarm.reason ? escapeAndTruncate(alarm.reason, MAX.reason) : '_none given_'}`];
  if (alarm.condition) parts.push(`*Condition*\n${mrkdwnCode(alarm.condition, MAX.condition)}`);
  return { type: 'section', block_id: 'incident-reason', text: mrkdwn(parts.join('\n')) };
}

/** "Triggered by `arn` — ConsoleLogin at <date> from `ip`": the CloudTrail event behind a CIS alarm. */
function triggerBlock(trigger: CardTrigger | undefined): SectionBlock | undefined {
  if (trigger === undefined) return undefined;
  const eventName = escapeAndTruncate(trigger.eventName.replace(/\s+/g, ' '), MAX.eventName);
  const from = trigger.sourceIp ? ` from ${mrkdwnCode(trigger.sourceIp, MAX.sourceIp)}` : '';
  return {
    type: 'section',
    block_id: 'incident-trigger',
    text: mrkdwn(
      truncate(
        `:bust_in_silhouette: Triggered by ${mrkdwnCode(trigger.principal, MAX.principal)} — ${eventName} at ${when(trigger.eventTime)}${from}`,
        MAX.section,
      ),
    ),
  };
}

function resourcesBlock(incident: Incident): SectionBlock {
  const region = incident.region;
  const partition = parseArn(incident.alarm?.arn)?.partition;
  const lines = incident.resources.map((ref) => {
    const url = region === undefined ? undefined : resourceConsoleUrl(region, ref, partition);
    return `• ${escapeAndTruncate(ref.kind, 60)}: ${link(url, ref.id, MAX.resourceId)}`;
  });
  return {
    type: 'section',
    block_id: 'incident-resources',
    text: mrkdwn(listSection('*Resources*', lines, '_none named by the alarm_')),
  };
}

function runbooksBlock(links: RunbookLink[]): SectionBlock | undefined {
  if (links.length === 0) return undefined;
  const lines = links.map((l) => `• ${link(l.url, l.title, 150)}`);
  return {
    type: 'section',
    block_id: 'incident-runbooks',
    text: mrkdwn(listSection('*Runbooks*', lines, '')),
  };
}

function followUpsBlock(items: CardFollowUp[]): SectionBlock | undefined {
  if (items.length === 0) return undefined;
  const open = items.filter((item) => !item.done).length;
  const lines = items.map(
    (item) =>
      `${item.done ? ':white_check_mark:' : ':white_large_square:'} *${item.number}.* ${escapeAndTruncate(item.text, 200)} — ${item.owner ? who(item.owner) : '_no owner_'}`,
  );
  return {
    type: 'section',
    block_id: 'incident-followups',
    text: mrkdwn(listSection(`*Follow-ups* (${open} open)`, lines, '')),
  };
}

function closedBlock(incident: Incident): SectionBlock | undefined {
  if (incident.status !== 'closed') return undefined;
  const as = incident.resolution ? ` as *${RESOLUTION_LABELS[incident.resolution]}*` : '';
  const by = incident.closedBy ? ` by ${who(incident.closedBy)}` : '';
  const at = incident.closedAt ? ` at ${when(incident.closedAt)}` : '';
  return {
    type: 'section',
    block_id: 'incident-closed',
    text: mrkdwn(`:white_check_mark: Closed${as}${by}${at}`),
  };
}

function timesBlock(incident: Incident, now: Date): ContextBlock {
  const elements: MrkdwnElement[] = [];
  if (incident.alarm) elements.push(mrkdwn(`Alarm changed ${when(incident.alarm.stateChangedAt)}`));
  if (incident.receivedAt) elements.push(mrkdwn(`Received ${when(incident.receivedAt)}`));
  elements.push(mrkdwn(`Declared ${when(incident.declaredAt)} by ${who(incident.declaredBy)}`));
  if (incident.acknowledgedAt) elements.push(mrkdwn(`Acknowledged ${when(incident.acknowledgedAt)}`));
  elements.push(mrkdwn(`Card updated ${when(now.toISOString())}`));
  return { type: 'context', block_id: 'incident-times', elements };
}

function buttonElement(button: CardButton, incident: Incident): ActionsBlockElement {
  switch (button.kind) {
    case 'acknowledge':
      return {
        type: 'button',
        action_id: CARD_ACTION_IDS.acknowledge,
        text: plain('Acknowledge'),
        style: 'primary',
        value: incident.id,
      };
    case 'isolate':
    case 'restore': {
      const isolate = button.kind === 'isolate';
      return {
        type: 'button',
        action_id: `${CARD_ACTION_IDS[button.kind]}:${button.instanceId}`,
        text: plain(truncate(`${isolate ? 'Isolate' : 'Restore'} ${button.instanceId}`, 75)),
        ...(isolate ? { style: 'danger' as const } : {}),
        value: containButtonValue(incident.id, button.instanceId),
      };
    }
    case 'revoke':
      // Alarms rarely name a principal, so the button asks for one (a user, role or access key id).
      return {
        type: 'button',
        action_id: CARD_ACTION_IDS.revoke,
        text: plain('Revoke credentials…'),
        value: incident.id,
      };
    case 'remediate':
      return {
        type: 'button',
        action_id: CARD_ACTION_IDS.remediate,
        text: plain(incident.status === 'remediated' ? 'Remediation…' : 'Mark remediated'),
        value: incident.id,
      };
    case 'investigate':
      // Runs the obvious CloudTrail query for the incident; results go to the thread.
      return {
        type: 'button',
        action_id: CARD_ACTION_IDS.investigate,
        text: plain('Investigate'),
        value: incident.id,
      };
    case 'close':
      return {
        type: 'static_select',
        action_id: CARD_ACTION_IDS.close,
        placeholder: plain('Close as…'),
        options: RESOLUTIONS.map((resolution) => ({
          text: plain(RESOLUTION_LABELS[resolution]),
          value: closeOptionValue(incident.id, resolution),
        })),
        confirm: {
          title: plain('Close this incident?'),
          text: plain(
            truncate(
              `${incident.id} will be closed with the resolution you picked; a form asks for a summary, then the report is written. Its timeline is kept.`,
              300,
            ),
          ),
          confirm: plain('Close incident'),
          deny: plain('Keep open'),
          style: 'danger',
        },
      };
  }
}

function actionsBlock(incident: Incident, buttons: CardButton[]): ActionsBlock | undefined {
  if (!isOpen(incident)) return undefined;
  const seen = new Set<string>();
  const offered = buttons.filter((button) => {
    // One element per action id (Slack requires them unique), and no Acknowledge once someone has.
    const id = 'instanceId' in button ? `${button.kind}:${button.instanceId}` : button.kind;
    if (seen.has(id)) return false;
    seen.add(id);
    return button.kind !== 'acknowledge' || canAcknowledge(incident);
  });
  if (offered.length === 0) return undefined;
  return {
    type: 'actions',
    block_id: 'incident-actions',
    elements: offered.map((b) => buttonElement(b, incident)),
  };
}

export function buildIncidentCard(incident: Incident, options: IncidentCardOptions): IncidentCard {
  const blocks: (KnownBlock | undefined)[] = [
    headerBlock(incident),
    alarmBlock(incident),
    fieldsBlock(incident),
    reasonBlock(incident),
    triggerBlock(options.trigger),
    resourcesBlock(incident),
    runbooksBlock(options.runbookLinks ?? []),
    followUpsBlock(options.followUps ?? []),
    closedBlock(incident),
    timesBlock(incident, options.now),
    actionsBlock(incident, options.buttons),
  ];
  const state = incident.alarm ? ` · ${incident.alarm.state}` : '';
  const text = truncate(
    `SEV${incident.severity} · ${escapeMrkdwn(incident.title)}${state} · ${STATUS_LABELS[incident.status]} · ${escapeMrkdwn(incident.id)}`,
    MAX.fallbackText,
  );
  return { text, blocks: blocks.filter((b): b is KnownBlock => b !== undefined) };
}
