import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRILL_IDS } from '../../src/drill/seed-ids.js';
import { type BotProcess, startBot } from '../support/bot-process.js';
import { launchChromium, SKIP_BROWSER } from '../support/browser.js';

/**
 * The whole drill from the page alone, in Debian's Chromium: the bot runs as `npm start` runs it with nothing
 * configured (drill mode, simulated Slack and AWS), and every step is a click or a typed command.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const ARTIFACTS = join(ROOT, 'test/artifacts');
const WEB = DRILL_IDS.instances.web;
const MALLORY_KEY = DRILL_IDS.accessKeys.mallory;
const STEP_MS = 30_000;

/** Polls a locator's text until it matches: the page itself polls the simulator every half second. */
async function waitForText(locator: Locator, expected: string | RegExp, timeout = STEP_MS): Promise<string> {
  const deadline = Date.now() + timeout;
  let last = '';
  for (;;) {
    // innerText, not textContent: what a person sees (hidden elements, such as a closed modal, read as empty).
    // biome-ignore lint/performance/useDomNodeTextContent: see above.
    last = (await locator.innerText().catch(() => '')) ?? '';
    if (typeof expected === 'string' ? last.includes(expected) : expected.test(last)) return last;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${String(expected)}; last text:\n${last.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** After a confirmed action the bot leaves a result in the modal; a person reads it and closes the modal. */
async function closeModalIfOpen(page: Page): Promise<void> {
  const close = page.getByTestId('modal-close');
  if (await close.isVisible()) await close.click();
  await page.locator('#modal-overlay').waitFor({ state: 'hidden', timeout: STEP_MS });
}

async function typeCommand(page: Page, text: string): Promise<void> {
  await page.getByTestId('composer-input').fill(text);
  await page.getByTestId('composer-input').press('Enter');
}

describe.skipIf(SKIP_BROWSER)('a drill in the browser', () => {
  let bot: BotProcess;
  let browser: Browser;
  let page: Page;
  let runbooks: string;
  const pageErrors: string[] = [];

  const card = () =>
    page.getByTestId('messages').locator('[data-testid=message]', { hasText: 'drill-web-high-cpu' }).first();
  const modal = () => page.getByTestId('modal');
  const all = () => page.locator('main');

  beforeAll(async () => {
    runbooks = mkdtempSync(join(tmpdir(), 'firebreak-drill-runbooks-'));
    // No Slack settings at all: what `npm start` does on a fresh machine.
    bot = await startBot({ RUNBOOKS_DIR: runbooks, LOG_LEVEL: 'info' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(`${bot.url}/`);
  });

  afterAll(async () => {
    if (page) {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'drill-final.png') }).catch(() => {});
    }
    // The bot's own log of the run, next to the screenshot, for whoever reads a failure.
    if (bot) writeFileSync(join(ARTIFACTS, 'drill-bot.log'), bot.output());
    await browser?.close();
    await bot?.stop();
    if (runbooks) rmSync(runbooks, { recursive: true, force: true });
  });

  it('shows the drill banner and the mode', async () => {
    await waitForText(page.getByTestId('banner'), 'DRILL — simulated account');
    await waitForText(page.getByTestId('banner'), 'mode drill');
    const ready = (await (await fetch(`${bot.url}/readyz`)).json()) as { mode: string };
    expect(ready.mode).toBe('drill');
  });

  it('1. fires an alarm and shows the incident card', async () => {
    await page.getByTestId('alarm-high-cpu').click();
    const text = await waitForText(card(), WEB);
    expect(text).toContain('SEV');
    expect(text).toContain('DRILL — simulated account');
    await card()
      .getByRole('button', { name: `Isolate ${WEB}` })
      .waitFor();
  });

  it('2. isolates the instance (preview, confirm) and shows the live checklist', async () => {
    await card()
      .getByRole('button', { name: `Isolate ${WEB}` })
      .click();
    await waitForText(modal(), 'Isolate now');
    expect(await modal().textContent()).toContain(WEB);
    await modal().getByRole('button', { name: 'Isolate now' }).click();
    await waitForText(page.getByTestId('confirm'), `Isolate ${WEB}?`);
    await page.getByTestId('confirm-ok').click();
    await waitForText(modal(), /^(?![\s\S]*Isolate now)/);
    await closeModalIfOpen(page);
    await card().getByTestId('replies').click({ timeout: STEP_MS });
    const thread = await waitForText(page.getByTestId('thread-messages'), /Isolate .*i-0web\S* — held/);
    expect(thread).toContain('✅');
    expect(thread).not.toContain('❌');
  });

  it('3. runs /ir trail and shows the flagged events', async () => {
    await typeCommand(page, '/ir trail user=mallory inc=INC-1');
    const text = await waitForText(all(), 'StopLogging', 45_000);
    expect(text).toContain('AttachUserPolicy');
    expect(text).toContain('ConsoleLogin');
  });

  it("4. revokes the intruder's key", async () => {
    await card().getByRole('button', { name: 'Revoke credentials…' }).click();
    await waitForText(modal(), 'User, role, role ARN or access key id');
    await modal().locator('input').first().fill(MALLORY_KEY);
    await modal().getByTestId('modal-submit').click();
    await waitForText(modal(), 'Revoke now');
    await modal().getByRole('button', { name: 'Revoke now' }).click();
    await page.getByTestId('confirm-ok').click();
    await waitForText(modal(), /^(?![\s\S]*Revoke now)/);
    await closeModalIfOpen(page);
    await card().getByTestId('replies').click();
    await waitForText(page.getByTestId('thread-messages'), /Revoke .*— held/);
  });

  it('adds a message from the thread to the timeline with the "Add to timeline" shortcut', async () => {
    await page.locator('#thread-input').fill('I saw mallory sign in from 203.0.113.66 without MFA');
    await page.locator('#thread-input').press('Enter');
    const reply = page
      .getByTestId('thread-messages')
      .locator('[data-testid=message]', { hasText: 'I saw mallory sign in from 203.0.113.66' })
      .first();
    await reply.waitFor({ timeout: STEP_MS });
    await reply.hover();
    await reply.getByTestId('shortcuts').selectOption({ label: 'Add to timeline' });
    await waitForText(all(), "Added to INC-1's timeline.");
  });

  it('5. adds a follow-up and closes the incident', async () => {
    await typeCommand(page, '/ir followup add Rotate the key mallory created for ci-deployer inc=INC-1');
    await waitForText(all(), 'Rotate the key mallory created for ci-deployer');
    await typeCommand(page, '/ir close inc=INC-1');
    await waitForText(modal(), 'Resolution');
    await modal().locator('select').first().selectOption({ index: 1 });
    await modal()
      .locator('textarea')
      .first()
      .fill('Drill: mallory signed in without MFA, escalated and opened SSH; contained.');
    await modal().getByTestId('modal-submit').click();
    await waitForText(card(), 'Closed');
  });

  it('6. opens the generated report (drills go to incidents/drills/)', async () => {
    const drills = join(runbooks, 'incidents', 'drills');
    let files: string[] = [];
    const deadline = Date.now() + STEP_MS;
    while (files.length === 0 && Date.now() < deadline) {
      files = (() => {
        try {
          return readdirSync(drills).filter((name) => name.endsWith('.md'));
        } catch {
          return [];
        }
      })();
      if (files.length === 0) await new Promise((r) => setTimeout(r, 250));
    }
    expect(files.length, `no report in ${drills}`).toBeGreaterThan(0);
    const onDisk = readFileSync(join(drills, files[0]!), 'utf8');
    expect(onDisk).toContain('INC-1');
    // The report as the page offers it: a shared file, downloaded through the simulator.
    const link = page
      .getByTestId('file')
      .locator('a', { hasText: /\.md|report/i })
      .first();
    await link.waitFor({ timeout: STEP_MS });
    const href = await link.getAttribute('href');
    const download = await page.request.get(new URL(href!, `${bot.url}/`).toString());
    expect(download.status()).toBe(200);
    const shared = await download.text();
    expect(shared).toContain('INC-1');
    // A drill's report says so, and that its AWS was simulated.
    expect(shared).toMatch(/drill/i);
    expect(shared).toMatch(/simulated/i);
    expect(shared).toBe(readFileSync(join(drills, files[0]!), 'utf8'));
    // The final state for the screenshot: the close result read and dismissed, the report in the thread.
    await closeModalIfOpen(page);
    await link.scrollIntoViewIfNeeded();
  });

  it('ran without a script error or a Content-Security-Policy violation', () => {
    expect(pageErrors).toEqual([]);
  });
});
