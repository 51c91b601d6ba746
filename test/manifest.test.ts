import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../commands/registry.js';
import { loadConfig } from '../src/config.js';
import { buildIncidentCard } from '../src/detect/card.js';
import { cardButtonsFor } from '../src/detect/card-buttons.js';
import type { Incident } from '../src/incident/incident.js';

/**
 * manifest.json is what an admin pastes into api.slack.com to create the app. These checks keep it in step with the
 * code: the command the bot listens for, the routes it serves, the interactive elements it posts, and the Web API
 * methods it calls.
 */

const ROOT = resolve(import.meta.dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface SlashCommandEntry {
  command: string;
  url: string;
  description: string;
  usage_hint?: string;
  should_escape?: boolean;
}

interface Manifest {
  display_information: { name: string; description?: string };
  features: {
    bot_user?: { display_name: string; always_online?: boolean };
    slash_commands?: SlashCommandEntry[];
    shortcuts?: { name: string; type: 'message' | 'global'; callback_id: string; description: string }[];
  };
  oauth_config: { scopes: { bot?: string[]; user?: string[] } };
  settings: {
    interactivity?: { is_enabled: boolean; request_url?: string };
    event_subscriptions?: { request_url?: string; bot_events?: string[] };
    org_deploy_enabled?: boolean;
    socket_mode_enabled?: boolean;
    token_rotation_enabled?: boolean;
  };
}

const manifest = JSON.parse(read('manifest.json')) as Manifest;

/** Every bot scope the app may ask for, and why. A new scope must be added here with its reason. */
const ALLOWED_BOT_SCOPES: Record<string, string> = {
  commands: 'the /ir slash command',
  'chat:write': 'post and update the incident card, thread replies and ephemerals in channels the bot is in',
  'usergroups:read': 'resolve responder user groups (usergroups.users.list) for authorization',
  'files:write':
    'share the post-incident report and the exported timeline in the incident thread (filesUploadV2)',
};

/**
 * The scope each Web API method needs (https://api.slack.com/methods). A method the code starts calling must be
 * listed here, so that adding a call forces a look at the manifest. `null`: no scope needed.
 */
const METHOD_SCOPES: Record<string, string | null> = {
  'auth.test': null,
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'chat.delete': 'chat:write',
  'chat.getPermalink': null,
  'views.open': null,
  'views.update': null,
  'views.push': null,
  'usergroups.users.list': 'usergroups:read',
  'usergroups.list': 'usergroups:read',
  'users.info': 'users:read',
  'conversations.info': 'channels:read',
};

const MINIMAL_ENV = {
  SLACK_BOT_TOKEN: 'xoxb-000000000000-test',
  SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789abcdef',
  FIREBREAK_CHANNEL: 'C0123ABCDEF',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The routes server.ts answers, as "METHOD /path", read from its switch. */
function serverRoutes(): string[] {
  const source = read('src/server.ts');
  return [...source.matchAll(/case '((?:GET|POST|PUT|PATCH|DELETE) \/[^']*)'/g)].map((match) => match[1]!);
}

/** Every URL Slack will call, wherever the manifest keeps one. */
function requestUrls(value: unknown, path = ''): { where: string; url: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => requestUrls(item, `${path}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const where = path ? `${path}.${key}` : key;
    if (typeof child === 'string' && /(^|_)url$/.test(key)) return [{ where, url: child }];
    return requestUrls(child, where);
  });
}

describe('manifest.json', () => {
  it('declares exactly the slash command the bot listens for by default', () => {
    const config = loadConfig(MINIMAL_ENV, () => {
      throw new Error('no files in this test');
    });
    const commands = manifest.features.slash_commands ?? [];
    expect(commands.map((entry) => entry.command)).toEqual([config.slack.command]);
  });

  it('lets the command text through unescaped, as the argument parser expects', () => {
    for (const entry of manifest.features.slash_commands ?? []) expect(entry.should_escape).toBe(false);
  });

  it('names only subcommands that exist in its usage hint', () => {
    const names = new Set(COMMANDS.map((spec) => spec.name));
    for (const entry of manifest.features.slash_commands ?? []) {
      const hinted = (entry.usage_hint ?? '').split('|').map((part) => part.trim().split(/\s+/)[0] ?? '');
      for (const name of hinted) expect(names, `usage_hint names "${name}"`).toContain(name);
    }
  });

  it('points every request URL at a POST route the server serves and Bolt listens on', () => {
    const routes = serverRoutes();
    expect(routes, 'could not read the routes from src/server.ts').toContain('GET /healthz');
    const boltEndpoints = /endpoints:\s*'([^']+)'/.exec(read('src/slack/app.ts'))?.[1];
    const urls = requestUrls(manifest);
    expect(urls.length).toBeGreaterThanOrEqual(2);
    const hosts = new Set<string>();
    for (const { where, url } of urls) {
      const parsed = new URL(url);
      expect(parsed.protocol, `${where} must be https (Slack refuses plain http)`).toBe('https:');
      expect(routes, `${where} → ${parsed.pathname}`).toContain(`POST ${parsed.pathname}`);
      expect(parsed.pathname, `${where} must be Bolt's receiver endpoint`).toBe(boltEndpoints);
      hosts.add(parsed.host);
    }
    expect(hosts.size, 'every request URL should point at the same deployment').toBe(1);
  });

  it('enables interactivity, because the incident card carries buttons and menus', () => {
    const incident: Incident = {
      id: 'INC-1',
      title: 'prod-web-cpu-high',
      severity: 3,
      status: 'open',
      resources: [],
      alarmCount: 1,
      channel: 'C0123ABCDEF',
      declaredAt: '2024-05-01T12:00:00.000Z',
      declaredBy: 'system',
    };
    const card = buildIncidentCard(incident, {
      now: new Date('2024-05-01T12:00:05Z'),
      buttons: cardButtonsFor(incident),
    });
    expect(card.blocks.some((block) => block.type === 'actions')).toBe(true);
    expect(manifest.settings.interactivity?.is_enabled).toBe(true);
    expect(manifest.settings.interactivity?.request_url).toBeTruthy();
  });

  it('asks for commands and chat:write, and for no scope outside the allow-list', () => {
    const scopes = manifest.oauth_config.scopes.bot ?? [];
    expect(scopes).toContain('commands');
    expect(scopes).toContain('chat:write');
    expect(new Set(scopes).size).toBe(scopes.length);
    for (const scope of scopes) expect(Object.keys(ALLOWED_BOT_SCOPES), `scope ${scope}`).toContain(scope);
    expect(manifest.oauth_config.scopes.user ?? []).toEqual([]);
  });

  it('grants the scope of every Web API method the bot calls', () => {
    const scopes = new Set(manifest.oauth_config.scopes.bot ?? []);
    // The sandbox is the simulator's side of the Web API, not calls the bot makes.
    const files = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'commands'))].filter(
      (file) => !relative(ROOT, file).startsWith(join('src', 'sandbox')),
    );
    const called = new Set<string>();
    const family =
      '(?:admin|apps|auth|bookmarks|chat|conversations|dnd|files|pins|reactions|team|usergroups|users|views)';
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(new RegExp(`['"\`](${family}\\.[a-zA-Z.]+)['"\`]`, 'g')))
        called.add(match[1]!);
      for (const match of source.matchAll(new RegExp(`client\\.(${family}(?:\\.[a-zA-Z]+)+)\\(`, 'g')))
        called.add(match[1]!);
    }
    expect(called.size, 'found no Web API calls; has the gateway moved?').toBeGreaterThan(0);
    for (const method of called) {
      expect(Object.keys(METHOD_SCOPES), `add ${method} and its scope to METHOD_SCOPES`).toContain(method);
      const scope = METHOD_SCOPES[method];
      if (scope) expect([...scopes], `${method} needs ${scope}`).toContain(scope);
    }
  });

  it('declares exactly the message shortcuts the bot listens for', () => {
    const shortcuts = manifest.features.shortcuts ?? [];
    const listened = [...read('src/slack/listeners/shortcuts.ts').matchAll(/_CALLBACK = '([a-z_]+)'/g)].map(
      (match) => match[1],
    );
    expect(listened.length).toBeGreaterThan(0);
    expect(shortcuts.map((entry) => entry.callback_id).sort()).toEqual([...listened].sort());
    for (const entry of shortcuts) {
      expect(entry.type).toBe('message');
      expect(entry.name.length).toBeLessThanOrEqual(24);
      expect(entry.description.length).toBeLessThanOrEqual(80);
    }
  });

  it('uses HTTP delivery with a long-lived bot token', () => {
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    // The bot is given one xoxb- token at start-up and never refreshes it; rotated tokens expire after 12 hours.
    expect(manifest.settings.token_rotation_enabled).toBe(false);
    expect(manifest.settings.org_deploy_enabled).toBe(false);
    expect(manifest.features.bot_user?.display_name).toBeTruthy();
  });
});
