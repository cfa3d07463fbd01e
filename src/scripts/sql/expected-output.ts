/**
 * After a block ran the author's text, whether its output matches the author's ```output
 * block (the same comparison `npm run check` makes, src/core/sql/format.ts): "matches", or
 * the first differing line, expected against got. An edited block is not compared: the
 * expectation is for the text as written.
 */
import type { SqlStrings } from '../../components/i18n.ts';
import { compareOutput, formatRun } from '../../core/sql/format.ts';
import type { BlockRun } from '../../core/sql/results.ts';
import { element } from '../dom.ts';
import { fill } from './strings.ts';

/** The verdict to show under the block's results, or nothing when there is no expectation. */
export function expectedOutputView(block: HTMLElement, run: BlockRun, edited: boolean, t: SqlStrings): HTMLElement | undefined {
  const expected = block.dataset.expected;
  if (expected === undefined) return undefined;
  const view = element('div', 'sql-output-check');
  view.setAttribute('role', 'status');
  if (edited) {
    view.dataset.check = 'edited';
    view.textContent = t.outputEdited;
    return view;
  }
  const difference = compareOutput(expected, formatRun(run));
  view.dataset.check = difference ? 'differs' : 'matches';
  if (!difference) {
    view.textContent = t.outputMatches;
    return view;
  }
  view.append(element('p', 'sql-output-check-head', fill(t.outputDiffers, { line: String(difference.line) })));
  const lines = element('dl', 'sql-output-diff');
  lines.append(element('dt', undefined, t.outputExpected), element('dd', 'sql-output-want', difference.expected), element('dt', undefined, t.outputGot), element('dd', 'sql-output-got', difference.actual));
  view.append(lines);
  return view;
}
