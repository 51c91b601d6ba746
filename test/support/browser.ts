import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (which downloads no browser). A missing Chromium fails the test with
 * what to do; only FIREBREAK_SKIP_BROWSER=1 skips it, and says so.
 */
export const CHROMIUM_PATH = process.env.FIREBREAK_CHROMIUM ?? '/usr/bin/chromium';
export const SKIP_BROWSER = process.env.FIREBREAK_SKIP_BROWSER === '1';

if (SKIP_BROWSER) {
  process.stderr.write('FIREBREAK_SKIP_BROWSER=1: the browser tests are skipped on request.\n');
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}. Install Debian's "chromium" package (.ci/run does), point FIREBREAK_CHROMIUM at another Chromium, or set FIREBREAK_SKIP_BROWSER=1 to skip the browser tests on purpose.`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // No sandbox (CI runs as root in containers), and nothing that talks to Google or updates itself.
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-default-apps',
      '--disable-sync',
      '--disable-domain-reliability',
      '--disable-client-side-phishing-detection',
      '--disable-breakpad',
      '--metrics-recording-only',
      '--no-first-run',
      '--no-default-browser-check',
      '--no-pings',
      '--disable-dev-shm-usage',
    ],
  });
}
