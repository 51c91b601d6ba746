import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

/**
 * Configuration is documented in three places besides src/config.ts: .env.example, README.md's settings table and
 * docker-compose.yml. These checks keep all four saying the same thing.
 */

const ROOT = resolve(import.meta.dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const noFiles = () => {
  throw new Error('no files in this test');
};

/** The keys of config.ts's zod schema object, read from its source text (the schema itself is not exported). */
function configVariables(): string[] {
  const block = /const schema = z\.object\(\{([\s\S]*?)\n\}\);/.exec(read('src/config.ts'))?.[1] ?? '';
  return [...block.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1]!);
}

/** The secrets config.ts also accepts as `<NAME>_FILE`. */
function secretVariables(): string[] {
  const list = /SECRET_VARIABLES = \[([^\]]*)\]/.exec(read('src/config.ts'))?.[1] ?? '';
  return [...list.matchAll(/'([A-Z][A-Z0-9_]*)'/g)].map((match) => match[1]!);
}

/** A tiny .env reader: NAME=value lines, # comments, no quoting or expansion (none is used). */
function parseEnvFile(text: string): { values: Map<string, string>; comments: string } {
  const values = new Map<string, string>();
  const comments: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      comments.push(line);
      continue;
    }
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!match) throw new Error(`.env.example: cannot read line "${line}"`);
    if (values.has(match[1]!)) throw new Error(`.env.example: ${match[1]} is set twice`);
    values.set(match[1]!, match[2]!);
  }
  return { values, comments: comments.join('\n') };
}

/** README.md's settings table: rows of `| \`NAME\` | default | meaning |`. */
function readmeSettings(): Map<string, { defaultCell: string; meaning: string }> {
  const readme = read('README.md');
  const section = /^## Settings\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? '';
  const rows = new Map<string, { defaultCell: string; meaning: string }>();
  for (const line of section.split('\n')) {
    const match = /^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|([^|]*)\|(.*)\|\s*$/.exec(line);
    if (match) rows.set(match[1]!, { defaultCell: match[2]!.trim(), meaning: match[3]!.trim() });
  }
  return rows;
}

/** One service's block of docker-compose.yml (the lines indented under `  <name>:`). */
function composeService(compose: string, name: string): string {
  const lines = compose.split('\n');
  const start = lines.indexOf(`  ${name}:`);
  if (start < 0) return '';
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() !== '' && !line.startsWith('   ')) break;
    body.push(line);
  }
  return body.join('\n');
}

/** The entries of a block key (`env_file:`, `environment:`) inside a service: inline value or indented lines. */
function composeEntries(service: string, key: string): string[] {
  const lines = service.split('\n');
  const index = lines.findIndex((line) => line.trim().startsWith(`${key}:`));
  if (index < 0) return [];
  const header = lines[index]!;
  const inline = header.slice(header.indexOf(':') + 1).trim();
  if (inline) return [inline];
  const indent = header.length - header.trimStart().length;
  const entries: string[] = [];
  for (const line of lines.slice(index + 1)) {
    if (line.trim() === '') continue;
    if (line.length - line.trimStart().length <= indent) break;
    entries.push(line.trim());
  }
  return entries;
}

const CONFIG_VARIABLES = configVariables();
const SECRETS = secretVariables();
const example = parseEnvFile(read('.env.example'));
const REQUIRED_ENV = {
  SLACK_BOT_TOKEN: 'xoxb-000000000000-test',
  SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789abcdef',
  FIREBREAK_CHANNEL: 'C0123ABCDEF',
};

describe('the list of variables read by src/config.ts', () => {
  it('could be read from the source', () => {
    expect(CONFIG_VARIABLES.length).toBeGreaterThanOrEqual(10);
    expect(CONFIG_VARIABLES).toContain('SLACK_BOT_TOKEN');
    expect(SECRETS).toEqual(expect.arrayContaining(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'REDIS_URL']));
  });
});

describe('.env.example', () => {
  it('sets every variable config.ts reads, and nothing else', () => {
    expect([...example.values.keys()].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it('leaves secrets blank and says that <NAME>_FILE works too', () => {
    for (const name of SECRETS) {
      expect(example.values.get(name), name).toBe('');
      expect(example.comments).toContain(`${name}_FILE`);
    }
  });

  it('gives each variable a comment line right above it', () => {
    const lines = read('.env.example').split('\n');
    for (const name of CONFIG_VARIABLES) {
      const index = lines.findIndex((line) => line.startsWith(`${name}=`));
      expect(lines[index - 1]?.startsWith('#'), `${name} has no comment above it`).toBe(true);
    }
  });

  it('holds config.ts defaults: loading it changes nothing but the blanks a deployment fills in', () => {
    const fromExample = loadConfig({ ...Object.fromEntries(example.values), ...REQUIRED_ENV }, noFiles);
    expect(fromExample).toEqual(loadConfig(REQUIRED_ENV, noFiles));
  });
});

describe("README.md's settings table", () => {
  const rows = readmeSettings();

  it('lists every variable config.ts reads, and nothing else', () => {
    expect([...rows.keys()].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it('gives the same defaults as .env.example, and marks exactly the required variables', () => {
    for (const name of CONFIG_VARIABLES) {
      const row = rows.get(name)!;
      const value = example.values.get(name) ?? '';
      expect(row.meaning, `${name} needs a meaning`).not.toBe('');
      if (value !== '') {
        expect(row.defaultCell, name).toBe(`\`${value}\``);
        continue;
      }
      const { [name as keyof typeof REQUIRED_ENV]: _, ...without } = REQUIRED_ENV;
      let required = false;
      try {
        loadConfig(without, noFiles);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        required = error.message.includes(name);
      }
      expect(row.defaultCell.toLowerCase().includes('required'), `${name}: "${row.defaultCell}"`).toBe(
        required,
      );
    }
  });

  it('mentions the <NAME>_FILE form of each secret', () => {
    for (const name of SECRETS) expect(rows.get(name)?.meaning, name).toContain(`${name}_FILE`);
  });
});

describe('docker-compose.yml', () => {
  const compose = read('docker-compose.yml');
  const firebreak = composeService(compose, 'firebreak');
  const redis = composeService(compose, 'redis');
  const known = new Set(example.values.keys());

  it('has the firebreak and redis services', () => {
    expect(firebreak).not.toBe('');
    expect(redis).not.toBe('');
  });

  it('passes the settings from .env with env_file', () => {
    const files = composeEntries(firebreak, 'env_file').map((entry) => entry.replace(/^-\s*(path:\s*)?/, ''));
    expect(files).toContain('.env');
  });

  it('names only variables that exist in .env.example', () => {
    const named = composeEntries(firebreak, 'environment').map(
      (entry) => /^-?\s*([A-Za-z_][A-Za-z0-9_]*)\s*[:=]?/.exec(entry)?.[1] ?? entry,
    );
    expect(named.length).toBeGreaterThan(0);
    const interpolated = [...compose.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1]!);
    for (const name of [...named, ...interpolated])
      expect(known, `${name} is not in .env.example`).toContain(name);
  });

  it('points REDIS_URL at the redis service, which runs with AOF', () => {
    const url = composeEntries(firebreak, 'environment')
      .map((entry) => /^-?\s*REDIS_URL\s*[:=]\s*(\S+)/.exec(entry)?.[1])
      .find(Boolean);
    expect(url && new URL(url).hostname).toBe('redis');
    expect(redis).toMatch(/redis-server --appendonly yes/);
    expect(redis).toMatch(/redis-cli", "ping"|redis-cli ping/);
  });

  it('publishes the port the bot listens on by default, which the image exposes', () => {
    const port = example.values.get('PORT');
    expect(composeEntries(firebreak, 'ports')).toContain(`- "${port}:${port}"`);
    expect(read('Dockerfile')).toMatch(new RegExp(`^EXPOSE ${port}$`, 'm'));
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  it('runs the compiled entry point, where tsconfig.build.json emits src/main.ts', () => {
    const build = JSON.parse(read('tsconfig.build.json')) as { include?: string[] };
    const base = JSON.parse(read('tsconfig.json')) as {
      compilerOptions: { outDir: string; rootDir: string };
    };
    expect(build.include).toContain('src');
    expect(base.compilerOptions).toMatchObject({ outDir: 'dist', rootDir: '.' });
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/src\/main\.js"\]$/m);
    const instructions = dockerfile.split('\n').filter((line) => !line.trimStart().startsWith('#'));
    expect(instructions.join('\n'), 'the image must not rely on tsx').not.toMatch(/\btsx\b/);
  });

  it('runs as the node user and checks a route the server serves', () => {
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK [\s\S]*\/healthz/m);
    expect(read('src/server.ts')).toContain("case 'GET /healthz'");
  });
});
