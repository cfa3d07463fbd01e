/** The words the renderer itself writes into a page (placeholders, block captions), from the string table. */
import { stringsFor, type Strings } from '../i18n/strings.ts';

export type RenderLabels = Strings['render'];

export function renderLabels(lang: string): RenderLabels {
  return stringsFor(lang).render;
}
