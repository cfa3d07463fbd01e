/**
 * Filling the SQL runner's interface text (src/components/i18n.ts): `{name}` slots, plural
 * forms by the interface language's rules, sizes and durations as that language writes them.
 */
import type { Plural, SqlStrings } from '../../components/i18n.ts';
import { fill, plural as pluralIn } from '../../core/i18n/format.ts';
import type { Problem } from '../db/messages.ts';

/** The page's interface language, which everything the runner writes speaks. */
export const uiLang = document.documentElement.dataset.uiLang ?? 'en';
const oneDecimal = new Intl.NumberFormat(uiLang, { maximumFractionDigits: 1 });
const unit = (name: string, digits: number) => new Intl.NumberFormat(uiLang, { style: 'unit', unit: name, unitDisplay: 'short', maximumFractionDigits: digits });
const fineMs = unit('millisecond', 1);
const ms = unit('millisecond', 0);
const sec = unit('second', 1);

export { fill };

export function plural(forms: Plural, n: number): string {
  return pluralIn(forms, n, uiLang);
}

export function megabytes(bytes: number): string {
  return oneDecimal.format(bytes / 1e6);
}

const kilobytes = unit('kilobyte', 0);
const megabytesUnit = unit('megabyte', 1);

/** `12 kB`, `476.8 MB`: a value's size, for "value cut at … of …". */
export function byteSize(bytes: number): string {
  return bytes < 1e6 ? kilobytes.format(Math.max(1, Math.round(bytes / 1e3))) : megabytesUnit.format(bytes / 1e6);
}

export function seconds(ms: number): string {
  return oneDecimal.format(ms / 1000);
}

/** `0.4 ms`, `12 ms`, `1.3 sec` (`0,4 мс`… in Russian). */
export function duration(elapsedMs: number): string {
  if (elapsedMs >= 1000) return sec.format(elapsedMs / 1000);
  return (elapsedMs < 10 ? fineMs : ms).format(elapsedMs);
}

/** What went wrong with PostgreSQL in the page, in the reader's words (the SQL runner's and the lab's). */
export function problemText(problem: Problem, t: Pick<SqlStrings, 'noWasm' | 'noWorker' | 'downloadFailed' | 'engineFailed'>): string {
  switch (problem.kind) {
    case 'no-wasm':
      return t.noWasm;
    case 'no-worker':
      return t.noWorker;
    case 'download':
      return fill(t.downloadFailed, { detail: problem.detail });
    case 'engine':
      return fill(t.engineFailed, { detail: problem.detail });
  }
}
