/**
 * What a block's run means for the reader, given what the author expected of it: a block
 * marked `expect-error` that fails with that error is a success, one that runs is not.
 */
import { expectedErrorFrom, matchesExpectedError, type SqlBlockOptions } from '../../core/sql/block-options.ts';
import { matchesExpectedPythonError } from '../../core/python/blocks.ts';
import type { PythonRun } from '../../core/python/results.ts';
import type { BlockRun } from '../../core/sql/results.ts';

export type ExpectedError = SqlBlockOptions['expectError'];

export type Outcome = 'ok' | 'error' | 'failed-as-expected' | 'wrong-error' | 'ran-unexpectedly';

/**
 * The markup's `data-expect-error` (src/core/render/sql-markup.ts): absent, empty (any
 * error), a SQLSTATE, or text the message must contain, told apart by parseSqlMeta's rule.
 */
export function expectedErrorOf(attribute: string | undefined): ExpectedError {
  return attribute === undefined ? undefined : expectedErrorFrom(attribute);
}

export function outcomeOf(run: BlockRun, expected: ExpectedError): Outcome {
  if (!expected) return run.error ? 'error' : 'ok';
  if (!run.error) return 'ran-unexpectedly';
  return matchesExpectedError(expected, run.error) ? 'failed-as-expected' : 'wrong-error';
}

/** The same for a Python block: `expect-error` names an exception class or a SQLSTATE. */
export function pythonOutcomeOf(run: PythonRun, expected: ExpectedError): Outcome {
  if (!expected) return run.error ? 'error' : 'ok';
  if (!run.error) return 'ran-unexpectedly';
  return matchesExpectedPythonError(expected, run.error) ? 'failed-as-expected' : 'wrong-error';
}

/** Outcomes that did not go as the author meant: they count as failures. */
export function isFailure(outcome: Outcome): boolean {
  return outcome === 'error' || outcome === 'wrong-error' || outcome === 'ran-unexpectedly';
}
