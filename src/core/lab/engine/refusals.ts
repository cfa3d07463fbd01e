/**
 * Every reason the lab refuses to run a statement or a scenario, in one place: a silently
 * wrong isolation demo teaches a wrong fact, so what the engine does not model stops the run
 * with one of these. The README's list of refusals is tested against this module
 * (tests/unit/lab-refusals.test.ts): each entry's `summary` is a line of that list. What the
 * reader sees on the step is the string table's `labText.refusals` text of the same key, in
 * the page's language; `values` gives its slots.
 */
import type { Strings } from '../../i18n/types.ts';
import { labMessage, type LabText, type LabValue } from '../lab-text.ts';

type Key = keyof Strings['labText']['refusals'];

/** A refusal's README line, and the values of its message's slots. */
interface Refusal<A extends unknown[] = []> {
  summary: string;
  values: (...args: A) => Record<string, LabValue>;
}

const refusal = <A extends unknown[] = []>(summary: string, values: (...args: A) => Record<string, LabValue> = () => ({})): Refusal<A> => ({ summary, values });

export const REFUSAL_LIST = {
  twoPhaseCommit: refusal('PREPARE TRANSACTION, COMMIT / ROLLBACK PREPARED'),
  onConflictTarget: refusal('INSERT … ON CONFLICT of a query rather than VALUES, or whose conflict target is not a list of columns'),
  updateFrom: refusal('UPDATE … FROM and DELETE … USING'),
  deleteUsing: refusal('UPDATE … FROM and DELETE … USING'),
  writingCte: refusal('data-modifying WITH queries'),
  nestedLocking: refusal('a locking clause in a subquery or CTE, or several'),
  lockSeveralTables: refusal('FOR UPDATE / FOR SHARE over a join, a subquery or a UNION'),
  backendBound: refusal(
    'functions and columns tied to backends and transaction ids (`currval`, `lastval`, `txid_*`, `pg_current_xact_id`, snapshots, `pg_backend_pid`, `pg_sleep`, `pg_locks`, `pg_stat_activity`, `pg_blocking_pids`, `xmin`, `xmax`, `cmin`, `cmax`, `ctid`)',
    (what: string) => ({ what }),
  ),
  sessionAdvisoryLocks: refusal(
    'session-level advisory locks (`pg_advisory_lock`, `pg_advisory_unlock`, …), and advisory-lock calls other than a SELECT of `pg_advisory_xact_lock` calls with constant keys',
  ),
  advisoryShape: refusal(
    'session-level advisory locks (`pg_advisory_lock`, `pg_advisory_unlock`, …), and advisory-lock calls other than a SELECT of `pg_advisory_xact_lock` calls with constant keys',
  ),
  sessionCharacteristics: refusal('SET SESSION CHARACTERISTICS, and SET LOCAL of settings other than `lock_timeout`'),
  setLocal: refusal('SET SESSION CHARACTERISTICS, and SET LOCAL of settings other than `lock_timeout`'),
  setting: refusal('settings other than the planner switches, `default_transaction_isolation`, `deadlock_timeout`, `lock_timeout`, `search_path`, `datestyle` and `client_min_messages`', (name: string, known: string[]) => ({ name, known: known.join(', ') })),
  command: refusal('any other command between the steps (DDL, COPY, VACUUM, …): it belongs in the setup', (type: string) => ({ type })),
  notOneStatement: refusal('any other command between the steps (DDL, COPY, VACUUM, …): it belongs in the setup'),
  notATable: refusal('writes, locking reads and LOCK TABLE of views and of tables the setup did not make', (table: string) => ({ table })),
  serializableCode: refusal("under SERIALIZABLE, statements that run the setup's functions or triggers"),
  twoVersionsSeen: refusal('a read that would see one unique key twice (deleted after its snapshot, inserted since)'),
  schema: refusal(
    'setups that make anything but plain tables, views, sequences, indexes and primary-key, unique, foreign-key, CHECK and NOT NULL constraints and ordinary triggers: partitioned, inheriting or foreign tables, exclusion or deferrable constraints, constraint triggers, rules, row-level security',
    (findings: LabText[]) => ({ findings }),
  ),
};

type Messages = { [K in keyof typeof REFUSAL_LIST]: (typeof REFUSAL_LIST)[K]['values'] extends (...args: infer A) => Record<string, LabValue> ? A extends [] ? LabText : (...args: A) => LabText : never };

/** The messages, ready to use: `REFUSALS.lockTable`, `REFUSALS.setting(name, known)`. */
export const REFUSALS = Object.fromEntries(
  Object.entries(REFUSAL_LIST).map(([key, { values }]) => {
    const message = (...args: unknown[]) => labMessage('refusals', key as Key, (values as (...a: unknown[]) => Record<string, LabValue>)(...args));
    return [key, values.length === 0 ? message() : message];
  }),
) as Messages;

/** The README's lines, one per kind of refusal. */
export const refusalSummaries = (): string[] => [...new Set(Object.values(REFUSAL_LIST).map((r) => r.summary))];
