/**
 * A note's ```python blocks: found, numbered and given options exactly as ```sql blocks are
 * (norun, setup, db=, expect-error, show=, a following ```output), and what their outcome
 * means for a doc-test: which error was expected, and the output to compare.
 */
import type { Root } from 'mdast';
import type { SqlBlockOptions } from '../sql/block-options.ts';
import { findFencedBlocks, type SqlBlock } from '../sql/blocks.ts';
import type { PythonError, PythonRun } from './results.ts';

export const PYTHON_LANG = 'python';

export function findPythonBlocks(tree: Root): SqlBlock[] {
  return findFencedBlocks(tree, PYTHON_LANG);
}

/** A line opening a ```python fence, in a quote or callout (`> `) or a list item too. */
const PYTHON_FENCE = /^[ \t>]*(?:`{3,}|~{3,})[ \t]*python(?![\w-])/im;

/**
 * Whether a note's text may hold Python blocks, known before it is parsed (so `npm run check`
 * can start its interpreters while the vault is read). It says yes for a fence shown inside a
 * longer one too: the parsed note decides which blocks run.
 */
export function mayHavePythonBlocks(text: string): boolean {
  return PYTHON_FENCE.test(text);
}

/**
 * `expect-error=23505` (a SQLSTATE) matches a database error with that code;
 * `expect-error=IntegrityError` an exception of that class or a subclass (so DBAPIError
 * matches IntegrityError too); a bare `expect-error`, any exception.
 */
export function matchesExpectedPythonError(expected: SqlBlockOptions['expectError'], error: PythonError | null): boolean {
  if (!expected || !error) return false;
  if (expected.code) return error.database?.code === expected.code;
  if (expected.message) return error.types.includes(expected.message) || error.message.includes(expected.message);
  return true;
}

/** One line for a diagnostic: the exception, and what PostgreSQL said when it was a database error. */
export function describePythonError(error: PythonError): string {
  const db = error.database;
  if (!db) return `${error.type}: ${error.message}`;
  return `${error.type}: ${db.code} ${db.message}${db.constraint ? ` (constraint ${db.constraint})` : ''} in \`${db.statement.trim().split('\n')[0]}\``;
}

/** What a ```output block after a Python block is compared with: what the code printed. */
export function printedOutput(run: PythonRun): string {
  return run.events.map((e) => (e.kind === 'stdout' || e.kind === 'stderr' ? e.text : '')).join('');
}
