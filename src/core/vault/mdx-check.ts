/**
 * An `.mdx` note is compiled by Astro's MDX integration, which stops the whole build on
 * the first note it cannot read. This finds such a note first, with the place of the
 * problem: frontmatter MDX's reader refuses (broken YAML, a key written twice) or a body
 * that does not compile (unclosed JSX, invalid JavaScript). Such a note is left out.
 */
import { compile } from '@mdx-js/mdx';
import remarkGfm from 'remark-gfm';
import { vaultSyntaxPlugins } from '../markdown/parser.ts';
import { splitFrontmatter } from './frontmatter.ts';

export interface MdxProblem {
  line: number;
  column: number;
  message: string;
}

export async function mdxProblem(source: string): Promise<MdxProblem | undefined> {
  const { readable, issues, body } = splitFrontmatter(source, { uniqueKeys: true });
  if (!readable) return { ...issues[0], message: `MDX cannot read this frontmatter (${issues[0].message})` };
  try {
    // The same syntax extensions as Astro's MDX pipeline (src/shell/mdx.ts), so `$…$` math and
    // `[[links]]` are read the same way; the body keeps its file lines (frontmatter blanked).
    await compile(body, { remarkPlugins: [remarkGfm, ...vaultSyntaxPlugins] });
    return undefined;
  } catch (error) {
    const place = error as { line?: number; column?: number; reason?: string; message: string };
    return { line: place.line ?? 1, column: place.column ?? 1, message: `MDX does not compile: ${place.reason ?? place.message}` };
  }
}
