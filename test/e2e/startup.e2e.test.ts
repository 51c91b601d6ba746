import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSlackSimulator } from '../../src/sandbox/slack-simulator.js';
import { startBot } from '../support/bot-process.js';

const ROOT = resolve(import.meta.dirname, '../..');

function runMain(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('start-up and shutdown', () => {
  it('says in one line what to set when Slack is not configured, and exits non-zero', () => {
    const result = runMain({});
    expect(result.status).toBe(78);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and FIREBREAK_CHANNEL/);
    expect(result.stdout).toBe('');
  });

  it('names the bad variable in one line, with no stack trace and no secret', () => {
    const secret = 'a-very-secret-signing-secret-value';
    const result = runMain({
      SLACK_BOT_TOKEN: 'xoxb-t',
      SLACK_SIGNING_SECRET: secret,
      FIREBREAK_CHANNEL: 'general',
    });
    expect(result.status).toBe(78);
    expect(result.stderr.trim()).toBe(
      'firebreak: FIREBREAK_CHANNEL must be a Slack channel id such as C0123ABCDEF.',
    );
    expect(result.stderr).not.toContain(secret);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('logs that the in-memory store is in use, and stops cleanly on SIGTERM', async () => {
    const slack = await startSlackSimulator({
      signingSecret: 'startup-secret-0123456789',
      botToken: 'xoxb-startup',
    });
    const bot = await startBot({
      SLACK_BOT_TOKEN: 'xoxb-startup',
      SLACK_SIGNING_SECRET: 'startup-secret-0123456789',
      SLACK_API_URL: slack.url,
      FIREBREAK_CHANNEL: 'C0INCIDENTS',
    });
    try {
      expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);
      expect(await bot.stop('SIGTERM')).toBe(0);
      const messages = bot.logLines().map((line) => String(line.msg));
      expect(messages.some((msg) => msg.includes('in-memory store'))).toBe(true);
      expect(messages).toContain('stopped');
    } finally {
      await bot.stop('SIGKILL');
      await slack.close();
    }
  });
});
