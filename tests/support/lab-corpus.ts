/**
 * The scenarios the lab is held to: every file of the corpus (tests/lab/corpus) and every
 * note of the sample vault with a ```lab block, each with the folder of its golden
 * transcripts (recorded on PostgreSQL by `npm run lab -- record`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const CORPUS = 'tests/lab/corpus';
const VAULT = 'src/content';
/** Golden transcripts of the sample vault's scenarios (record with --golden-dir tests/lab/vault). */
const VAULT_GOLDEN = 'tests/lab/vault';

export interface LabCorpusFile {
  file: string;
  goldenDir: string;
}

export function labCorpus(): LabCorpusFile[] {
  const corpus = readdirSync(CORPUS)
    .filter((f) => /\.(lab|spec)$/.test(f))
    .map((f) => ({ file: path.join(CORPUS, f), goldenDir: CORPUS }));
  const notes = (readdirSync(VAULT, { recursive: true }) as string[])
    .filter((f) => /\.mdx?$/.test(f) && readFileSync(path.join(VAULT, f), 'utf8').includes('```lab'))
    .map((f) => ({ file: path.join(VAULT, f), goldenDir: path.join(VAULT_GOLDEN, path.dirname(f)) }));
  return [...corpus, ...notes];
}
