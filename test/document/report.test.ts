import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { renderReport } from '../../src/document/report.js';
import { expectGolden } from './golden.js';
import { ALICE, at, MALLORY, NOW, sampleIncident, sampleInput, sampleRunbooks } from './sample.js';

const frontMatterOf = (markdown: string): Record<string, unknown> => {
  const lines = markdown.split('\n');
  return parse(lines.slice(1, lines.indexOf('---', 1)).join('\n')) as Record<string, unknown>;
};

const section = (markdown: string, heading: string): string => {
  const start = markdown.indexOf(`\n${heading}\n`);
  const end = markdown.indexOf('\n## ', start + heading.length + 2);
  return markdown.slice(start, end === -1 ? undefined : end);
};

function drillInput() {
  return sampleInput({
    incident: sampleIncident({
      id: 'INC-2026-0043',
      title: 'Drill: instance talking to a mining pool',
      status: 'open',
      resolution: undefined,
      alarmKey: undefined,
      alarm: undefined,
      alarmCount: 0,
      firstAlarmAt: undefined,
      lastAlarmAt: undefined,
      receivedAt: undefined,
      declaredBy: ALICE,
      acknowledgedAt: undefined,
      acknowledgedBy: undefined,
      closedAt: undefined,
      closedBy: undefined,
      resources: [{ kind: 'InstanceId', id: 'i-0d0d0d0d0d0d0d0d0' }],
      drill: true,
    }),
    timeline: [
      {
        type: 'declared',
        at: at(0, 1),
        actor: ALICE,
        title: 'Drill: instance talking to a mining pool',
        source: 'manual',
      },
      { type: 'card-posted', at: at(0, 2), actor: 'system', channel: 'C07DRILL', ts: '1795680345.000200' },
    ],
    actions: [],
    investigations: undefined,
    followUps: undefined,
    slackThreadUrl: undefined,
    draft: true,
  });
}

describe('renderReport golden files', () => {
  it('renders the full incident: re-fires collapsed, two-interface isolation, key revocation, queries, follow-ups', () => {
    expectGolden('incident.md', renderReport(sampleInput()));
  });

  it('renders a draft drill with nothing done yet', () => {
    expectGolden('drill-draft.md', renderReport(drillInput()));
  });
});

describe('renderReport', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is deterministic and reads no clock', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2031-01-01T00:00:00Z'));
    const first = renderReport(sampleInput());
    vi.setSystemTime(new Date('1999-12-31T23:59:59Z'));
    expect(renderReport(sampleInput())).toBe(first);
    expect(first).not.toContain('2031');
  });

  it('writes the front matter with every time kept apart, and who responded', () => {
    const data = frontMatterOf(renderReport(sampleInput()));
    expect(data).toMatchObject({
      id: 'INC-2026-0042',
      severity: 2,
      status: 'closed',
      resolution: 'resolved',
      alarm_at: '2026-11-26T08:03:21.945Z',
      received_at: '2026-11-26T08:05:43.120Z',
      declared_at: '2026-11-26T08:05:44.120Z',
      acknowledged_at: at(2, 10),
      contained_at: at(7, 45),
      remediated_at: at(95),
      closed_at: at(125),
      accounts: ['123456789012'],
      regions: ['us-east-1'],
      alarms: ['prod-web-cpu-high'],
      generated_at: NOW.toISOString(),
    });
    // A non-responder whose only event is a refusal did not respond.
    expect(data.responders).toEqual(['U07ALICE', 'U07BOB', 'U07CAROL']);
    expect(data.responders).not.toContain(MALLORY);
    expect(data.resources).toContainEqual({ kind: 'InstanceId', id: 'i-0abc1234def567890' });
    expect(data.resources).toContainEqual({ kind: 'IAMPrincipal', id: 'deploy-bot' });
    expect(data).not.toHaveProperty('draft');
    expect(data).not.toHaveProperty('drill');
  });

  it('marks drafts and drills in the front matter and the banner', () => {
    const markdown = renderReport(drillInput());
    expect(frontMatterOf(markdown)).toMatchObject({
      draft: true,
      drill: true,
      contained_at: null,
      closed_at: null,
    });
    expect(markdown).toContain('> **Draft** generated at 2026-11-26 10:30:00Z.');
    expect(markdown).toContain('> **DRILL — simulated account.**');
  });

  it('collapses 25 consecutive re-fires of the same alarm and state into one row, with both times', () => {
    const markdown = renderReport(sampleInput());
    const rows = section(markdown, '## Timeline')
      .split('\n')
      .filter((line) => line.includes('Alarm **prod-web-cpu-high**'));
    expect(rows).toHaveLength(3);
    expect(rows[1]).toContain('ALARM ×25 from 2026-11-26 08:08:46Z to 2026-11-26 08:32:46Z');
    expect(rows[2]).toContain('→ OK');
  });

  it('tags every timeline row with its phase', () => {
    const timeline = section(renderReport(sampleInput()), '## Timeline');
    const phaseOf = (text: string) =>
      timeline
        .split('\n')
        .find((line) => line.includes(text))
        ?.split(' | ')[1];
    expect(phaseOf('Acknowledged')).toBe('detect');
    expect(phaseOf('Note: xmrig')).toBe('investigate');
    expect(phaseOf('Status open → **contained**')).toBe('contain');
    expect(phaseOf('**Denied:** restore')).toBe('remediate');
    expect(phaseOf('Status contained → **remediated**')).toBe('remediate');
    expect(phaseOf('Closed as **resolved**')).toBe('document');
  });

  it('shows the security groups of each interface before and after, and the snapshots', () => {
    const containment = section(renderReport(sampleInput()), '## Containment actions');
    expect(containment).toContain(
      '| `eni-0a1b2c3d4e5f60001` | `sg-0web0000000000001`, `sg-0ssh0000000000001` | `sg-0isolate00000001` |  |',
    );
    expect(containment).toContain(
      '| `eni-0a1b2c3d4e5f60002` | `sg-0metrics000000001` | `sg-0isolate00000001` |  |',
    );
    expect(containment).toContain(
      'Snapshots kept as evidence: `snap-0aaa1111bbbb22220`, `snap-0ccc3333dddd44440`',
    );
    expect(containment).toContain('- **Requested by** @U07ALICE at 2026-11-26 08:11:43Z');
    expect(containment).toContain('- **Approved by** @U07BOB at 2026-11-26 08:13:13Z');
    expect(containment).toContain('`7b3e2a4c-0000-4000-8000-000000000002`');
  });

  it('shows key status before and after a revocation', () => {
    const containment = section(renderReport(sampleInput()), '## Containment actions');
    expect(containment).toContain('### Revoke `deploy-bot`: contained');
    expect(containment).toContain('| `AKIAIOSFODNN7EXAMPLE` | deploy-bot | Active | Inactive |');
    expect(containment).toContain('| `AKIAI44QH8DHBEXAMPLE` | deploy-bot | Inactive | Inactive |');
  });

  it('says so when no CloudTrail query was run and no action was taken', () => {
    const markdown = renderReport(drillInput());
    expect(section(markdown, '## Investigation')).toContain('No CloudTrail query was run.');
    expect(section(markdown, '## Containment actions')).toContain('No containment action was taken.');
    expect(markdown).toContain('- [ ] **Investigate.** No CloudTrail query was run.');
  });

  it('lists queries, flagged events and evidence hashes', () => {
    const investigation = section(renderReport(sampleInput()), '## Investigation');
    expect(investigation).toContain(
      '| ip=203.0.113.77 since=7d | @U07CAROL | 2026-11-26 08:41:43Z | us-east-1, eu-west-1 |',
    );
    expect(
      investigation.match(
        /^\| (iam-access-key-for-other-user|new-source-ip|ec2-ingress-open-to-world) \| (high|low|critical): /gm,
      ),
    ).toHaveLength(3);
    expect(investigation).toContain(
      '- **CloudWatch.4**: `arn:aws:iam::123456789012:user/deploy-bot`, CreateAccessKey at 2026-11-26 07:41:09Z from `203.0.113.77`',
    );
    expect(investigation).toContain('`9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08`');
  });

  it('lists follow-ups as a checklist with owners, calling out the unowned', () => {
    const followUps = section(renderReport(sampleInput()), '## Follow-ups');
    expect(followUps).toContain(
      '- [x] Delete the two deploy-bot access keys (owner @U07ALICE, due 2026-11-27)',
    );
    expect(followUps).toContain(
      '- [ ] Move CI deploys from access keys to OIDC role assumption (**no owner**)',
    );
  });

  it('uses the summary people wrote, else generates one', () => {
    const generated = renderReport(sampleInput());
    expect(section(generated, '## Summary')).toContain('The alarm fired 26 times in all.');
    const given = renderReport(
      sampleInput({ humanSections: { summary: 'Miner on web-1, contained in 10 minutes.' } }),
    );
    expect(section(given, '## Summary').trim()).toBe(
      '## Summary\n\nMiner on web-1, contained in 10 minutes.',
    );
  });

  it('links the runbooks that apply, relative to where the report is written', () => {
    const links = section(renderReport(sampleInput()), '## Links');
    expect(links).toContain('[Compromised EC2 instance](../compromised-ec2-instance.md)');
    expect(links).toContain('[Exposed or stolen access key](../exposed-access-key.md)');
    expect(links).not.toContain('cloudtrail-tampering');
    const drill = section(renderReport(drillInput()), '## Links');
    expect(drill).toContain('[Compromised EC2 instance](../../compromised-ec2-instance.md)');
    expect(sampleRunbooks()).toHaveLength(3);
  });

  it('links the console pages of the alarm and the resources, and the Slack thread', () => {
    const links = section(renderReport(sampleInput()), '## Links');
    expect(links).toContain(
      '[InstanceId i-0abc1234def567890](https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#InstanceDetails:instanceId=i-0abc1234def567890)',
    );
    expect(links).toContain('[Alarm prod-web-cpu-high](https://us-east-1.console.aws.amazon.com/cloudwatch/');
    expect(links).toContain(
      '- Slack thread: [incident thread](https://example.slack.com/archives/C07INCIDENT/p1795680345000100)',
    );
  });

  it('leaves the lessons-learned headings for people', () => {
    const markdown = renderReport(sampleInput());
    for (const heading of ['What went well', 'What went wrong', 'Where we got lucky', 'Action items']) {
      expect(markdown).toMatch(new RegExp(`\\n### ${heading}\\n\\n_To be written: `));
    }
  });
});
