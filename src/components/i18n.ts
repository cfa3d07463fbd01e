/**
 * The interface's text for the pages, by language: views over the site's one string table
 * (src/core/i18n), which the browser's widgets receive their part of as JSON.
 */
import { plural, stringsFor, translatedLanguage, type Plural, type Strings } from '../core/i18n/strings.ts';

export type { Plural };
export type SqlStrings = Strings['sql'];
export type LabStrings = Strings['lab'];
export type NavStrings = Strings['nav'];
export type UiStrings = Omit<Strings['ui'], 'notesCount'> & { notesCount(n: number): string };

const uiCache = new Map<string, UiStrings>();

export function ui(lang: string): UiStrings {
  let strings = uiCache.get(lang);
  if (!strings) {
    const table = stringsFor(lang).ui;
    strings = { ...table, notesCount: (n: number) => plural(table.notesCount, n, lang) };
    uiCache.set(lang, strings);
  }
  return strings;
}

export function sqlStrings(lang: string): SqlStrings {
  return stringsFor(lang).sql;
}

export function labStrings(lang: string): LabStrings {
  return stringsFor(lang).lab;
}

export function navStrings(lang: string): NavStrings {
  return stringsFor(lang).nav;
}

/** One formatter per locale: creating an Intl.DateTimeFormat per page costs ~0.4 ms. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** `7 December 2026`, `7 dicembre 2026`, `2026年12月7日`: the date as the language writes it (English as en-GB). */
export function formatDate(date: Date, lang: string): string {
  const locale = translatedLanguage(lang) === 'en' ? 'en-GB' : lang;
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric' });
    dateFormats.set(locale, format);
  }
  return format.format(date);
}
