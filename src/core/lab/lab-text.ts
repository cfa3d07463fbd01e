/**
 * What the lab tells a reader about a run in words (why it refuses a statement, why a run
 * cannot go on), kept as data until it is shown: a key of the string table's `labText`
 * section and the values to fill in, which are step names, SQL, SQLSTATEs, PostgreSQL's own
 * messages or other such texts. The engine runs in a worker and words nothing itself: the
 * page words it in its language (src/scripts/lab), `npm run lab` in English. So does the
 * scenario parser (LabSpecError, `parse`), whose errors a reader meets in the step editor.
 * Browser-safe.
 */
import { fill, plural } from '../i18n/format.ts';
import type { Plural, Strings } from '../i18n/types.ts';

export type LabTextStrings = Strings['labText'];
type Section = 'refusals' | 'findings' | 'run' | 'parse';
export type LabValue = string | number | LabText | LabText[];

export interface LabText {
  section: Section;
  key: string;
  values: Record<string, LabValue>;
}

export function labMessage<S extends Section>(section: S, key: keyof LabTextStrings[S] & string, values: Record<string, LabValue> = {}): LabText {
  return { section, key, values };
}

let english: Intl.PluralRules | undefined;

/**
 * The text in the language of `t`; a list of texts is joined with commas. A text with a
 * count `n` takes the plural form `lang` (the page's language tag) chooses, with the number
 * written as that language writes it; without `lang` (what a terminal prints) the English
 * form, the number as it is, as the messages were before they were translated.
 */
export function labTextIn(t: LabTextStrings, text: LabText, lang?: string): string {
  const entry = (t[text.section] as Record<string, string | Plural>)[text.key] ?? text.key;
  const n = Number(text.values.n);
  english ??= new Intl.PluralRules('en');
  const template = typeof entry === 'string' ? entry : lang ? plural(entry, n, lang) : (entry[english.select(n)] ?? entry.other);
  const word = (value: LabValue): string | number =>
    Array.isArray(value) ? value.map((v) => labTextIn(t, v, lang)).join(', ') : typeof value === 'object' ? labTextIn(t, value, lang) : value;
  return fill(template, Object.fromEntries(Object.entries(text.values).map(([name, value]) => [name, word(value)])));
}
