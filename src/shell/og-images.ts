/**
 * The social images of a build: one card per note and one for the site's other pages,
 * drawn once per content (the card's key hashes what it shows) into a cache outside the
 * output and the vault, and copied into the site. An unchanged note is not drawn again;
 * a big batch of new cards is drawn on all cores.
 */
import { constants, existsSync } from 'node:fs';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Piscina } from 'piscina';
import { noteCard, ogCardKey, OG_DIR, siteCard, type OgCard } from '../core/site/og-card.ts';
import type { Site } from '../core/site/model.ts';

/** Below the project root: node_modules/.cache is where tools keep what can be thrown away. */
export const OG_CACHE_DIR = 'node_modules/.cache/vault-kb/og';

/** Cards per task: a thread's start-up (fonts, satori's WebAssembly) is paid once per thread, not per card. */
const CARDS_PER_TASK = 25;
/** Fewer new cards than this are drawn here: a thread's start-up costs about as much as drawing them. */
const MIN_CARDS_FOR_THREADS = 60;

const WORKER = new URL('../node/workers/og-worker.ts', import.meta.url).href;

/** Every card the site's pages link (see Layout.astro), once each. */
export function siteCards(site: Site, siteName: string): OgCard[] {
  const cards = new Map<string, OgCard>();
  for (const card of [siteCard(siteName), ...site.notes.map((note) => noteCard(note, siteName))]) cards.set(ogCardKey(card), card);
  return [...cards.values()];
}

async function draw(cards: OgCard[], cacheDir: string): Promise<void> {
  const threads = Math.min(Number(process.env.VAULT_KB_THREADS) || os.availableParallelism(), Math.ceil(cards.length / CARDS_PER_TASK));
  if (cards.length < MIN_CARDS_FOR_THREADS || threads < 2) {
    const { drawCardsInto } = await import('../node/render/og-image.ts');
    return drawCardsInto({ cards, cacheDir });
  }
  const pool = new Piscina({ filename: WORKER, minThreads: threads, maxThreads: threads });
  try {
    const tasks: Promise<void>[] = [];
    for (let i = 0; i < cards.length; i += CARDS_PER_TASK) tasks.push(pool.run({ cards: cards.slice(i, i + CARDS_PER_TASK), cacheDir }));
    await Promise.all(tasks);
  } finally {
    await pool.destroy();
  }
}

/** Dev: the cached drawing of the card served at `slug` (below the base), drawn on first request; undefined if no page links it. */
export async function ogImageFile(cards: OgCard[], slug: string, cacheDir: string): Promise<string | undefined> {
  const card = cards.find((c) => `${OG_DIR}/${ogCardKey(c)}.png` === slug);
  if (!card) return undefined;
  const file = path.join(cacheDir, `${ogCardKey(card)}.png`);
  if (!existsSync(file)) {
    await mkdir(cacheDir, { recursive: true });
    await draw([card], cacheDir);
  }
  return file;
}

/** Draws the cards not in the cache, then copies every card into `outDir`; returns how many were drawn. */
export async function writeOgImages(cards: OgCard[], cacheDir: string, outDir: string): Promise<{ drawn: number; total: number }> {
  await mkdir(cacheDir, { recursive: true });
  const cached = new Set(await readdir(cacheDir));
  const missing = cards.filter((card) => !cached.has(`${ogCardKey(card)}.png`));
  await draw(missing, cacheDir);
  const target = path.join(outDir, OG_DIR);
  await mkdir(target, { recursive: true });
  // COPYFILE_EXCL: `_vault` is the site's own folder; nothing else may have written there.
  await Promise.all(cards.map((card) => copyFile(path.join(cacheDir, `${ogCardKey(card)}.png`), path.join(target, `${ogCardKey(card)}.png`), constants.COPYFILE_EXCL)));
  return { drawn: missing.length, total: cards.length };
}

/** What a build hands over for drawing: every card, the cache, and the site's folder. */
export interface OgJob {
  cards: OgCard[];
  cacheDir: string;
  outDir: string;
}

export async function runOgJob(job: OgJob, logger: { info(message: string): void }): Promise<void> {
  const started = performance.now();
  const { drawn, total } = await writeOgImages(job.cards, job.cacheDir, job.outDir);
  logger.info(`social images: ${total} (${drawn} drawn, ${total - drawn} from the cache) in ${Math.round(performance.now() - started)} ms`);
}
