/**
 * The SQL runner's speed (`npm run bench:sql`), in Chromium on a local static server:
 * click to first result on a cold cache, on a warm cache, and after prewarming; the round
 * trip of a trivial block once the database is up; and `npm run check`'s SQL throughput on
 * the 1,000-note synthetic vault. Budgets: cold ≤ 1.5 s, prewarmed ≤ 150 ms, round trip
 * ≤ 20 ms, check ≥ 20 notes per second.
 */
import { chromium, type Page } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, findChromium } from '../tests/support/browser.ts';
import { serveStatic } from '../tests/support/static-server.ts';
import { writeVault } from './generate-vault.ts';
import { clickToDone, ms, npmScript, OUT, projectEnv, ROOT, table, verdict } from './lib.ts';

const SITE = path.join(OUT, 'builds/sql-site');
const TRIALS = 5;
const ROUND_TRIPS = 30;
/** The playground's first visible block (an INSERT; its folded setup block runs first). */
const FIRST = 1;
/** A one-statement SELECT further down. */
const TRIVIAL = 3;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Milliseconds from clicking Run on block `id` until it has a result. */
const clickToResult = (page: Page, id: number) => clickToDone(page, `.sql-block[data-sql-block="${id}"]`);

export async function runSqlBench(): Promise<string> {
  execFileSync('node', ['src/cli/build.ts', '--outDir', SITE], {
    cwd: ROOT,
    env: projectEnv({ VAULT_DIR: path.join(ROOT, 'tests/fixtures/vault') }),
    stdio: 'ignore',
  });
  const server = await serveStatic(SITE, '/');
  const url = `${server.url}sql-playground/`;
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  const cold: number[] = [];
  const warm: number[] = [];
  const prewarmed: number[] = [];
  const trips: number[] = [];
  try {
    for (let i = 0; i < TRIALS; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(url);
      cold.push(await clickToResult(page, FIRST));
      await page.reload();
      warm.push(await clickToResult(page, FIRST));
      await page.reload();
      await page.locator('.sql-block').first().scrollIntoViewIfNeeded();
      await page.waitForTimeout(4000);
      prewarmed.push(await clickToResult(page, FIRST));
      if (i === 0) {
        await clickToResult(page, TRIVIAL);
        for (let k = 0; k < ROUND_TRIPS; k++) trips.push(await clickToResult(page, TRIVIAL));
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }

  const vault = path.join(OUT, 'vault-1000');
  if (!existsSync(vault)) writeVault(vault, 1000);
  // The synthetic notes' SQL refers to tables they never create: check exits 1, and is timed all the same.
  const check = spawnSync(...npmScript('check', '--vault', vault), { cwd: ROOT, env: projectEnv(), encoding: 'utf8', maxBuffer: 64 * 2 ** 20 })
    .stdout.split('\n')
    .findLast((l) => l.includes('notes/s'));
  const rate = Number(/(\d+) notes\/s/.exec(check ?? '')?.[1] ?? 0);

  return table(
    ['measure', `median of ${TRIALS}`, 'range', 'budget', 'result'],
    [
      ['click to first result, cold cache', ms(median(cold)), `${ms(Math.min(...cold))}–${ms(Math.max(...cold))}`, '≤ 1500 ms', verdict(median(cold) <= 1500)],
      ['click to first result, warm cache', ms(median(warm)), `${ms(Math.min(...warm))}–${ms(Math.max(...warm))}`, '—', ''],
      ['click to first result, prewarmed', ms(median(prewarmed)), `${ms(Math.min(...prewarmed))}–${ms(Math.max(...prewarmed))}`, '≤ 150 ms', verdict(median(prewarmed) <= 150)],
      [`round trip of a one-statement block (${ROUND_TRIPS} runs)`, ms(median(trips)), `${ms(Math.min(...trips))}–${ms(Math.max(...trips))}`, '≤ 20 ms', verdict(median(trips) <= 20)],
      ['`npm run check` SQL, 1,000-note vault', `${rate} notes/s`, '', '≥ 20 notes/s', verdict(rate >= 20)],
    ],
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await runSqlBench());
