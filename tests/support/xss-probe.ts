/**
 * Counts which placements of the hostile vault run on a built site, phase by phase, without
 * failing at the first: the figure in docs/reliability.md. The XSS suite (tests/e2e/xss.spec.ts)
 * is what CI runs; this is for measuring a build made without the protections.
 *
 *   node tests/support/xss-probe.ts <built site dir>
 */
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './browser.ts';
import { PLACEMENTS } from './xss-vault.ts';
import { serveStatic } from './static-server.ts';

const server = await serveStatic(process.argv[2], '/');
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
const page = await browser.newPage();
await page.addInitScript(() => ((window as unknown as { __xss: string[] }).__xss = []));
const ran = new Map<string, Set<string>>();
const collect = async (phase: string) => {
  const ids = await page.evaluate(() => (window as unknown as { __xss: string[] }).__xss).catch(() => []);
  for (const id of ids) ran.set(id, (ran.get(id) ?? new Set()).add(phase));
};

await page.goto(`${server.url}notes/`);
const hrefs = await page.locator('main a[href]').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
for (const url of [...new Set(hrefs)].filter((h) => !/\/(?:tags|graph|notes)\//.test(new URL(h).pathname))) {
  await page.goto(url);
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await collect('load');
  for (const target of await page.locator('main .hover-me').all()) await target.hover({ timeout: 1_000 }).catch(() => undefined);
  await collect('hover');
  for (const link of (await page.locator('main a.internal[data-slug]').all()).slice(0, 6)) {
    await link.hover({ timeout: 1_000 }).catch(() => undefined);
    await page.locator('aside.link-preview .link-preview-title').waitFor({ timeout: 2_000 }).catch(() => undefined);
  }
  await collect('preview');
  for (const link of await page.locator('main a[href*="script:" i]').all()) await link.click({ timeout: 1_000 }).catch(() => undefined);
  await collect('click');
}
console.log(`${ran.size} of ${PLACEMENTS.length} placements ran`);
for (const [id, phases] of [...ran].sort()) console.log(`  ${id}: ${[...phases].join(', ')}`);
console.log(`did not run: ${PLACEMENTS.filter((p) => !ran.has(p)).join(' ')}`);
await browser.close();
await server.close();
