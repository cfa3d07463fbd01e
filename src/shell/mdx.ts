/**
 * `.mdx` notes are compiled by Astro's MDX integration; this gives that compiler the same
 * syntax extensions and transforms as `.md` notes (wikilinks, embeds, tags, callouts, ids,
 * math, Shiki), resolving links against the same site model.
 */
import path from 'node:path';
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { unified } from '@astrojs/markdown-remark';
import { vaultSyntaxPlugins } from '../core/markdown/parser.ts';
import { rehypeMdxPlugins } from '../core/render/html.ts';
import { transformParsedTree } from '../core/render/render-note.ts';
import { getConfig, getSite } from './site-store.ts';
import { siteRenderContext } from '../core/render/site-context.ts';

function remarkVaultNote() {
  return async (tree: Root, file: VFile) => {
    if (!file.path) return;
    const rel = path.relative(getConfig().vaultDir, file.path).split(path.sep).join('/');
    if (rel.startsWith('..')) return;
    const site = await getSite();
    const note = site.index.get(rel);
    if (!note?.isNote) return;
    transformParsedTree(tree, note, String(file.value), siteRenderContext(site));
  };
}

export function mdxProcessor() {
  return unified({
    remarkPlugins: [...vaultSyntaxPlugins, remarkVaultNote] as never,
    rehypePlugins: rehypeMdxPlugins as never,
    smartypants: false,
  });
}
