/** Node types and data the vault dialect adds to mdast (wikilinks, embeds, block ids). */
import type { Data, Literal } from 'mdast';

declare module 'mdast' {
  interface WikiLinkData extends Data {
    /** Text after `|`; remark-wiki-link sets it to the target when there is none. */
    alias?: string;
    /** Written as `![[…]]`. */
    embed?: boolean;
  }
  interface WikiLink extends Literal {
    type: 'wikiLink';
    data: WikiLinkData;
  }
  interface PhrasingContentMap {
    wikiLink: WikiLink;
  }
  interface RootContentMap {
    wikiLink: WikiLink;
  }
  interface Data {
    /** Obsidian block id (`^id`) of this block, without the caret. */
    blockId?: string;
  }
}
