/**
 * The lab's words about a run (its verdict, why it refuses a statement or cannot go on) and
 * the step editor's parse errors in the page's language, from the string table's `labText`.
 * Not in the page, which stays light: the language's table is loaded once, with the first
 * answer of a lab (or the first error of an edit).
 */
import type { Strings } from '../../core/i18n/types.ts';
import type { LabTextStrings } from '../../core/lab/lab-text.ts';
import { uiLang } from '../sql/strings.ts';

/** One module per language, `xx.ts` exporting its table as `xx`. */
const TABLES = import.meta.glob<Record<string, Strings>>('../../core/i18n/[a-z][a-z].ts');

let loading: Promise<LabTextStrings> | undefined;

export function labWords(): Promise<LabTextStrings> {
  const primary = uiLang.toLowerCase().split(/[-_]/)[0];
  const code = `../../core/i18n/${primary}.ts` in TABLES ? primary : 'en';
  loading ??= TABLES[`../../core/i18n/${code}.ts`]().then((module) => module[code].labText);
  return loading;
}
