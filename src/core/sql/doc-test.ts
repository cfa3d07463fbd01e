/**
 * Doc-tests for authors: runs a note's SQL blocks the way the page would (each database's
 * chain: setup blocks first, then page order) and reports, at the line to fix, a block
 * that fails unexpectedly, an `expect-error` block that does not fail (or fails otherwise),
 * and a result that differs from the ```output block after it.
 */
import type { Diagnostic } from '../diagnostics.ts';
import { prepareTree } from '../markdown/analyze.ts';
import { matchesExpectedError } from './block-options.ts';
import { findSqlBlocks, type SqlBlock } from './blocks.ts';
import { chainOf } from './chain.ts';
import { compareOutput, formatRun } from './format.ts';
import type { SqlError } from './results.ts';
import { runBlock, TypeNames, type ProtocolDatabase } from './session.ts';

export interface SqlNote {
  path: string;
  body: string;
  isMdx: boolean;
}

export interface DatabaseLease {
  db: ProtocolDatabase;
  release(): Promise<void>;
}

/** Output that depends on transaction ids or OIDs: only a freshly booted database reproduces it. */
const NEEDS_FRESH = /\b(xmin|xmax|cmin|cmax|txid\w*|pg_current_xact_id|pg_current_snapshot|pg_snapshot\w*|xid8?|oid|regclass)\b/i;

export function needsFreshDatabase(blocks: readonly SqlBlock[]): boolean {
  return blocks.some((b) => NEEDS_FRESH.test(b.code) && b.expected);
}

/** Where in the file an error position in a block's code is. */
function errorPlace(block: SqlBlock, error: SqlError): { line: number; column: number } {
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
  /** Called with a block's line as it starts, so a watcher can stop a block that does not end. */
  onBlock?: (line: number) => void;
}

export async function checkNoteSql(note: SqlNote, open: (fresh: boolean) => Promise<DatabaseLease>, options: CheckOptions = {}): Promise<Diagnostic[]> {
  const { tree } = prepareTree(note.body, { mdx: note.isMdx });
  const blocks = findSqlBlocks(tree).filter((b) => b.options.runnable && !options.skip?.has(b.line));
  const diagnostics: Diagnostic[] = [];
  const report = (line: number, column: number, code: Diagnostic['code'], message: string) =>
    diagnostics.push({ file: note.path, line, column, severity: 'error', code, message });
  const fresh = needsFreshDatabase(blocks);

  for (const db of new Set(blocks.map((b) => b.options.db))) {
    const chain = chainOf(blocks.map((b) => ({ ...b, db: b.options.db, setup: b.options.setup })), db);
    const lease = await open(fresh);
    const types = new TypeNames();
    try {
      // Like the page, a failing block does not stop the chain: later blocks run on whatever
      // state it left (statements before its error were committed).
      for (const block of chain) {
        options.onBlock?.(block.line);
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
