import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/registry.js';
import { globRegExp, parseRunbook, type Runbook } from '../../src/document/runbook.js';
import { loadRunbooks, runbooksFor } from '../../src/document/runbooks.js';
import type { Incident } from '../../src/incident/incident.js';
import { sampleIncident } from './sample.js';

const RUNBOOKS = fileURLToPath(new URL('../../runbooks/', import.meta.url));

const SHIPPED = [
  'cloudtrail-tampering',
  'compromised-ec2-instance',
  'exposed-access-key',
  'public-s3-bucket',
  'security-group-open-to-world',
  'suspicious-console-login',
];

const PHASES = ['## 1. Detect', '## 2. Contain', '## 3. Investigate', '## 4. Remediate', '## 5. Document'];
/** Read from the registry, so a runbook can only name a subcommand the bot has. */
const EXISTING = COMMANDS.map((spec) => `/ir ${spec.name}`);
/** Subcommands a runbook may name ahead of time, marked "(coming)" on the same line. None today. */
const COMING: string[] = [];

/** An incident opened by the named alarm, naming the given resources. */
const incidentWith = (alarmName: string | undefined, resources: Incident['resources'] = []): Incident =>
  sampleIncident({
    alarm: alarmName ? { ...sampleIncident().alarm!, name: alarmName } : undefined,
    alarmKey: alarmName ? `123456789012/us-east-1/${alarmName}` : undefined,
    resources,
  });

describe('the shipped runbooks', () => {
  let runbooks: Runbook[];
  beforeAll(async () => {
    runbooks = await loadRunbooks(RUNBOOKS);
  });

  it('all parse, README and incidents/ aside', () => {
    expect(runbooks.map((runbook) => runbook.id)).toEqual(SHIPPED);
    for (const runbook of runbooks) {
      const applies = runbook.appliesTo;
      expect(
        applies.alarmNamePatterns.length + applies.resourceKinds.length + applies.eventNames.length,
      ).toBeGreaterThan(0);
    }
  });

  it.each(SHIPPED)(
    '%s follows the five phases and names only commands that exist, or marks them coming',
    async (id) => {
      const text = await readFile(join(RUNBOOKS, `${id}.md`), 'utf8');
      let last = -1;
      for (const phase of PHASES) {
        const index = text.indexOf(`\n${phase}\n`);
        expect(index, phase).toBeGreaterThan(last);
        last = index;
      }
      for (const line of text.split('\n')) {
        for (const match of line.matchAll(/\/ir [a-z]+/g)) {
          const command = match[0];
          if (COMING.includes(command))
            expect(line, `${command} must be marked (coming)`).toContain('(coming)');
          else expect(EXISTING, `${command} in ${id}`).toContain(command);
        }
      }
    },
  );

  it.each([
    ['CIS-3.3-RootAccountUsage', [], 'suspicious-console-login'],
    ['ConsoleSignInWithoutMfa', [], 'suspicious-console-login'],
    ['CIS-3.5-CloudTrailChanges', [], 'cloudtrail-tampering'],
    ['CIS-3.8-S3BucketPolicyChanges', [], 'public-s3-bucket'],
    ['CIS-3.10-SecurityGroupChanges', [], 'security-group-open-to-world'],
    ['GuardDuty-EC2-CryptoCurrency', [], 'compromised-ec2-instance'],
    ['prod-web-cpu-high', [{ kind: 'InstanceId', id: 'i-1' }], 'compromised-ec2-instance'],
    ['UnauthorizedAPICalls', [], 'exposed-access-key'],
  ] as const)('alarm %s (resources %j) applies %s', (alarm, resources, expected) => {
    const ids = runbooksFor(incidentWith(alarm, [...resources]), runbooks).map((match) => match.runbook.id);
    expect(ids).toContain(expected);
  });

  it('matches flagged CloudTrail events', () => {
    const incident = incidentWith(undefined);
    const ids = (eventNames: string[]) =>
      runbooksFor(incident, runbooks, { eventNames }).map((match) => match.runbook.id);
    expect(ids(['StopLogging'])).toEqual(['cloudtrail-tampering']);
    expect(ids(['PutBucketAcl'])).toEqual(['public-s3-bucket']);
    expect(ids(['AuthorizeSecurityGroupIngress'])).toEqual(['security-group-open-to-world']);
    expect(ids(['CreateAccessKey'])).toEqual(['exposed-access-key']);
    expect(ids(['DescribeInstances'])).toEqual([]);
  });

  it('applies nothing to an incident nothing matches', () => {
    expect(runbooksFor(incidentWith('billing-estimated-charges'), runbooks)).toEqual([]);
  });
});

describe('runbooksFor', () => {
  const book = (id: string, appliesTo: Partial<Runbook['appliesTo']>): Runbook => ({
    id,
    file: `${id}.md`,
    title: id,
    appliesTo: { alarmNamePatterns: [], resourceKinds: [], eventNames: [], ...appliesTo },
  });

  it('matches alarm names from the alarm, the alarm key, composite children and the timeline, saying why', () => {
    const books = [
      book('a', { alarmNamePatterns: ['*child*'] }),
      book('b', { alarmNamePatterns: ['later-*'] }),
    ];
    const incident = incidentWith('parent', [{ kind: 'AlarmName', id: 'the-child-alarm' }]);
    const matches = runbooksFor(incident, books, { alarmNames: ['later-alarm'] });
    expect(matches.map((match) => [match.runbook.id, match.reasons])).toEqual([
      ['a', ['alarm the-child-alarm matches *child*']],
      ['b', ['alarm later-alarm matches later-*']],
    ]);
  });

  it('matches resource kinds case-insensitively and ranks the runbook with more reasons first', () => {
    const books = [
      book('a-kind-only', { resourceKinds: ['instanceid'] }),
      book('b-kind-and-alarm', { resourceKinds: ['InstanceId'], alarmNamePatterns: ['*CPU*'] }),
    ];
    const matches = runbooksFor(
      incidentWith('prod-web-cpu-high', [{ kind: 'InstanceId', id: 'i-1' }]),
      books,
    );
    expect(matches.map((match) => match.runbook.id)).toEqual(['b-kind-and-alarm', 'a-kind-only']);
  });
});

describe('globRegExp', () => {
  it.each([
    ['*RootAccount*', 'CIS-3.3-RootAccountUsage', true],
    ['*rootaccount*', 'CIS-3.3-RootAccountUsage', true],
    ['CIS-?.?-*', 'CIS-3.3-RootAccountUsage', true],
    ['RootAccount', 'CIS-3.3-RootAccountUsage', false],
    ['a.b', 'axb', false],
    ['(x)+', '(x)+', true],
    ['*', 'anything\nat all', true],
  ] as const)('%s against %j is %s', (pattern, name, expected) => {
    expect(globRegExp(pattern).test(name)).toBe(expected);
  });
});

describe('parseRunbook and loadRunbooks', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'firebreak-runbooks-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a runbook without front matter, or one that applies to nothing', () => {
    expect(() => parseRunbook('x.md', '# Title only')).toThrow(/x\.md: no YAML front matter/);
    expect(() => parseRunbook('y.md', '---\ntitle: Y\napplies_to: {}\n---\n')).toThrow(/y\.md: applies_to/);
    expect(() => parseRunbook('z.md', '---\ntitle: [unclosed\n---\n')).toThrow(
      /z\.md: front matter is not YAML/,
    );
    expect(() => parseRunbook('w.md', '---\ntitle: W\napplies_to: { alarm_names: [x] }\n---\n')).toThrow(
      /w\.md/,
    );
  });

  it('reads front matter saved with CRLF line endings', () => {
    const runbook = parseRunbook(
      'c.md',
      '---\r\ntitle: C\r\napplies_to:\r\n  event_names: [StopLogging]\r\n---\r\n# C\r\n',
    );
    expect(runbook).toEqual({
      id: 'c',
      file: 'c.md',
      title: 'C',
      appliesTo: { alarmNamePatterns: [], resourceKinds: [], eventNames: ['StopLogging'] },
    });
  });

  it('loads *.md files in name order, skipping README.md and folders, and names a broken file', async () => {
    const front = (title: string) =>
      `---\ntitle: ${title}\napplies_to:\n  resource_kinds: [InstanceId]\n---\n`;
    await writeFile(join(dir, 'b.md'), front('B'));
    await writeFile(join(dir, 'a.md'), front('A'));
    await writeFile(join(dir, 'README.md'), '# not a runbook');
    await writeFile(join(dir, 'notes.txt'), 'not markdown');
    expect((await loadRunbooks(dir)).map((runbook) => runbook.title)).toEqual(['A', 'B']);
    await writeFile(join(dir, 'broken.md'), '# no front matter');
    await expect(loadRunbooks(dir)).rejects.toThrow(/broken\.md/);
    expect(await readdir(dir)).toContain('broken.md');
  });
});
