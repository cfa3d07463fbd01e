/**
 * Which of the SQL runner's strings a page is given (src/components/SqlRunner.astro writes
 * them into the page as JSON): all but the groups its blocks never use. The views of
 * relationships and changes (views/, diagram/) use theirs only on a page that places a view;
 * a page whose Python blocks do not run needs none of Python's; the toolbar's own words are
 * written as HTML by the component. tests/unit/page-strings.test.ts checks that no module
 * outside a group uses a key of it.
 */
import type { SqlStrings } from '../../components/i18n.ts';

/** Used by views/ and diagram/ only. */
export const VIEW_KEYS = [
  'diagramTools', 'zoomFit', 'zoomFitHint', 'zoomIn', 'zoomOut', 'fullScreen', 'fullScreenHint', 'diagramLabel', 'diagramPending',
  'drawSchema', 'drawAfterBlocks', 'diagramEmpty', 'tablesCount', 'keysCount', 'inWords', 'relationships', 'noRelationships', 'tables',
  'legend', 'legendKeys', 'legendOne', 'legendZeroOrOne', 'legendMany', 'legendTouched', 'legendFired', 'legendBlocker', 'changes',
  'changeRowsShown', 'blockedBy', 'tableLabel', 'tablePending', 'showRows', 'tableMissing', 'tableFailedTransaction', 'tableNotRefreshed',
  'tableRows', 'tableFirstRows', 'tableTruncated', 'change', 'inserted', 'updated', 'deleted', 'insertedCount', 'updatedCount',
  'deletedCount', 'was',
] as const satisfies readonly (keyof SqlStrings)[];

/** Used by Python blocks only (their loading, editor and transcript). */
export const PYTHON_KEYS = [
  'startingPython', 'pythonReady', 'pythonEditorLabel', 'parameters', 'traceback', 'tracebackLine', 'failedStatement',
] as const satisfies readonly (keyof SqlStrings)[];

/** Written as HTML by SqlRunner.astro, never read by a script. */
export const TOOLBAR_KEYS = ['toolbar', 'intro', 'introPython', 'runAll', 'reset'] as const satisfies readonly (keyof SqlStrings)[];

/** The strings of a page whose blocks place views (`views`) and run Python (`python`), or not. */
export function pageStrings(t: SqlStrings, page: { views: boolean; python: boolean }): Partial<SqlStrings> {
  const left = new Set<string>([...TOOLBAR_KEYS, ...(page.views ? [] : VIEW_KEYS), ...(page.python ? [] : PYTHON_KEYS)]);
  return Object.fromEntries(Object.entries(t).filter(([key]) => !left.has(key)));
}
