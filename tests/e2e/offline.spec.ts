/**
 * The service worker (src/core/site/service-worker.ts), in Chromium: after one page ran SQL,
 * a second page starts PostgreSQL as it opens, with no PostgreSQL file from the network; a link
 * followed from a page that ran SQL hands the next page a started database that ran nothing
 * (src/scripts/sql/carried-database.ts); a page visited
 * once opens and runs offline; a rebuilt site (a new worker version, a changed page) is
 * picked up on the next visit, its older cache deleted; pages are never served stale.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { sqlStrings } from '../../src/components/i18n.ts';
import { serviceWorkerSource } from '../../src/core/site/service-worker.ts';
import { PROJECT_ROOT } from '../support/build.ts';
import { serveStatic } from '../support/static-server.ts';
import { block, followLink, run, sqlWorkers } from '../support/sql-page.ts';
import { waitFor } from '../support/waits.ts';

test.use({ serviceWorkers: 'allow' });

/** PGlite's WebAssembly and file bundle, and the data directory (not Python's files, which a Python block in view may prewarm). */
const PGLITE_FILE = /\/pglite[^/]*\.(?:wasm|data)$|datadir\.tar\.gz$/;
const sample = (slug: string) => `${process.env.SAMPLE_URL}${slug}/`;

/** Until the worker controls the page (it claims it on activation). */
async function controlled(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, waitFor(15_000));
}

test('a second page starts PostgreSQL with no PostgreSQL file from the network', async ({ page, context }) => {
  await page.goto(sample('один-к-одному'));
  await controlled(page);
  await expect(await run(page, 0)).toHaveAttribute('data-state', /ok|failed-as-expected/);

  const fromNetwork: string[] = [];
  // The worker's own fetches are the ones that reach the network.
  context.on('request', (request) => {
    if (request.serviceWorker() && PGLITE_FILE.test(request.url())) fromNetwork.push(request.url());
  });
  const served: string[] = [];
  page.on('response', (response) => {
    if (PGLITE_FILE.test(response.url()) && response.fromServiceWorker()) served.push(response.url());
  });
  // The page's clock stands still, so no block seen for 1.5 s starts PostgreSQL: the page
  // itself starts it as it opens, having found its files in the worker's cache, before any click.
  await page.clock.install();
  await page.clock.pauseAt(Date.now() + 1000);
  await page.goto(sample('один-ко-многим'));
  // The database's files did come: from the worker's cache.
  await expect.poll(() => served.some((url) => url.endsWith('.wasm')), waitFor(15_000)).toBe(true);
  await page.clock.resume();
  const started = Date.now();
  await expect(await run(page, 0)).toHaveAttribute('data-state', /ok|failed-as-expected/);
  test.info().annotations.push({ type: 'second page, click to result (ms)', description: String(Date.now() - started) });
  expect(fromNetwork).toEqual([]);
});

test('a link from a page that ran SQL (and was reset) hands the next page a started database, fresh, with no PostgreSQL file from the network', async ({ page, context }) => {
  const live = sqlWorkers(page);
  await page.clock.install();
  // No Python blocks and no lab on this note: it may keep a database for the next page.
  await page.goto(sample('каскадное-удаление'));
  await controlled(page);
  // Its setup block runs first: the database now has a table users; after Reset, again.
  await expect(await run(page, 1)).toHaveAttribute('data-state', 'ok');
  await page.locator('.sql-reset').click();
  await expect(await run(page, 1)).toHaveAttribute('data-state', 'ok');
  // The page's database, its spare worker (loaded, not started), and the one started for the next page.
  await expect.poll(() => live.size, waitFor(15_000)).toBe(3);
  const pageOne = [...live];

  const fromNetwork: string[] = [];
  context.on('request', (request) => {
    if (request.serviceWorker() && PGLITE_FILE.test(request.url())) fromNetwork.push(request.url());
  });
  // The page's clock stands still from here, so no Python block in view prewarms a database of its own.
  await page.clock.pauseAt(Date.now() + 1000);
  await followLink(page, page.locator('.note-content').getByRole('link', { name: 'Один к одному', exact: true }).first());
  await expect(page.locator('h1.note-title')).toHaveText('Один к одному');
  // Its first block creates users: a database that ran page one's blocks would refuse.
  const first = block(page, 0);
  await expect(first).toContainText('CREATE TABLE users');
  await expect(await run(page, 0)).toHaveAttribute('data-state', 'ok');
  // Page one's own workers ended; the one that lives on is the started database this page runs on,
  // its only SQL worker (a page whose Python blocks can run keeps no spare).
  expect([...live]).toHaveLength(1);
  expect(pageOne).toContain([...live][0]);
  expect(fromNetwork).toEqual([]);
});

test('a page visited once opens and runs offline', async ({ page, context }) => {
  await page.goto(sample('один-к-одному'));
  await controlled(page);
  await expect(await run(page, 0)).toHaveAttribute('data-state', /ok|failed-as-expected/);
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('h1.note-title')).toHaveText('Один к одному');
  // Its script, styles and PostgreSQL came from the cache.
  await expect(page.locator('.code-header').first()).toBeVisible();
  const block = await run(page, 1);
  await expect(block).toHaveAttribute('data-state', /ok|failed-as-expected/);
  await expect(block.locator('.sql-summary')).not.toContainText('PostgreSQL (');
});

test('offline, a runner module the service worker does not keep ends the run with the download problem, and online again the block runs', async ({ page, context }) => {
  await page.goto(sample('один-к-одному'));
  await controlled(page);
  await expect(await run(page, 0)).toHaveAttribute('data-state', /ok|failed-as-expected/);
  // As when the module came from the network before the worker controlled the page.
  const removed = await page.evaluate(async () => {
    let gone = 0;
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) if (/\/results-view[^/]*\.js$/.test(request.url) && (await cache.delete(request))) gone++;
    }
    return gone;
  });
  expect(removed).toBe(1);
  await context.setOffline(true);
  await page.reload();
  // The chain (block 0, then 1) stops at the first block; the one asked for says why.
  const asked = await run(page, 1);
  await expect(asked).toContainText(sqlStrings('ru').downloadFailed.split(' (')[0]);
  await context.setOffline(false);
  await expect(await run(page, 1)).toHaveAttribute('data-state', 'ok');
});

test('a rebuilt site is picked up: the new worker, the changed page, the old cache gone', async ({ page }) => {
  const copy = path.join(PROJECT_ROOT, '.cache/e2e-sw-copy');
  rmSync(copy, { recursive: true, force: true });
  cpSync(path.join(PROJECT_ROOT, '.cache/e2e/sample_url'), copy, { recursive: true });
  const server = await serveStatic(copy, '/');
  try {
    const version = () => page.evaluate(() => new Promise<string>((resolve) => {
      navigator.serviceWorker.addEventListener('message', (event) => resolve(event.data.version), { once: true });
      navigator.serviceWorker.controller!.postMessage({ type: 'version' });
    }));
    const note = `${server.url}${encodeURI('один-к-одному')}/`;
    await page.goto(note);
    await controlled(page);
    const first = await version();
    expect(await page.evaluate(() => caches.keys())).toEqual([`vault-kb-${first}`]);

    // A rebuild: a page's text changed, and with it the worker's version.
    const html = path.join(copy, 'один-к-одному/index.html');
    writeFileSync(html, readFileSync(html, 'utf8').replace('Один к одному</h1>', 'Один к одному (новое)</h1>'));
    writeFileSync(path.join(copy, 'sw.js'), serviceWorkerSource('rebuilt0000000000'));
    // The page is never stale: the network answers first.
    await page.reload();
    await expect(page.locator('h1.note-title')).toHaveText('Один к одному (новое)');
    await expect.poll(version, waitFor(15_000)).toBe('rebuilt0000000000');
    // The next visit is kept in the new cache; the old one is gone.
    await page.reload();
    await expect.poll(() => page.evaluate(() => caches.keys())).toEqual(['vault-kb-rebuilt0000000000']);
  } finally {
    await server.close();
    rmSync(copy, { recursive: true, force: true });
  }
});

test('under a base path the worker is registered for that path and keeps its files, and a link carries a started database', async ({ page, context }) => {
  const live = sqlWorkers(page);
  await page.goto(`${process.env.FIXTURE_KB_URL}sql-playground/`);
  await controlled(page);
  const registration = await page.evaluate(async () => {
    const r = (await navigator.serviceWorker.getRegistration())!;
    return { scope: new URL(r.scope).pathname, script: new URL(r.active!.scriptURL).pathname };
  });
  expect(registration).toEqual({ scope: '/kb/', script: '/kb/sw.js' });
  // Its setup block creates users.
  await expect(await run(page, 2)).toHaveAttribute('data-state', 'ok');
  // The page's database, its spare, and the one started for the next page.
  await expect.poll(() => live.size, waitFor(15_000)).toBe(3);
  const pageOne = [...live];
  // The playground links to no other note: the link a note would have.
  await page.evaluate(() => document.querySelector('.note-content')!.prepend(Object.assign(document.createElement('a'), { href: '/kb/один-к-одному/', textContent: 'next note' })));
  await followLink(page, page.getByRole('link', { name: 'next note' }));
  // This page's first block creates users too: it runs on the carried database, which ran nothing.
  await expect(await run(page, 0)).toHaveAttribute('data-state', 'ok');
  expect(pageOne.filter((worker) => live.has(worker))).toHaveLength(1);
  await context.setOffline(true);
  await page.reload();
  await expect(await run(page, 0)).toHaveAttribute('data-state', 'ok');
});
