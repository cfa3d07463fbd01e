/**
 * Transaction-level advisory locks: `pg_advisory_xact_lock`, `pg_advisory_xact_lock_shared`
 * and their `pg_try_` forms, with a bigint key or two integer keys (two separate key spaces,
 * as in PostgreSQL), taken in the lock manager (lock-manager.ts) as ExclusiveLock or
 * ShareLock on the key and released when the transaction ends. The shape modelled is a
 * SELECT of such calls with constant keys and nothing else; session-level advisory locks,
 * which outlive transactions, are refused.
 */
import type { StatementResult } from '../../sql/results.ts';
import type { LabText } from '../lab-text.ts';
import type { LockRequest } from './lock-manager.ts';
import { REFUSALS } from './refusals.ts';

/** One call: ExclusiveLock or ShareLock on `key` (`8:<n>` for a bigint, `4:<a>:<b>` for two integers); `try` answers at once. */
export interface AdvisoryCall {
  key: string;
  shared: boolean;
  try: boolean;
}

const TRANSACTION_LEVEL = /^pg_(try_)?advisory_xact_lock(_shared)?$/;
const SESSION_LEVEL = /^pg_(try_)?advisory_(lock|unlock)(_shared|_all)?$/;

type Fields = Record<string, unknown>;

const inner = (node: unknown, type: string): Fields | undefined => (node && typeof node === 'object' ? ((node as Fields)[type] as Fields | undefined) : undefined);

/** An integer constant's digits (libpg_query omits a zero's value; a bigint beyond int4 is a float's digits). */
function integer(node: unknown): string | undefined {
  const constant = inner(node, 'A_Const');
  if (!constant) return undefined;
  if (constant.ival) return String((constant.ival as Fields).ival ?? 0);
  const digits = (constant.fval as Fields | undefined)?.fval as string | undefined;
  return digits && /^-?\d+$/.test(digits) ? digits : undefined;
}

/**
 * The advisory-lock calls of a SELECT's parse tree: undefined when it calls none; a refusal
 * when it calls a session-level one, or transaction-level ones in a shape the lab does not model.
 */
export function advisoryCalls(select: Fields, functions: readonly string[]): AdvisoryCall[] | LabText | undefined {
  if (functions.some((f) => SESSION_LEVEL.test(f))) return REFUSALS.sessionAdvisoryLocks;
  if (!functions.some((f) => TRANSACTION_LEVEL.test(f))) return undefined;
  const clauses = Object.keys(select).filter((k) => k !== 'targetList' && k !== 'limitOption' && k !== 'op');
  const calls = ((select.targetList as unknown[]) ?? []).map((target) => {
    const call = inner(inner(target, 'ResTarget')?.val, 'FuncCall');
    const name = (inner((call?.funcname as unknown[] | undefined)?.at(-1), 'String')?.sval as string | undefined) ?? '';
    const match = TRANSACTION_LEVEL.exec(name);
    const keys = ((call?.args as unknown[] | undefined) ?? []).map(integer);
    if (!match || keys.length < 1 || keys.length > 2 || keys.some((k) => k === undefined)) return undefined;
    return { key: `${keys.length === 1 ? 8 : 4}:${keys.join(':')}`, shared: Boolean(match[2]), try: Boolean(match[1]) };
  });
  if (clauses.length > 0 || calls.some((c) => !c)) return REFUSALS.advisoryShape;
  return calls as AdvisoryCall[];
}

/** The lock a call asks for: advisory locks are ExclusiveLock, or ShareLock for the _shared ones. */
export const advisoryRequest = (call: AdvisoryCall): LockRequest => ({ tag: { advisory: call.key }, mode: call.shared ? 'SHARE' : 'EXCLUSIVE' });

/** The statement's result with each `pg_try_` call's answer (PGlite, alone, always gets its lock). */
export function advisoryResult(result: StatementResult, calls: readonly AdvisoryCall[], granted: readonly boolean[]): StatementResult {
  const rows = result.rows?.map((row) => row.map((value, i) => (calls[i]?.try ? (granted[i] ? 't' : 'f') : value)));
  return rows ? { ...result, rows } : result;
}
