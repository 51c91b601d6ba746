import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/investigate/findings.js';
import type { CloudTrailRecord } from '../../src/investigate/record.js';
import {
  containValue,
  EVENTS_PER_PAGE,
  instanceIdsOf,
  parseContainValue,
  parseMoreValue,
  relevanceOrder,
  searchingMessage,
  TRAIL_ACTION_IDS,
  type TrailResultView,
  trailMoreMessage,
  trailResultMessage,
  triggeredByLine,
} from '../../src/investigate/result-blocks.js';
import { checkBlockKitLimits } from '../../src/slack/block-limits.js';
import { ACCOUNT, assumedRoleCall, iamUserCall } from './trail-records.js';

/** Every mrkdwn string in a message, wherever it sits. */
function texts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(texts);
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  const own = record.type === 'mrkdwn' && typeof record.text === 'string' ? [record.text] : [];
  return [...own, ...Object.values(record).flatMap(texts)];
}

const hostile: CloudTrailRecord = iamUserCall({
  eventID: 'hostile-1',
  eventName: 'CreateUser<!here>',
  eventTime: '2026-11-26T11:00:00Z',
  userIdentity: {
    type: 'IAMUser',
    arn: `arn:aws:iam::${ACCOUNT}:user/<!channel>`,
    userName: '<http://evil.example|click here>',
    accountId: ACCOUNT,
  },
  sourceIPAddress: '<!everyone> @channel',
  userAgent: 'curl ``` `code` \n*bold*\n<https://evil.example|AWS console>',
  errorCode: 'AccessDenied<@U0ADMIN>',
  errorMessage: 'line one\nline two `tick`',
  resources: [{ ARN: 'arn:aws:s3:::bucket<!subteam^S123>', type: 'AWS::S3::Bucket' }],
});

function view(records: CloudTrailRecord[], findings: Finding[] = [], extra: Partial<TrailResultView> = {}) {
  return {
    resultId: 'INC-7/20261126T110000000Z-abcdef',
    query: 'user=alice since=2026-11-26T10:00:00Z until=2026-11-26T11:00:00Z region=eu-west-1 limit=500',
    regions: ['eu-west-1', 'us-east-1'],
    records,
    findings,
    matched: records.length,
    truncated: false,
    incidentId: 'INC-7',
    ...extra,
  } satisfies TrailResultView;
}

describe('trail result blocks', () => {
  it('escapes a hostile CloudTrail record: no mention, link or broken code span goes live', () => {
    const finding: Finding = {
      ruleId: 'iam-create-user',
      title: 'User created <!channel>',
      severity: 'high',
      reason: 'by <http://evil|x> `sneaky`',
      index: 0,
    };
    const message = trailResultMessage(view([hostile], [finding]));
    const all = texts(message.blocks).join('\n') + message.text;
    for (const live of [
      '<!channel>',
      '<!here>',
      '<!everyone>',
      '<http://evil',
      '<https://evil',
      '<@U0ADMIN>',
      '<!subteam',
    ])
      expect(all).not.toContain(live);
    expect(all).toContain('&lt;!channel&gt;');
    // A bare @channel is broken by a word joiner, so it cannot ping even where link_names is on.
    expect(all).not.toContain('@channel');
    // Inside every code span: no newline and no backtick, so the value cannot end its span and start markup.
    for (const text of texts(message.blocks)) {
      const spans = text.split('`');
      expect(spans.length % 2, `unbalanced backticks in ${text}`).toBe(1);
      for (let i = 1; i < spans.length; i += 2) expect(spans[i]).not.toMatch(/[\r\n]/);
    }
    expect(checkBlockKitLimits(message.blocks, 'message')).toEqual([]);
  });

  it('keeps a time that is not a time inside its own code span', () => {
    const odd = iamUserCall({ eventTime: '`yesterday`\n*<!channel>*' });
    const [section] = trailResultMessage(view([odd])).blocks.filter(
      (block) => block.block_id === 'trail-event-0',
    );
    const text = texts(section).join('');
    expect(text).not.toContain('<!channel>');
    expect(text.split('`').length % 2).toBe(1);
  });

  it('stays inside Block Kit limits with 5,000 records of over-long fields', () => {
    const long = 'x'.repeat(20_000);
    const records = Array.from({ length: 5000 }, (_, i) =>
      iamUserCall({
        eventID: `e-${i}`,
        eventTime: new Date(Date.UTC(2026, 10, 26, 11, 0, 0) - i * 1000).toISOString(),
        eventName: `${long}${i % 40}`,
        userAgent: long,
        sourceIPAddress: `${long}${i % 30}`,
        errorCode: i % 2 ? `${long}${i % 25}` : undefined,
        resources: Array.from({ length: 60 }, (_, r) => ({
          ARN: `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-${String(r).padStart(17, '0')}`,
        })),
      }),
    );
    const findings: Finding[] = Array.from({ length: 400 }, (_, i) => ({
      ruleId: `rule-${i % 7}`,
      title: long,
      severity: 'critical',
      reason: long,
      index: i * 10,
    }));
    const message = trailResultMessage(
      view(records, findings, { evidence: [{ name: 'a.jsonl', sha256: 'f'.repeat(64), bytes: 1 }] }),
    );
    expect(checkBlockKitLimits(message.blocks, 'message')).toEqual([]);
    expect(message.text.length).toBeLessThanOrEqual(300);
    expect(texts(message.blocks).join('\n')).toContain(`Showing 1–${EVENTS_PER_PAGE} of 5000`);
    const more = trailMoreMessage(view(records, findings), 4990);
    expect(checkBlockKitLimits(more.blocks, 'message')).toEqual([]);
    expect(texts(more.blocks).join('\n')).toContain('Showing 4991–5000 of 5000');
  });

  it('shows flagged events first with rule, severity and reason, then the newest; times in UTC with date', () => {
    const records = [
      iamUserCall({ eventID: 'new', eventTime: '2026-11-26T11:00:00Z', eventName: 'DescribeInstances' }),
      iamUserCall({ eventID: 'mid', eventTime: '2026-11-26T10:30:00Z', eventName: 'ListBuckets' }),
      iamUserCall({ eventID: 'old', eventTime: '2026-11-26T08:05:43Z', eventName: 'StopLogging' }),
    ];
    const finding: Finding = {
      ruleId: 'cloudtrail-tampering',
      title: 'CloudTrail logging tampered with',
      severity: 'critical',
      reason: 'StopLogging on trail management-events',
      index: 2,
    };
    expect(relevanceOrder(records, [finding])).toEqual([2, 0, 1]);
    const message = trailResultMessage(view(records, [finding]));
    const events = message.blocks.filter((block) => block.block_id?.startsWith('trail-event-'));
    expect(events).toHaveLength(3);
    const first = texts(events[0]).join('');
    expect(first).toContain('CRITICAL');
    expect(first).toContain('CloudTrail logging tampered with');
    expect(first).toContain('StopLogging on trail management-events');
    expect(first).toContain('2026-11-26 08:05:43 UTC');
    expect(texts(events[1]).join('')).toContain('DescribeInstances');
    const all = texts(message.blocks).join('\n');
    expect(all).toContain('Regions searched: eu-west-1, us-east-1');
    expect(all).toContain('1 flagged');
    expect(all).toContain('*Top events*');
    expect(all).toContain('*Principals*');
    expect(all).toContain('*Source IPs*');
    expect(all).toContain('*Error codes*');
    // Everything fits on one page: no Show more.
    expect(JSON.stringify(message.blocks)).not.toContain(TRAIL_ACTION_IDS.more);
  });

  it('offers Show more carrying only the result id and the offset', () => {
    const records = Array.from({ length: 25 }, (_, i) => iamUserCall({ eventID: `e-${i}` }));
    const message = trailResultMessage(view(records));
    const button = message.blocks
      .flatMap((block) => (block.type === 'actions' ? block.elements : []))
      .find((element) => element.action_id === TRAIL_ACTION_IDS.more);
    expect(button && 'value' in button ? button.value : undefined).toBe(
      'INC-7/20261126T110000000Z-abcdef|10',
    );
    expect(parseMoreValue('INC-7/20261126T110000000Z-abcdef|10')).toEqual({
      resultId: 'INC-7/20261126T110000000Z-abcdef',
      offset: 10,
    });
    expect(parseMoreValue('nope')).toBeUndefined();
    expect(parseMoreValue('x|-1')).toBeUndefined();
    const more = trailMoreMessage(view(records), 20);
    expect(texts(more.blocks).join('\n')).toContain('Showing 21–25 of 25');
    expect(texts(more.blocks).join('\n')).toContain('regions searched: eu-west-1, us-east-1');
  });

  it('says the result stopped at the limit, and marks a partial answer without buttons', () => {
    const records = Array.from({ length: 12 }, (_, i) => iamUserCall({ eventID: `e-${i}` }));
    const truncated = trailResultMessage(view(records, [], { truncated: true, matched: 40, limit: 12 }));
    expect(texts(truncated.blocks).join('\n')).toContain('Stopped at the limit of 12');
    const partial = trailResultMessage(view(records, [], { partial: true }));
    expect(texts(partial.blocks).join('\n')).toContain('still searching');
    expect(partial.blocks.some((block) => block.type === 'actions')).toBe(false);
  });

  it('offers revoke for the principals and isolate for the instances in the results, only with an incident', () => {
    const instanceRole = assumedRoleCall({
      eventID: 'from-instance',
      userIdentity: {
        type: 'AssumedRole',
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/web-app-role/i-0abc1234def567890`,
        accountId: ACCOUNT,
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            arn: `arn:aws:iam::${ACCOUNT}:role/web-app-role`,
            userName: 'web-app-role',
          },
        },
      },
    });
    const records = [iamUserCall(), instanceRole];
    const message = trailResultMessage(view(records));
    const contain = message.blocks.find((block) => block.block_id === 'trail-contain');
    const elements = contain?.type === 'actions' ? contain.elements : [];
    const values = elements.map((element) => ('value' in element ? element.value : ''));
    expect(values).toContain(`INC-7|eu-west-1|${ACCOUNT}|arn:aws:iam::${ACCOUNT}:user/alice`);
    expect(values).toContain(`INC-7|eu-west-1|${ACCOUNT}|arn:aws:iam::${ACCOUNT}:role/web-app-role`);
    expect(values).toContain(`INC-7|eu-west-1|${ACCOUNT}|i-0abc1234def567890`);
    expect(elements.map((element) => element.action_id)).toContain(
      `${TRAIL_ACTION_IDS.isolate}:i-0abc1234def567890`,
    );
    expect(checkBlockKitLimits(message.blocks, 'message')).toEqual([]);

    const ephemeral = trailResultMessage(view(records, [], { incidentId: undefined }));
    expect(ephemeral.blocks.some((block) => block.block_id === 'trail-contain')).toBe(false);
  });

  it('finds instance ids only where they are well formed', () => {
    const record = iamUserCall({
      requestParameters: {
        instancesSet: { items: [{ instanceId: 'i-0123456789abcdef0' }, { instanceId: 'i-<!channel>' }] },
      },
      resources: [{ ARN: `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0fedcba9876543210` }],
    });
    expect(instanceIdsOf(record).sort()).toEqual(['i-0123456789abcdef0', 'i-0fedcba9876543210']);
  });

  it('round-trips a contain button value and refuses a malformed one', () => {
    const value = containValue('INC-3', {
      kind: 'revoke',
      resourceId: `arn:aws:iam::${ACCOUNT}:user/alice`,
      region: 'eu-west-1',
      account: ACCOUNT,
      label: 'alice',
    });
    expect(parseContainValue(value)).toEqual({
      incidentId: 'INC-3',
      region: 'eu-west-1',
      account: ACCOUNT,
      resourceId: `arn:aws:iam::${ACCOUNT}:user/alice`,
    });
    expect(parseContainValue('INC-3|not a region|12|x')).toEqual({ incidentId: 'INC-3', resourceId: 'x' });
    expect(parseContainValue('INC-3||')).toBeUndefined();
  });

  it('names what is searched and where while searching, and who triggered a CIS alarm, escaped', () => {
    const searching = searchingMessage('user=<!channel>', ['eu-west-1', 'us-east-1'], 'in INC-7’s thread');
    expect(searching.text).toContain('eu-west-1, us-east-1');
    expect(searching.text).not.toContain('<!channel>');
    const line = triggeredByLine(hostile, 'Root <!here> usage');
    expect(line).toContain('CreateUser&lt;!here&gt;');
    expect(line).toContain('2026-11-26 11:00:00 UTC');
    expect(line).not.toContain('<!');
  });
});
