/**
 * Astro writes an empty page and exits 0 when a page throws while rendering. Every HTML
 * file of the output must be a complete document, or the build fails and names them.
 */
import type { AstroIntegrationLogger } from 'astro';
import { open, readdir } from 'node:fs/promises';
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
