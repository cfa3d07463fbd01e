/**
 * Astro writes an empty page and exits 0 when a page throws while rendering. Every HTML
 * file of the output must be a complete document, or the build fails and names them.
 * A build that fails outright (Astro exits non-zero) may have written empty pages before
 * it stopped: `npm run build` removes those, so no host ever serves one.
 */
import type { AstroIntegrationLogger } from 'astro';
import { open, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

const TAIL_BYTES = 64;

async function endsLikeADocument(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const buffer = Buffer.alloc(Math.min(TAIL_BYTES, size));
    await handle.read(buffer, 0, buffer.length, size - buffer.length);
    return /<\/html>\s*$/i.test(buffer.toString('utf8'));
  } finally {
    await handle.close();
  }
}

export async function checkBuiltPages(outDir: string, logger: AstroIntegrationLogger): Promise<void> {
  const entries = await readdir(outDir, { recursive: true });
  const pages = entries.filter((e) => e.endsWith('.html') && !e.startsWith('pagefind'));
  const broken: string[] = [];
  for (const page of pages) if (!(await endsLikeADocument(path.join(outDir, page)))) broken.push(page);
  if (broken.length > 0) {
    for (const page of broken) logger.error(`incomplete page: ${page}`);
    throw new Error(`${broken.length} page(s) were written empty or cut short; see the errors above.`);
  }
}

/** Removes the empty `.html` files a failed build left in `outDir`; returns their paths. */
export async function removeEmptyPages(outDir: string): Promise<string[]> {
  const entries = await readdir(outDir, { recursive: true }).catch(() => [] as string[]);
  const empty: string[] = [];
  for (const entry of entries.filter((e) => e.endsWith('.html'))) {
    const file = path.join(outDir, entry);
    if ((await stat(file)).size === 0) {
      await rm(file);
      empty.push(entry);
    }
  }
  return empty;
}
