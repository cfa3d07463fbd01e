/**
 * Scenarios from files (Node only), for `npm run lab` and the oracle tests: a .spec file is
 * one isolationtester spec, a .lab file one scenario in either format, a note (.md, .mdx)
 * every ```lab block in it. A block that does not parse is returned with its error, so one
 * bad block does not hide the others.
 */
import { readFile } from 'node:fs/promises';
import { parseMarkdown } from '../../core/markdown/parser.ts';
import { noteBody } from '../../core/vault/frontmatter.ts';
import { findLabBlocks } from '../../core/lab/blocks.ts';
import type { LabScenario } from '../../core/lab/scenario.ts';
import { LabSpecError, parseLab } from '../../core/lab/spec-parser.ts';

export interface LoadedScenario {
  file: string;
  /** 1 for a whole file; the opening fence's line for a block in a note. */
  line: number;
  scenario?: LabScenario;
  error?: Pick<LabSpecError, 'message' | 'line'>;
}

export async function loadScenarios(file: string): Promise<LoadedScenario[]> {
  const text = await readFile(file, 'utf8');
  if (/\.mdx?$/i.test(file)) {
    const tree = parseMarkdown(noteBody(text), { mdx: /\.mdx$/i.test(file) });
    return findLabBlocks(tree).map(({ line, scenario, error }) => ({ file, line, scenario, error }));
  }
  try {
    return [{ file, line: 1, scenario: parseLab(text, { format: /\.spec$/i.test(file) ? 'isolationtester' : undefined }) }];
  } catch (error) {
    if (!(error instanceof LabSpecError)) throw error;
    return [{ file, line: 1, error }];
  }
}
