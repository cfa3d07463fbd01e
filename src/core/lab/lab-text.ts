/**
 * What the lab tells a reader about a run in words (why it refuses a statement, why a run
 * cannot go on), kept as data until it is shown: a key of the string table's `labText`
 * section and the values to fill in, which are step names, SQL, SQLSTATEs, PostgreSQL's own
 * messages or other such texts. The engine runs in a worker and words nothing itself: the
 * page words it in its language (src/scripts/lab), `npm run lab` in English. Browser-safe.
 */
import { fill } from '../i18n/format.ts';
import type { Strings } from '../i18n/types.ts';

export type LabTextStrings = Strings['labText'];
type Section = 'refusals' | 'findings' | 'run';
export type LabValue = string | number | LabText | LabText[];

export interface LabText {
  section: Section;
  key: string;
  values: Record<string, LabValue>;
}

export function labMessage<S extends Section>(section: S, key: keyof LabTextStrings[S] & string, values: Record<string, LabValue> = {}): LabText {
  return { section, key, values };
}

/** The text in the language of `t`; a list of texts is joined with commas. */
export function labTextIn(t: LabTextStrings, text: LabText): string {
  const template = (t[text.section] as Record<string, string>)[text.key] ?? text.key;
  const word = (value: LabValue): string | number =>
    Array.isArray(value) ? value.map((v) => labTextIn(t, v)).join(', ') : typeof value === 'object' ? labTextIn(t, value) : value;
  return fill(template, Object.fromEntries(Object.entries(text.values).map(([name, value]) => [name, word(value)])));
}
