/**
 * Every reason the lab refuses to run a statement or a scenario, in one place: a silently
 * wrong isolation demo teaches a wrong fact, so what the engine does not model stops the run
 * with one of these. The README's list of refusals is tested against this module
 * (tests/unit/lab-refusals.test.ts): each entry's `summary` is a line of that list.
 */

/** A refusal's message (what the reader sees on the step) and the README line that names it. */
interface Refusal<A extends unknown[] = []> {
  summary: string;
  message: (...args: A) => string;
}

const refusal = <A extends unknown[] = []>(summary: string, message: (...args: A) => string): Refusal<A> => ({ summary, message });

export const REFUSAL_LIST = {
  twoPhaseCommit: refusal('PREPARE TRANSACTION, COMMIT / ROLLBACK PREPARED', () => 'two-phase commit is not modelled'),
  lockTable: refusal('LOCK TABLE', () => 'LOCK TABLE is not modelled: the lab models row locks only'),
  onConflict: refusal('INSERT … ON CONFLICT DO UPDATE … WHERE', () => 'INSERT … ON CONFLICT DO UPDATE with a WHERE is not modelled (it locks rows it does not update)'),
  onConflictTarget: refusal(
    'INSERT … ON CONFLICT of a query rather than VALUES, or whose conflict target is not a list of columns',
    () => 'INSERT … ON CONFLICT is modelled for rows of VALUES and a conflict target that lists columns only',
  ),
  updateFrom: refusal('UPDATE … FROM and DELETE … USING', () => 'UPDATE … FROM (several tables) is not modelled'),
  deleteUsing: refusal('UPDATE … FROM and DELETE … USING', () => 'DELETE … USING (several tables) is not modelled'),
  writingCte: refusal('data-modifying WITH queries', () => 'data-modifying WITH queries are not modelled'),
  nestedLocking: refusal('a locking clause in a subquery or CTE, or several', () => 'a locking clause inside a subquery or a CTE, or several of them, is not modelled'),
  lockSeveralTables: refusal('FOR UPDATE / FOR SHARE over a join, a subquery or a UNION', () => 'FOR UPDATE / FOR SHARE over several tables is not modelled'),
  backendBound: refusal(
    'functions and columns tied to backends and transaction ids (`currval`, `lastval`, advisory locks, `txid_*`, `pg_current_xact_id`, snapshots, `pg_backend_pid`, `pg_sleep`, `pg_locks`, `pg_stat_activity`, `pg_blocking_pids`, `xmin`, `xmax`, `cmin`, `cmax`, `ctid`)',
    (what: string) => `\`${what}\` depends on PostgreSQL's backends and transaction ids, which the lab emulates on one backend; it cannot show a faithful value`,
  ),
  sessionCharacteristics: refusal('SET SESSION CHARACTERISTICS and SET LOCAL', () => 'SET SESSION CHARACTERISTICS is not modelled; use SET default_transaction_isolation'),
  setLocal: refusal('SET SESSION CHARACTERISTICS and SET LOCAL', () => 'SET LOCAL is not modelled'),
  setting: refusal('settings other than the planner switches, `default_transaction_isolation`, `deadlock_timeout`, `search_path`, `datestyle` and `client_min_messages`', (name: string, known: string[]) => `the setting \`${name}\` is not modelled (the lab models ${known.join(', ')})`),
  command: refusal('any other command between the steps (DDL, COPY, VACUUM, …): it belongs in the setup', (type: string) => `this statement (a ${type} in PostgreSQL's parse tree) is not modelled inside concurrent sessions (the lab models transactions, SELECT, INSERT, UPDATE and DELETE); put it in the setup`),
  notOneStatement: refusal('any other command between the steps (DDL, COPY, VACUUM, …): it belongs in the setup', () => 'this statement is not understood'),
  notATable: refusal('writes and locking reads of views and of tables the setup did not make', (table: string) => `"${table}" is not one of the tables the setup made (a view?): the lab models reads and writes of those tables only`),
  serializableCode: refusal("under SERIALIZABLE, statements that run the setup's functions or triggers", () => "under SERIALIZABLE, what the setup's functions and triggers read would have to be tracked too, and the lab cannot see into them"),
  twoVersionsSeen: refusal('a read that would see one unique key twice (deleted after its snapshot, inserted since)', () => 'the session would see two rows with the same unique key at once (one deleted after its snapshot, one inserted since): the lab cannot show that faithfully'),
  schema: refusal(
    'setups that make anything but plain tables, views, sequences, indexes and primary-key, unique, foreign-key, CHECK and NOT NULL constraints and ordinary triggers: partitioned, inheriting or foreign tables, exclusion or deferrable constraints, constraint triggers, rules, row-level security',
    (findings: string[]) => `the setup makes ${findings.join(', ')}: the lab models plain tables, views, sequences, indexes, primary-key, unique, foreign-key, CHECK and NOT NULL constraints and ordinary triggers only, so it cannot run this scenario faithfully`,
  ),
};

type Messages = { [K in keyof typeof REFUSAL_LIST]: (typeof REFUSAL_LIST)[K]['message'] extends (...args: infer A) => string ? A extends [] ? string : (...args: A) => string : never };

/** The messages, ready to use: `REFUSALS.lockTable`, `REFUSALS.setting(name, known)`. */
export const REFUSALS = Object.fromEntries(
  Object.entries(REFUSAL_LIST).map(([key, { message }]) => [key, message.length === 0 ? (message as () => string)() : message]),
) as Messages;

/** The README's lines, one per kind of refusal. */
export const refusalSummaries = (): string[] => [...new Set(Object.values(REFUSAL_LIST).map((r) => r.summary))];
