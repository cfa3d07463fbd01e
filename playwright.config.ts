import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './tests/support/browser.ts';
import { waitFor } from './tests/support/waits.ts';

export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/support/e2e-setup.ts',
  // Longer on a slow host (waits.ts); a test's own waits are scaled alike.
  ...waitFor(30_000),
  expect: waitFor(5_000),
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  // A run that never ends fails with Playwright's own report well inside CI's 90 minutes.
  globalTimeout: process.env.CI ? 55 * 60_000 : 0,
  reporter: [['list']],
  outputDir: '.cache/test-results',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
    // page.route() does not see what a service worker fetches: the site's worker is tested
    // in offline.spec.ts alone, the other specs run without it.
    serviceWorkers: 'block',
  },
});
