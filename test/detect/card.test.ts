import { readdirSync, readFileSync } from 'node:fs';
import type { ActionsBlock, Button, KnownBlock, SectionBlock, StaticSelect } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { parseAlarmMessage, toAlarmSummary } from '../../src/detect/alarm.js';
import { alarmResources } from '../../src/detect/alarm-resources.js';
import {
  buildIncidentCard,
  CARD_ACTION_IDS,
  type CardButton,
  closeOptionValue,
  parseCloseOptionValue,
} from '../../src/detect/card.js';
import { severityForAlarm } from '../../src/detect/severity.js';
import type { Incident } from '../../src/incident/incident.js';
import { checkBlockKitLimits } from '../../src/slack/block-limits.js';

const FIXTURES = new URL('../fixtures/alarms/', import.meta.url);
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:firebreak-alarms';
const NOW = new Date('2026-11-26T08:07:00.000Z');
const RECEIVED = '2026-11-26T08:05:44.500Z';
const BUTTONS: CardButton[] = [{ kind: 'acknowledge' }, { kind: 'close' }];

/** What the intake would make of a fixture; the card builder only sees the Incident. */
function incidentFrom(fixture: string, overrides: Partial<Incident> = {}): Incident {
  const parsed = parseAlarmMessage(readFileSync(new URL(fixture, FIXTURES), 'utf8'), TOPIC);
  if (parsed.kind === 'unknown') throw new Error(parsed.problem);
  return {
    id: 'INC-20261126-0007',
    title: parsed.name,
    severity: severityForAlarm(parsed),
    status: 'open',
    alarmKey: `${parsed.account}/${parsed.region}/${parsed.name}`,
    account: parsed.account,
    region: parsed.region,
    resources: alarmResources(parsed),
    alarm: toAlarmSummary(parsed, RECEIVED),
    alarmCount: 1,
    channel: 'C0INCIDENTS',
    firstAlarmAt: parsed.stateChangedAt,
    lastAlarmAt: parsed.stateChangedAt,
    receivedAt: RECEIVED,
    declaredAt: '2026-11-26T08:05:45.000Z',
    declaredBy: 'system',
    ...overrides,
  };
}

const blockById = (blocks: KnownBlock[], id: string) => blocks.find((b) => b.block_id === id);
const sectionText = (blocks: KnownBlock[], id: string): string => {
  const block = blockById(blocks, id) as SectionBlock | undefined;
  return block?.text?.text ?? '';
};
const fieldTexts = (blocks: KnownBlock[]): string[] =>
  ((blockById(blocks, 'incident-fields') as SectionBlock | undefined)?.fields ?? []).map((f) => f.text);
const actionIds = (value: unknown): string[] =>
  [...JSON.stringify(value).matchAll(/"action_id":"([^"]*)"/g)].map((m) => m[1] ?? '');

/**
 * Removes the tokens the builder itself writes (date tokens, console/runbook links, validated user mentions);
 * what remains must not contain a single live Slack control sequence.
 */
function withoutBuilderTokens(serialized: string): string {
  return serialized
    .replace(/<!date\^\d+\^\{date_short_pretty\} \{time\}\|[^<>|]*>/g, '')
    .replace(/<https:\/\/[a-z0-9-]+\.console\.aws\.amazon\.com\/[^<>|\s]*\|[^<>]*>/g, '')
    .replace(/<https:\/\/runbooks\.example\.com\/[^<>|\s]*\|[^<>]*>/g, '')
    .replace(/<@U[A-Z0-9]+>/g, '');
}

describe('buildIncidentCard: every fixture', () => {
  const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));

  it('covers the fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(9);
  });

  for (const fixture of fixtures) {
    it(`${fixture}: fits Block Kit limits open, acknowledged and closed`, () => {
      const variants: Incident[] = [
        incidentFrom(fixture),
        incidentFrom(fixture, { acknowledgedBy: 'U0RESPOND', acknowledgedAt: '2026-11-26T08:06:10.000Z' }),
        incidentFrom(fixture, {
          status: 'closed',
          resolution: 'false-positive',
          closedAt: '2026-11-26T08:30:00.000Z',
          closedBy: 'U0RESPOND',
        }),
      ];
      for (const incident of variants) {
        const card = buildIncidentCard(incident, {
          now: NOW,
          buttons: BUTTONS,
          runbookLinks: [{ title: 'EC2 high CPU', url: 'https://runbooks.example.com/ec2-high-cpu' }],
        });
        expect(checkBlockKitLimits(card.blocks, 'message')).toEqual([]);
        expect(card.text.length).toBeGreaterThan(0);
        expect(card.text.length).toBeLessThanOrEqual(300);
        const ids = actionIds(card.blocks);
        expect(new Set(ids).size).toBe(ids.length);
      }
    });
  }
});

describe('buildIncidentCard: an EC2 CPU alarm', () => {
  const incident = incidentFrom('ec2-cpu.json');
  const card = buildIncidentCard(incident, { now: NOW, buttons: BUTTONS });

  it('lays out header, alarm, fields, reason, resources, times and actions in that order', () => {
    expect(card.blocks.map((b) => `${b.type}:${b.block_id}`)).toEqual([
      'header:incident-header',
      'section:incident-alarm',
      'section:incident-fields',
      'section:incident-reason',
      'section:incident-resources',
      'context:incident-times',
      'actions:incident-actions',
    ]);
    expect(card.blocks[0]).toEqual({
      type: 'header',
      block_id: 'incident-header',
      text: { type: 'plain_text', text: 'SEV2 · prod-web-high-cpu', emoji: true },
    });
    expect(card.text).toBe('SEV2 · prod-web-high-cpu · ALARM · Open · INC-20261126-0007');
  });

  it('shows the alarm state, description and a console link to the alarm', () => {
    expect(sectionText(card.blocks, 'incident-alarm')).toBe(
      ':red_circle: *prod-web-high-cpu* is *ALARM* · ' +
        '<https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/prod-web-high-cpu|View alarm in CloudWatch>\n' +
        '>CPU above 90% on a prod web instance for 15 minutes. Runbook: runbooks/ec2-high-cpu.md',
    );
  });

  it('has the incident id, status, account, region, state and alarm count with UTC dates', () => {
    const token =
      '<!date^1795680343^{date_short_pretty} {time}|2026-11-26 08:05:43 UTC> (2026-11-26 08:05:43 UTC)';
    expect(fieldTexts(card.blocks)).toEqual([
      '*Incident*\n`INC-20261126-0007`',
      '*Status*\nOpen · not acknowledged',
      '*Account*\n123456789012',
      '*Region*\nus-east-1',
      `*State*\n:red_circle: ALARM since ${token}`,
      `*Alarms*\n1 · last ${token}`,
    ]);
  });

  it('gives the reason and the condition', () => {
    const text = sectionText(card.blocks, 'incident-reason');
    expect(text).toContain(
      '*Reason*\nThreshold Crossed: 3 out of the last 3 datapoints [97.4 (26/11/26 08:00:00)',
    );
    expect(text).toContain('(minimum 3 datapoints for OK -&gt; ALARM transition).');
    expect(text).toContain(
      '*Condition*\n`CPUUtilization (AWS/EC2, InstanceId=i-0abc123def4567890) Average &gt; 90 for 3 of 3 × 300 s`',
    );
  });

  it('links each resource to its console page', () => {
    expect(sectionText(card.blocks, 'incident-resources')).toBe(
      '*Resources*\n• InstanceId: <https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#InstanceDetails:instanceId=i-0abc123def4567890|i-0abc123def4567890>',
    );
  });

  it('keeps alarm, received and declared times apart in the context line', () => {
    const context = blockById(card.blocks, 'incident-times');
    const texts = context?.type === 'context' ? context.elements.map((e) => ('text' in e ? e.text : '')) : [];
    expect(texts).toEqual([
      'Alarm changed <!date^1795680343^{date_short_pretty} {time}|2026-11-26 08:05:43 UTC> (2026-11-26 08:05:43 UTC)',
      'Received <!date^1795680344^{date_short_pretty} {time}|2026-11-26 08:05:44 UTC> (2026-11-26 08:05:44 UTC)',
      'Declared <!date^1795680345^{date_short_pretty} {time}|2026-11-26 08:05:45 UTC> (2026-11-26 08:05:45 UTC) by Firebreak',
      'Card updated <!date^1795680420^{date_short_pretty} {time}|2026-11-26 08:07:00 UTC> (2026-11-26 08:07:00 UTC)',
    ]);
  });

  it('offers Acknowledge as a primary button and Close as a menu with a confirm dialog', () => {
    const actions = blockById(card.blocks, 'incident-actions') as ActionsBlock;
    const [ack, close] = actions.elements as [Button, StaticSelect];
    expect(ack).toEqual({
      type: 'button',
      action_id: 'incident.acknowledge',
      text: { type: 'plain_text', text: 'Acknowledge', emoji: true },
      style: 'primary',
      value: 'INC-20261126-0007',
    });
    expect(close.action_id).toBe(CARD_ACTION_IDS.close);
    expect(close.placeholder?.text).toBe('Close as…');
    expect(close.options?.map((o) => [o.text.text, o.value])).toEqual([
      ['Resolved', 'INC-20261126-0007|resolved'],
      ['False positive', 'INC-20261126-0007|false-positive'],
      ['Duplicate', 'INC-20261126-0007|duplicate'],
      ['Mitigated elsewhere', 'INC-20261126-0007|mitigated'],
    ]);
    expect(close.confirm?.title?.text).toBe('Close this incident?');
    expect(close.confirm?.text.text).toContain('INC-20261126-0007');
    expect(close.confirm?.style).toBe('danger');
  });

  it('marks every mrkdwn text verbatim so Slack does not auto-link names or mentions in alarm text', () => {
    const serialized = JSON.stringify(card.blocks);
    const mrkdwnCount = (serialized.match(/"type":"mrkdwn"/g) ?? []).length;
    expect(mrkdwnCount).toBeGreaterThan(0);
    expect((serialized.match(/"type":"mrkdwn","text":"(?:[^"\\]|\\.)*","verbatim":true/g) ?? []).length).toBe(
      mrkdwnCount,
    );
  });
});

describe('buildIncidentCard: status', () => {
  it('says recovered when the alarm is OK but the incident is still open', () => {
    const card = buildIncidentCard(incidentFrom('ok-transition.json'), { now: NOW, buttons: BUTTONS });
    expect(fieldTexts(card.blocks)[1]).toBe('*Status*\nOpen · recovered (alarm is OK) · not acknowledged');
    expect(sectionText(card.blocks, 'incident-alarm')).toMatch(
      /^:large_green_circle: \*prod-web-high-cpu\* is \*OK\*/,
    );
  });

  it('names who acknowledged, and drops the Acknowledge button but keeps Close', () => {
    const incident = incidentFrom('ec2-cpu.json', {
      status: 'contained',
      acknowledgedBy: 'U0RESPOND',
      acknowledgedAt: '2026-11-26T08:06:10.000Z',
    });
    const card = buildIncidentCard(incident, { now: NOW, buttons: BUTTONS });
    expect(fieldTexts(card.blocks)[1]).toBe('*Status*\nContained · acknowledged by <@U0RESPOND>');
    expect(actionIds(card.blocks)).toEqual(['incident.close']);
  });

  it('does not turn an acknowledger that is not a Slack user id into a mention', () => {
    const incident = incidentFrom('ec2-cpu.json', { acknowledgedBy: '<!channel>', acknowledgedAt: RECEIVED });
    const card = buildIncidentCard(incident, { now: NOW, buttons: BUTTONS });
    expect(fieldTexts(card.blocks)[1]).toBe('*Status*\nOpen · acknowledged by &lt;!channel&gt;');
  });

  it('shows a closed incident with its resolution and no actions', () => {
    const incident = incidentFrom('ec2-cpu.json', {
      status: 'closed',
      resolution: 'false-positive',
      closedAt: '2026-11-26T08:30:00.000Z',
      closedBy: 'U0RESPOND',
    });
    const card = buildIncidentCard(incident, { now: NOW, buttons: BUTTONS });
    expect(card.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(actionIds(card.blocks)).toEqual([]);
    expect(fieldTexts(card.blocks)[1]).toBe('*Status*\nClosed · False positive');
    expect(sectionText(card.blocks, 'incident-closed')).toBe(
      ':white_check_mark: Closed as *False positive* by <@U0RESPOND> at ' +
        '<!date^1795681800^{date_short_pretty} {time}|2026-11-26 08:30:00 UTC> (2026-11-26 08:30:00 UTC)',
    );
    const header = card.blocks[0];
    expect(header?.type === 'header' && header.text.text).toBe('Closed · SEV2 · prod-web-high-cpu');
  });

  it('offers only the buttons it is given, once each', () => {
    const incident = incidentFrom('ec2-cpu.json');
    expect(actionIds(buildIncidentCard(incident, { now: NOW, buttons: [] }).blocks)).toEqual([]);
    const twice = buildIncidentCard(incident, { now: NOW, buttons: [{ kind: 'close' }, { kind: 'close' }] });
    expect(actionIds(twice.blocks)).toEqual(['incident.close']);
  });

  it('renders an incident declared by hand, without an alarm', () => {
    const incident = incidentFrom('ec2-cpu.json', {
      alarm: undefined,
      resources: [],
      alarmCount: 0,
      lastAlarmAt: undefined,
      receivedAt: undefined,
      declaredBy: 'U0RESPOND',
      title: 'Suspicious IAM activity',
    });
    const card = buildIncidentCard(incident, { now: NOW, buttons: BUTTONS });
    expect(checkBlockKitLimits(card.blocks, 'message')).toEqual([]);
    expect(sectionText(card.blocks, 'incident-alarm')).toBe(
      ':memo: Declared by <@U0RESPOND>; no alarm attached.',
    );
    expect(blockById(card.blocks, 'incident-reason')).toBeUndefined();
    expect(fieldTexts(card.blocks).map((f) => f.split('\n')[0])).toEqual([
      '*Incident*',
      '*Status*',
      '*Account*',
      '*Region*',
      '*Alarms*',
    ]);
  });
});

describe('buildIncidentCard: composite and metric math', () => {
  it('lists composite children as resources with alarm links, and the rule as the condition', () => {
    const card = buildIncidentCard(incidentFrom('composite.json'), { now: NOW, buttons: BUTTONS });
    expect(sectionText(card.blocks, 'incident-resources')).toBe(
      '*Resources*\n' +
        '• AlarmName: <https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/prod-web-5xx-error-rate|prod-web-5xx-error-rate>\n' +
        '• AlarmName: <https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/prod-web-high-cpu|prod-web-high-cpu>',
    );
    expect(sectionText(card.blocks, 'incident-reason')).toContain(
      '*Condition*\n`ALARM("prod-web-high-cpu") AND ALARM("prod-web-5xx-error-rate")`',
    );
  });

  it('says when an alarm names no resources', () => {
    const card = buildIncidentCard(incidentFrom('cis-root-usage.json'), { now: NOW, buttons: BUTTONS });
    expect(sectionText(card.blocks, 'incident-resources')).toBe('*Resources*\n_none named by the alarm_');
  });
});

describe('buildIncidentCard: runbook links', () => {
  it('links https runbooks and shows anything else as text only', () => {
    const card = buildIncidentCard(incidentFrom('ec2-cpu.json'), {
      now: NOW,
      buttons: BUTTONS,
      runbookLinks: [
        { title: 'EC2 high CPU', url: 'https://runbooks.example.com/ec2-high-cpu' },
        { title: 'Old <wiki>', url: 'http://wiki.example.com/x' },
        { title: 'Click me', url: 'javascript:alert(1)' },
      ],
    });
    expect(sectionText(card.blocks, 'incident-runbooks')).toBe(
      '*Runbooks*\n• <https://runbooks.example.com/ec2-high-cpu|EC2 high CPU>\n• Old &lt;wiki&gt;\n• Click me',
    );
  });
});

describe('buildIncidentCard: hostile alarm', () => {
  const incident = incidentFrom('hostile.json', {
    title: JSON.parse(readFileSync(new URL('hostile.json', FIXTURES), 'utf8')).AlarmName,
  });
  const card = buildIncidentCard(incident, {
    now: NOW,
    buttons: BUTTONS,
    runbookLinks: [{ title: '<!channel> runbook', url: 'https://runbooks.example.com/x' }],
  });
  const serialized = JSON.stringify(card);

  it('fits Block Kit limits', () => {
    expect(checkBlockKitLimits(card.blocks, 'message')).toEqual([]);
    expect(card.text.length).toBeLessThanOrEqual(300);
  });

  it('contains no live mention, broadcast or link except the tokens the builder writes', () => {
    const rest = withoutBuilderTokens(serialized);
    expect(rest).not.toContain('<!');
    expect(rest).not.toContain('<http');
    expect(rest).not.toContain('<@');
    // Nothing else opens a token at all (a bare `>` is only the builder's own blockquote marker).
    expect(rest).not.toContain('<');
  });

  it('shows the hostile text escaped rather than dropping it', () => {
    expect(serialized).toContain('&lt;!channel&gt;');
    expect(serialized).toContain('&lt;https://evil.example|console&gt;');
    expect(serialized).toContain('&lt;@U0ADMIN&gt;');
    expect(serialized).toContain('&amp;');
    expect(serialized).toContain('@\u2060channel');
    // Every ampersand starts one of the three entities: nothing unescaped, no entity cut in half.
    const texts = [...serialized.matchAll(/"text":"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] ?? '');
    for (const text of texts) expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
    expect(card.text).not.toMatch(/[<>]/);
  });

  it('truncates the long strings and says how many resources were left out', () => {
    const header = card.blocks[0];
    expect(header?.type === 'header' && header.text.text.length).toBeLessThanOrEqual(150);
    expect(header?.type === 'header' && header.text.text).toMatch(/^SEV3 · &lt;!channel&gt;/);
    const resources = sectionText(card.blocks, 'incident-resources');
    expect(resources).toMatch(/\n…and \d+ more$/);
    expect(resources).toContain('• AutoScalingGroupName: <https://us-east-1.console.aws.amazon.com/ec2/home');
    expect(resources).toContain('|&lt;https://evil.example|prod-api-asg&gt;>');
  });

  it('keeps its button values and select values for the listener', () => {
    const actions = blockById(card.blocks, 'incident-actions') as ActionsBlock;
    const close = actions.elements[1] as StaticSelect;
    for (const option of close.options ?? []) {
      expect(parseCloseOptionValue(option.value ?? '')?.incidentId).toBe('INC-20261126-0007');
    }
  });
});

describe('buildIncidentCard: who triggered a CIS alarm', () => {
  const incident = incidentFrom('cis-root-usage.json');
  const trigger = {
    principal: 'arn:aws:iam::123456789012:user/alice',
    eventName: 'ConsoleLogin',
    eventTime: '2026-11-26T08:01:02Z',
    sourceIp: '198.51.100.66',
  };

  it('puts one "Triggered by" line after the reason: principal, event, UTC time with date, source IP', () => {
    const card = buildIncidentCard(incident, { now: NOW, buttons: BUTTONS, trigger });
    const ids = card.blocks.map((b) => b.block_id);
    expect(ids.indexOf('incident-trigger')).toBe(ids.indexOf('incident-reason') + 1);
    const line = sectionText(card.blocks, 'incident-trigger');
    expect(line).toBe(
      ':bust_in_silhouette: Triggered by `arn:aws:iam::123456789012:user/alice` — ConsoleLogin at ' +
        '<!date^1795680062^{date_short_pretty} {time}|2026-11-26 08:01:02 UTC> (2026-11-26 08:01:02 UTC) ' +
        'from `198.51.100.66`',
    );
    expect(checkBlockKitLimits(card.blocks, 'message')).toEqual([]);
  });

  it('leaves out the source when CloudTrail gave none, and the whole line when nothing was found', () => {
    const { sourceIp: _ip, ...noIp } = trigger;
    const line = sectionText(
      buildIncidentCard(incident, { now: NOW, buttons: BUTTONS, trigger: noIp }).blocks,
      'incident-trigger',
    );
    expect(line).toMatch(/ConsoleLogin at <!date\^\d+\^[^>]*> \(2026-11-26 08:01:02 UTC\)$/);
    const without = buildIncidentCard(incident, { now: NOW, buttons: BUTTONS });
    expect(blockById(without.blocks, 'incident-trigger')).toBeUndefined();
    expect(JSON.stringify(without)).not.toContain('Triggered by');
  });

  it('escapes a hostile principal, event name, time and IP, and keeps the line within Block Kit limits', () => {
    const hostile = {
      principal: 'x` <!channel> <http://x|y> ``\n*bold* <@U0ADMIN> @here '.repeat(40),
      eventName: 'Console<!here>Login\n<https://evil.example|click>'.repeat(10),
      eventTime: '<!everyone> not a time',
      sourceIp: '<http://x|y>`\n&'.repeat(30),
    };
    const card = buildIncidentCard(incident, { now: NOW, buttons: BUTTONS, trigger: hostile });
    expect(checkBlockKitLimits(card.blocks, 'message')).toEqual([]);
    const line = sectionText(card.blocks, 'incident-trigger');
    expect(line.length).toBeLessThanOrEqual(3000);
    expect(line.split('\n')).toHaveLength(1);
    const rest = withoutBuilderTokens(line);
    expect(rest).not.toContain('<');
    expect(rest).not.toMatch(/&(?!amp;|lt;|gt;)/);
    expect(line).toContain('&lt;!channel&gt;');
    expect(line).toContain('&lt;http://x|y&gt;');
    expect(line).toContain('@\u2060here');
    // Backticks inside the code spans are replaced, so each value stays in its own span: exactly four ticks.
    expect(line.match(/`/g)).toHaveLength(4);
    expect(line).toMatch(/^:bust_in_silhouette: Triggered by `x/);
  });
});

describe('close option values', () => {
  it('round-trip and reject anything else', () => {
    expect(parseCloseOptionValue(closeOptionValue('INC-1', 'duplicate'))).toEqual({
      incidentId: 'INC-1',
      resolution: 'duplicate',
    });
    expect(parseCloseOptionValue('INC-1|exploded')).toBeUndefined();
    expect(parseCloseOptionValue('|resolved')).toBeUndefined();
    expect(parseCloseOptionValue('resolved')).toBeUndefined();
  });
});
