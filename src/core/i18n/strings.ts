/**
 * The site's one string table, for the build (pages, rendered notes, `npm run check`) and
 * the browser (the SQL runner, the lab, search, the graph get their part as JSON in the
 * page): one file per language beside this one, en.ts the reference. Adding a language
 * is its file and its line in LANGUAGES; tests/unit/i18n.test.ts checks that every file is
 * listed and has every key with the same placeholders. Plurals are chosen by
 * Intl.PluralRules, numbers written by Intl.NumberFormat, in the page's language (format.ts).
 */
import { de } from './de.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { it } from './it.ts';
import { ja } from './ja.ts';
import { ko } from './ko.ts';
import { pl } from './pl.ts';
import { pt } from './pt.ts';
import { ru } from './ru.ts';
import { uk } from './uk.ts';
import { zh } from './zh.ts';

import type { Plural, Strings } from './types.ts';

export { fill, plural } from './format.ts';
export type { Plural, Strings };

export const LANGUAGES: Readonly<Record<string, Strings>> = { de, en, es, fr, it, ja, ko, pl, pt, ru, uk, zh };

/** The table's language for a language tag (`pt-BR` → `pt`, `zh-Hans` → `zh`); undefined when not translated. */
export function translatedLanguage(lang: string): string | undefined {
  const primary = lang.toLowerCase().split(/[-_]/)[0];
  return Object.hasOwn(LANGUAGES, primary) ? primary : undefined;
}

export function stringsFor(lang: string): Strings {
  return LANGUAGES[translatedLanguage(lang) ?? 'en'];
}

/** One language per page: a note page speaks its note's language when it is translated, else the site's. */
export function pageLanguage(noteLang: string, siteLang: string): string {
  return translatedLanguage(noteLang) ? noteLang : siteLang;
}

