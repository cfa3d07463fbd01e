/**
 * Doc-tests for authors: runs a note's SQL blocks (and its Python blocks, when given a
 * Python runtime) the way the page would (each database's chain: setup blocks first, then
 * page order, both languages on the same database) and reports, at the line to fix, a block
 * that fails unexpectedly, an `expect-error` block that does not fail (or fails otherwise),
 * and a result that differs from the ```output block after it.
 */
import type { Diagnostic } from '../diagnostics.ts';
import { matchesExpectedError } from './block-options.ts';
import type { DocTestBlock } from './blocks.ts';
import { chainOf } from './chain.ts';
import { compareOutput, formatRun } from './format.ts';
import type { SqlError } from './results.ts';
import type { ProtocolDatabase } from './protocol.ts';
import { runBlock, TypeNames } from './session.ts';
import { describePythonError, matchesExpectedPythonError, printedOutput } from '../python/blocks.ts';
import type { PythonRun } from '../python/results.ts';
import type { PythonDatabase, PythonRuntime } from '../python/runtime.ts';
import type { RawSyncDatabase } from '../python/wire-bridge.ts';

/** A note's path and its runnable blocks (its facts' `docTests`: the note is not parsed again). */
export interface SqlNote {
  path: string;
  blocks: readonly DocTestBlock[];
}

export interface DatabaseLease {
  db: ProtocolDatabase & RawSyncDatabase;
  release(): Promise<void>;
}

/** Output that depends on transaction ids or OIDs: only a freshly booted database reproduces it. */
const NEEDS_FRESH = /\b(xmin|xmax|cmin|cmax|txid\w*|pg_current_xact_id|pg_current_snapshot|pg_snapshot\w*|xid8?|oid|regclass)\b/i;

export function needsFreshDatabase(blocks: readonly Pick<DocTestBlock, 'code' | 'expected'>[]): boolean {
  return blocks.some((b) => NEEDS_FRESH.test(b.code) && b.expected);
}

/** Where in the file an error position in a block's code is. */
function errorPlace(block: DocTestBlock, error: SqlError): { line: number; column: number } {
  if (error.position === undefined) return { line: block.line + 1, column: 1 };
  const before = block.code.slice(0, error.position);
  const newlines = before.split('\n').length - 1;
  return { line: block.line + 1 + newlines, column: error.position - before.lastIndexOf('\n') };
}

function describe(error: SqlError): string {
  return `${error.code} ${error.message}${error.detail ? ` (${error.detail})` : ''}`;
}

export interface CheckOptions {
  /** Lines of blocks not to run (they were stopped: they count as never run, as after Stop on the page). */
  skip?: ReadonlySet<number>;
  /** Called with a block's line and language as it starts, so a watcher can stop a block that does not end. */
  onBlock?: (line: number, lang: 'sql' | 'python') => void;
  /** Given when Python blocks are on: they run, in page order with the SQL blocks, on the same database. */
  python?: PythonRuntime;
}

export async function checkNoteSql(note: SqlNote, open: (fresh: boolean) => Promise<DatabaseLease>, options: CheckOptions = {}): Promise<Diagnostic[]> {
  const blocks = note.blocks.filter((b) => (b.lang === 'sql' || options.python) && !options.skip?.has(b.line));
  const diagnostics: Diagnostic[] = [];
  const report: Report = (line, column, code, message) =>
    diagnostics.push({ file: note.path, line, column, severity: 'error', code, message });
  const fresh = needsFreshDatabase(blocks);

  for (const db of new Set(blocks.map((b) => b.options.db))) {
    const chain = chainOf(blocks.map((b, id) => ({ ...b, id, db: b.options.db, setup: b.options.setup })), db);
    const lease = await open(fresh);
    const types = new TypeNames();
    let namespace: PythonDatabase | undefined;
    try {
      // Like the page, a failing block does not stop the chain: later blocks run on whatever
      // state it left (statements before its error were committed).
      for (const block of chain) {
        options.onBlock?.(block.line, block.lang);
        if (block.lang === 'python' && options.python) {
          namespace ??= options.python.database(lease.db);
          checkPythonBlock(block, await namespace.run(block.code, block.line + 1), report);
          continue;
        }
        const run = await runBlock(lease.db, block.code, { types });
        const expected = block.options.expectError;
        if (run.error && !expected) {
          const place = errorPlace(block, run.error);
          report(place.line, place.column, 'sql-error', describe(run.error));
        }
        if (expected && !run.error) {
          const what = expected.code ?? (expected.message ? `"${expected.message}"` : 'an error');
          report(block.line, 1, 'sql-expected-error', `expected this block to fail with ${what}, but it ran without an error`);
        } else if (expected && run.error && !matchesExpectedError(expected, run.error)) {
          const place = errorPlace(block, run.error);
          report(place.line, place.column, 'sql-expected-error', `expected ${expected.code ?? `"${expected.message}"`}, got ${describe(run.error)}`);
        }
        if (block.expected) {
          const difference = compareOutput(block.expected.text, formatRun(run));
          if (difference) {
            report(
              block.expected.line + 1,
              1,
              'sql-output',
              `output differs from the expected output (its line ${difference.line}): expected \`${difference.expected}\`, got \`${difference.actual}\``,
            );
          }
        }
      }
    } finally {
      await lease.release();
    }
  }
  return diagnostics;
}

type Report = (line: number, column: number, code: Diagnostic['code'], message: string) => void;

/** A Python block's outcome against its options and its ```output block. */
function checkPythonBlock(block: DocTestBlock, run: PythonRun, report: Report): void {
  const expected = block.options.expectError;
  const error = run.error;
  // The outermost frame is the failing line of this block (deeper ones may be in functions
  // other blocks defined); a syntax error has only its line.
  const line = error?.frames[0]?.line ?? block.line + 1;
  if (error && !expected) report(line, 1, 'python-error', describePythonError(error));
  if (expected && !error) {
    const what = expected.code ?? expected.message ?? 'an exception';
    report(block.line, 1, 'python-expected-error', `expected this block to raise ${what}, but it ran without an error`);
  } else if (expected && error && !matchesExpectedPythonError(expected, error)) {
    report(line, 1, 'python-expected-error', `expected ${expected.code ?? expected.message}, got ${describePythonError(error)}`);
  }
  if (block.expected) {
    const difference = compareOutput(block.expected.text, printedOutput(run));
    if (difference) {
      report(block.expected.line + 1, 1, 'python-output', `printed output differs from the expected output (its line ${difference.line}): expected \`${difference.expected}\`, got \`${difference.actual}\``);
    }
  }
}
