import { WebClient } from '@slack/web-api';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackSimulator, startSlackSimulator } from '../../src/sandbox/slack-simulator.js';
import { launchChromium, SKIP_BROWSER } from '../support/browser.js';

/**
 * The drill page shows attacker-influenced text (alarm descriptions, tags, CloudTrail fields) as text: no markup,
 * no script, no unsafe link, whatever the message holds. And Block Kit renders as Slack would show it.
 */

const TOKEN = 'xoxb-page-safety';
const CHANNEL = 'C0INCIDENTS';

describe.skipIf(SKIP_BROWSER)('the drill page in a browser', () => {
  let sim: SlackSimulator;
  let browser: Browser;
  let page: Page;
  let client: WebClient;
  const errors: string[] = [];

  beforeAll(async () => {
    sim = await startSlackSimulator({ signingSecret: 'page-safety-secret-0123456789', botToken: TOKEN });
    client = new WebClient(TOKEN, { slackApiUrl: sim.url, retryConfig: { retries: 0 } });
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('dialog', (dialog) => {
      errors.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
  });

  afterAll(async () => {
    await browser?.close();
    await sim?.close();
  });

  it('renders hostile message text as text: no element, no handler, no javascript: link', async () => {
    const hostile =
      '<img src=x onerror="window.__pwned=1"> *bold* _it_ `code` <javascript:window.__pwned=2|click me> <https://example.com/a?b=1&amp;c=2|safe link> <@U0ONCALL> &lt;script&gt;window.__pwned=3&lt;/script&gt;';
    await client.chat.postMessage({
      channel: CHANNEL,
      text: hostile,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '<b>Header</b> :rotating_light:' } },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: hostile },
          fields: [
            { type: 'mrkdwn', text: '*Account*\n123456789012' },
            { type: 'plain_text', text: '<i>not italic</i>' },
          ],
        },
        { type: 'image', image_url: 'https://attacker.example/track.png', alt_text: 'graph' },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Action ACT-1 · requested by <@U0ADMIN>' }] },
        { type: 'divider' },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'a',
              text: { type: 'plain_text', text: 'Isolate' },
              style: 'danger',
              value: 'x',
            },
            {
              type: 'button',
              action_id: 'b',
              text: { type: 'plain_text', text: 'Acknowledge' },
              style: 'primary',
            },
          ],
        },
      ],
    });
    await page.goto(`${sim.origin}/`);
    const message = page.getByTestId('message').first();
    await message.waitFor();
    // Runs in the page, where globalThis is its window.
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await message.locator('img').count()).toBe(0);
    expect(await message.locator('script').count()).toBe(0);
    expect(await message.locator('b, i').count()).toBe(0);
    const hrefs = await message
      .locator('a')
      .evaluateAll((links) => links.map((a) => (a as unknown as { href: string }).href));
    expect(hrefs).toEqual(['https://example.com/a?b=1&c=2']);
    expect(await message.locator('a').first().getAttribute('rel')).toBe('noopener noreferrer');
    const text = await message.textContent();
    // Slack reads <…> as a link; this one is not a URL, so it is shown as its text.
    expect(text).toContain('img src=x onerror="window.__pwned=1"');
    expect(text).toContain('<script>window.__pwned=3</script>');
    expect(text).toContain('<b>Header</b> 🚨');
    expect(text).toContain('@oncall');
    expect(text).toContain('[image: graph — https://attacker.example/track.png]');
    expect(await message.locator('strong', { hasText: 'bold' }).count()).toBe(1);
    expect(await message.locator('em', { hasText: 'it' }).count()).toBe(1);
    expect(await message.locator('code', { hasText: 'code' }).count()).toBe(1);
    expect(await message.locator('button.danger', { hasText: 'Isolate' }).count()).toBe(1);
    expect(await message.locator('button.primary', { hasText: 'Acknowledge' }).count()).toBe(1);
    expect(await message.locator('hr').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('shows an update to a message in place, marked edited, and replies behind a thread link', async () => {
    const { ts } = await client.chat.postMessage({ channel: CHANNEL, text: 'Isolating…' });
    await client.chat.postMessage({ channel: CHANNEL, thread_ts: ts!, text: 'step 1 done' });
    await client.chat.update({ channel: CHANNEL, ts: ts!, text: 'Isolated' });
    const message = page.locator(`[data-testid=message][data-ts="${ts}"]`);
    await message.locator('.edited').waitFor();
    expect(await message.textContent()).toContain('Isolated');
    await message.getByTestId('replies').click();
    await page.getByTestId('thread-messages').getByText('step 1 done').waitFor();
  });

  it('opens a modal with inputs and shows ephemerals only to their person', async () => {
    await client.chat.postEphemeral({ channel: CHANNEL, user: 'U0ADMIN', text: 'for the admin only' });
    await client.views.open({
      trigger_id: sim.triggerId({ user: 'U0ONCALL' }),
      view: {
        type: 'modal',
        title: { type: 'plain_text', text: 'Close INC-1' },
        submit: { type: 'plain_text', text: 'Close and report' },
        blocks: [
          {
            type: 'input',
            block_id: 'resolution',
            label: { type: 'plain_text', text: 'Resolution' },
            element: {
              type: 'static_select',
              action_id: 'value',
              options: [{ text: { type: 'plain_text', text: 'Resolved' }, value: 'resolved' }],
            },
          },
          {
            type: 'input',
            block_id: 'checks',
            label: { type: 'plain_text', text: 'Done' },
            element: {
              type: 'checkboxes',
              action_id: 'checked',
              options: [{ text: { type: 'plain_text', text: 'Keys rotated' }, value: 'rotated' }],
            },
          },
        ],
      },
    });
    const modal = page.getByTestId('modal');
    await modal.getByText('Close INC-1').waitFor();
    expect(await modal.locator('select option').allTextContents()).toContain('Resolved');
    expect(await modal.getByLabel('Keys rotated').count()).toBe(1);
    expect(await page.getByTestId('messages').textContent()).not.toContain('for the admin only');
    await page.getByTestId('modal-close').click();
    await page.locator('#modal-overlay').waitFor({ state: 'hidden' });
    await page.getByTestId('viewer').selectOption('U0ADMIN');
    await page.getByTestId('ephemeral').getByText('for the admin only').waitFor();
  });
});
