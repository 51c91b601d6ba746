import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  actionOfCommand,
  buildPolicy,
  FEATURE_PERMISSIONS,
  INDIRECT_PERMISSIONS,
  type PolicyDocument,
  sidOf,
} from '../../src/aws/permissions.js';

/**
 * The IAM policy is generated from a table; these checks hold the table to the code. Adding an AWS call without
 * its permission, or keeping a permission no code needs, fails here rather than as AccessDenied mid-incident.
 */

const ROOT = resolve(import.meta.dirname, '..', '..');
// They implement AWS for tests and drill mode; they never call it.
const SIMULATORS = ['src/drill/', 'src/sandbox/'];

interface Scan {
  /** IAM action → the files that make it. */
  actions: Map<string, Set<string>>;
  /** SDK helpers imported that call AWS themselves (credential providers). */
  helpers: Set<string>;
  /** Calls the scan found but could not turn into an IAM action. */
  unmapped: string[];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /import\s+(type\s+)?\{([^}]*)\}\s*from\s*['"](@aws-sdk\/[\w-]+)['"]/g;
const NEW_COMMAND = /new\s+(?:[\w$]+\.)?(\w+Command)\s*\(/g;

function scan(files: readonly { name: string; text: string }[]): Scan {
  const result: Scan = { actions: new Map(), helpers: new Set(), unmapped: [] };
  const add = (action: string, file: string) => {
    const files = result.actions.get(action) ?? new Set<string>();
    result.actions.set(action, files.add(file));
  };
  for (const { name, text } of files) {
    const imported = new Map<string, { imported: string; from: string }>();
    for (const [, typeOnly, list, from] of text.matchAll(IMPORT)) {
      if (typeOnly) continue;
      for (const raw of list!.split(',')) {
        const specifier = raw.trim();
        if (specifier === '' || specifier.startsWith('type ')) continue;
        const [original, local = original] = specifier.split(/\s+as\s+/) as [string, string?];
        imported.set(local, { imported: original, from: from! });
      }
    }
    for (const [, { imported: id, from }] of imported) {
      if (from === '@aws-sdk/credential-providers') {
        result.helpers.add(id);
        continue;
      }
      if (!from.startsWith('@aws-sdk/client-')) continue;
      const operation = /^paginate(\w+)$/.exec(id)?.[1];
      const command = id.endsWith('Command') ? id : operation && `${operation}Command`;
      if (/^wait(Until|For)\w+$/.test(id)) {
        result.unmapped.push(`${name}: waiter ${id} (map the calls it makes by hand)`);
      } else if (command) {
        const action = actionOfCommand(from, command);
        if (action) add(action, name);
        else result.unmapped.push(`${name}: ${id} from ${from} (no IAM service prefix for that package)`);
      }
    }
    for (const [, command] of text.matchAll(NEW_COMMAND)) {
      const source = imported.get(command!);
      if (source?.from.startsWith('@aws-sdk/client-')) continue;
      if (new RegExp(`class\\s+${command}\\b`).test(text)) continue;
      result.unmapped.push(`${name}: new ${command}( is not imported from an @aws-sdk client package`);
    }
  }
  return result;
}

const productSources = sourceFiles(join(ROOT, 'src'))
  .map((path) => ({ name: relative(ROOT, path), text: readFileSync(path, 'utf8') }))
  .filter((file) => !SIMULATORS.some((dir) => file.name.startsWith(dir)));
const found = scan(productSources);

/** What the code makes, plus what AWS checks on the code's behalf. */
function neededActions(scanned: Scan): Map<string, string> {
  const needed = new Map<string, string>();
  for (const [action, files] of scanned.actions) needed.set(action, [...files].join(', '));
  for (const { action, neededBy } of INDIRECT_PERMISSIONS) {
    if (scanned.actions.has(neededBy) || scanned.helpers.has(neededBy)) needed.set(action, `via ${neededBy}`);
  }
  return needed;
}

const tableActions = new Set(FEATURE_PERMISSIONS.flatMap((entry) => entry.actions));
const render = (policy: object) => `${JSON.stringify(policy, null, 2)}\n`;

describe('the permission table against the code', () => {
  it('maps every AWS call in src/ to an IAM action', () => {
    expect(found.unmapped).toEqual([]);
    // A scan that finds nothing would pass everything below.
    expect(found.actions.get('ec2:ModifyNetworkInterfaceAttribute')).toBeDefined();
  });

  it('has a permission for every AWS call the code makes', () => {
    const missing = [...neededActions(found)]
      .filter(([action]) => !tableActions.has(action))
      .map(([action, where]) => `${action} (${where})`);
    expect(missing, 'add these to FEATURE_PERMISSIONS in src/aws/permissions.ts').toEqual([]);
  });

  it('has no permission the code never needs', () => {
    const needed = neededActions(found);
    const unused = [...tableActions].filter((action) => !needed.has(action));
    expect(unused, 'remove these from FEATURE_PERMISSIONS, or list why in INDIRECT_PERMISSIONS').toEqual([]);
  });

  it('gives a reason for every permission no command names', () => {
    for (const { action, neededBy, reason } of INDIRECT_PERMISSIONS) {
      expect(tableActions.has(action), action).toBe(true);
      expect(neededBy).not.toBe('');
      expect(reason.length, action).toBeGreaterThan(20);
    }
  });

  it('keeps sts:AssumeRole on the base identity only, and PassRole to EC2 only', () => {
    const assume = FEATURE_PERMISSIONS.filter((entry) => entry.actions.includes('sts:AssumeRole'));
    expect(assume.map((entry) => entry.principal)).toEqual(['base']);
    const pass = FEATURE_PERMISSIONS.filter((entry) => entry.actions.includes('iam:PassRole'));
    expect(pass).toHaveLength(1);
    expect(pass[0]!.actions).toEqual(['iam:PassRole']);
    expect(pass[0]!.condition).toEqual({ StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } });
  });
});

describe('the scanner', () => {
  it('finds aliased, qualified and paginated calls, and refuses what it cannot map', () => {
    const result = scan([
      {
        name: 'a.ts',
        text: [
          "import { type DescribeVpcsCommandOutput, DescribeVpcsCommand as Vpcs, paginateDescribeSubnets, waitUntilInstanceStopped } from '@aws-sdk/client-ec2';",
          "import type { GetRoleCommand } from '@aws-sdk/client-iam';",
          "import { GetObjectCommand } from '@aws-sdk/client-s3';",
          "import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';",
          'new Vpcs({}); new sdk.DescribeThingsCommand({});',
          'class LocalCommand {} new LocalCommand();',
        ].join('\n'),
      },
    ]);
    expect([...result.actions.keys()].sort()).toEqual(['ec2:DescribeSubnets', 'ec2:DescribeVpcs']);
    expect([...result.helpers]).toEqual(['fromTemporaryCredentials']);
    expect(result.unmapped).toEqual([
      'a.ts: waiter waitUntilInstanceStopped (map the calls it makes by hand)',
      'a.ts: GetObjectCommand from @aws-sdk/client-s3 (no IAM service prefix for that package)',
      'a.ts: new DescribeThingsCommand( is not imported from an @aws-sdk client package',
    ]);
  });

  it('names actions the way IAM does', () => {
    expect(actionOfCommand('@aws-sdk/client-ec2', 'ModifyNetworkInterfaceAttributeCommand')).toBe(
      'ec2:ModifyNetworkInterfaceAttribute',
    );
    expect(actionOfCommand('@aws-sdk/client-auto-scaling', 'EnterStandbyCommand')).toBe(
      'autoscaling:EnterStandby',
    );
    expect(actionOfCommand('@aws-sdk/client-s3', 'GetObjectCommand')).toBeUndefined();
    expect(sidOf('isolate: read (preview)')).toBe('IsolateReadPreview');
  });
});

describe('the generated policy', () => {
  it('is what docs/iam-policy.json holds (run `npm run iam:policy` after changing the table)', () => {
    // Compared as JSON: Biome owns the layout (npm run format reformats docs/ too).
    const committed = readFileSync(join(ROOT, 'docs', 'iam-policy.json'), 'utf8');
    expect(JSON.parse(committed)).toEqual(buildPolicy());
    expect(committed.endsWith('}\n')).toBe(true);
  });

  it.each(['responder', 'base'] as const)('has the IAM shape, with no wildcard action (%s)', (principal) => {
    const policy: PolicyDocument = JSON.parse(render(buildPolicy(principal)));
    expect(Object.keys(policy)).toEqual(['Version', 'Statement']);
    expect(policy.Version).toBe('2012-10-17');
    expect(policy.Statement.length).toBeGreaterThan(0);
    const sids = policy.Statement.map((statement) => statement.Sid);
    expect(new Set(sids).size).toBe(sids.length);
    for (const statement of policy.Statement) {
      expect(statement.Sid).toMatch(/^[A-Za-z0-9]+$/);
      expect(statement.Effect).toBe('Allow');
      expect(statement.Action.length).toBeGreaterThan(0);
      expect(statement.Action).toEqual([...new Set(statement.Action)].sort());
      for (const action of statement.Action) expect(action).toMatch(/^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/);
      const resources = [statement.Resource].flat();
      expect(resources.length).toBeGreaterThan(0);
      for (const resource of resources) expect(resource === '*' || resource.startsWith('arn:')).toBe(true);
      // Describe* supports no resource-level permissions: anything narrower than "*" would deny it.
      if (statement.Action.some((action) => action.includes(':Describe')))
        expect(statement.Resource).toBe('*');
    }
  });

  it('splits the work between the responder and the base identity', () => {
    const actions = (policy: PolicyDocument) => policy.Statement.flatMap((statement) => statement.Action);
    expect(actions(buildPolicy())).not.toContain('sts:AssumeRole');
    expect(actions(buildPolicy('base')).sort()).toEqual(['sts:AssumeRole', 'sts:GetCallerIdentity']);
  });
});

describe('the README', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## AWS permissions\n');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));

  it('has an AWS permissions section whose table row for each feature lists exactly its actions', () => {
    expect(start).toBeGreaterThan(-1);
    for (const { feature, actions } of FEATURE_PERMISSIONS) {
      const row = section.split('\n').find((line) => line.startsWith(`| ${feature} |`));
      expect(row, `a README row for "${feature}"`).toBeDefined();
      const listed = [...row!.matchAll(/`([a-z0-9-]+:[A-Za-z0-9]+)`/g)].map((match) => match[1]);
      expect(listed.sort(), feature).toEqual([...actions].sort());
    }
  });

  it('mentions every action and how to regenerate the policy', () => {
    for (const action of tableActions) expect(section).toContain(`\`${action}\``);
    expect(section).toContain('npm run iam:policy');
    expect(section).toContain('deploy/terraform');
  });

  it("shows the base identity's policy as the table builds it", () => {
    const json = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
    expect(json).toBeDefined();
    expect(JSON.parse(json!)).toEqual(buildPolicy('base'));
  });
});
