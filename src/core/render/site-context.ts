/** The render context of a whole site model: its link index, labels, tag URLs and note bodies. */
import type { Note, Site } from '../site/model.ts';
import { tagKey, tagUrl } from '../site/tag-pages.ts';
import { renderLabels } from './labels.ts';
import type { RenderContext } from './render-note.ts';

export function siteRenderContext(site: Pick<Site, 'index' | 'lang' | 'options'>): RenderContext {
  return {
    index: site.index,
    labels: renderLabels(site.lang),
    siteLang: site.lang,
    tagUrl: (name) => tagUrl(site.options.base, tagKey(name)),
    bodyOf: (note: Note) => note.body,
    strictLineBreaks: site.options.strictLineBreaks === true,
  };
}
