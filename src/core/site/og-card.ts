/**
 * What a page's social image (OpenGraph card) shows and where it is served: the title, the
 * folder and the site's name, hashed into the file name, so an unchanged card keeps its URL
 * and its cached drawing, and a changed one gets a new URL (chat apps cache previews by URL).
 * Drawing is in src/node/render/og-image.ts; pages only need this.
 */
import { sha256OfText } from '../hash.ts';
import type { Note } from './model.ts';

/** Bump when the card's design or fonts change, so cached cards are drawn again. */
const DESIGN_VERSION = '1';

/** Folder (below the base) the cards are served from; `_vault` is reserved (urls.ts), so no note can take it. */
export const OG_DIR = '_vault/og';

export interface OgCard {
  title: string;
  /** Folders from the vault's root to the note; empty for a root note or the site's own card. */
  folders: string[];
  siteName: string;
}

export function noteCard(note: Note, siteName: string): OgCard {
  return { title: note.title, folders: note.path.split('/').slice(0, -1), siteName };
}

/** The card of pages that are not notes (tags, all notes, a generated home). */
export function siteCard(siteName: string): OgCard {
  return { title: siteName, folders: [], siteName: '' };
}

/** A deep folder keeps its last three levels: the closest ones say most about the note. */
export function folderLine(folders: readonly string[]): string {
  const shown = folders.length > 3 ? ['…', ...folders.slice(-3)] : folders;
  return shown.join(' / ');
}

export function ogCardKey(card: OgCard): string {
  return sha256OfText(JSON.stringify([DESIGN_VERSION, card.title, card.folders, card.siteName])).slice(0, 20);
}

/** URL path of a card below the base. */
export function ogCardSlug(card: OgCard): string {
  return `${OG_DIR}/${ogCardKey(card)}.png`;
}
