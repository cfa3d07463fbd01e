/**
 * Filling the string table's texts: `{name}` slots, and plural forms chosen by
 * Intl.PluralRules with the number written by Intl.NumberFormat, in the given language. Apart
 * from strings.ts so that browser code that formats one language's text does not pull in
 * every language's table.
 */
import type { Plural } from './types.ts';

/** `{name}` slots take their values; unknown slots stay as written. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (slot, name: string) => (name in values ? String(values[name]) : slot));
}

const pluralRules = new Map<string, { rules: Intl.PluralRules; numbers: Intl.NumberFormat }>();

/** The form of `forms` for `n` in `lang`, with `{n}` written as that language writes numbers. */
export function plural(forms: Plural, n: number, lang: string): string {
  let entry = pluralRules.get(lang);
  if (!entry) {
    entry = { rules: new Intl.PluralRules(lang), numbers: new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }) };
    pluralRules.set(lang, entry);
  }
  return fill(forms[entry.rules.select(n)] ?? forms.other, { n: entry.numbers.format(n) });
}
