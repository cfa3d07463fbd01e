/**
 * Random lab scenarios for the differential fuzzer (`npm run lab -- fuzz`): a schema mixing a
 * primary key, one kind of unique key (plain, partial, expression, NULLS NOT DISTINCT, or
 * none), CHECK and NOT NULL, and a child table whose foreign key has a random action; 2–3
 * sessions, each in a transaction at a random level, sending random reads (with each locking
 * clause, NOWAIT, SKIP LOCKED), inserts, updates of key and non-key columns, deletes, upserts
 * and savepoints (a third of the sessions put some of their statements inside one, rolled back
 * to, released or left open, as Session.begin_nested() does; any statement may also be a lone
 * SAVEPOINT, ROLLBACK TO or RELEASE); the steps interleaved at random. Same seed, same scenario. Node only (the
 * randomness is a SHA-256 stream, so no generator is copied here).
 */
import { createHash } from 'node:crypto';

export interface FuzzScenario {
  seed: number;
  setup: string[];
  /** In the order they are issued. */
  steps: { session: string; sql: string }[];
}

export type Random = () => number;

export function randomStream(seed: number): Random {
  let counter = 0;
  return () => createHash('sha256').update(`${seed}:${counter++}`).digest().readUInt32BE(0) / 2 ** 32;
}

export const int = (r: Random, n: number) => Math.floor(r() * n);
export const pick = <T>(r: Random, list: readonly T[]): T => list[int(r, list.length)];

const UNIQUE_KEYS = [
  '',
  'CREATE UNIQUE INDEX t_k ON t (k);',
  'CREATE UNIQUE INDEX t_k_flagged ON t (k) WHERE flag;',
  'CREATE UNIQUE INDEX t_k_mod ON t ((k % 3));',
  'ALTER TABLE t ADD CONSTRAINT t_k_nnd UNIQUE NULLS NOT DISTINCT (k);',
];
// Not RESTRICT: PGlite is PostgreSQL 18, whose RESTRICT error (23001) is not PostgreSQL 15's (23503).
const FK_ACTIONS = ['NO ACTION', 'CASCADE', 'SET NULL', 'SET DEFAULT'];
const LEVELS = ['READ COMMITTED', 'REPEATABLE READ', 'SERIALIZABLE'];
const LOCKS = ['FOR UPDATE', 'FOR NO KEY UPDATE', 'FOR SHARE', 'FOR KEY SHARE'];
const WAITS = ['', '', ' NOWAIT', ' SKIP LOCKED'];

function statement(r: Random): string {
  const id = 1 + int(r, 5);
  const k = pick(r, ['NULL', '1', '2', '3', '4']);
  switch (int(r, 15)) {
    case 0:
      return 'SELECT id, k, v, flag FROM t ORDER BY id;';
    case 1:
      return `SELECT id FROM t WHERE id = ${id} ${pick(r, LOCKS)}${pick(r, WAITS)};`;
    case 2:
      return `SELECT id FROM t ORDER BY id LIMIT 1 ${pick(r, LOCKS)}${pick(r, WAITS)};`;
    case 3:
      return `INSERT INTO t (id, k, v, flag) VALUES (${id}, ${k}, ${int(r, 3)}, ${pick(r, ['true', 'false'])});`;
    case 4:
      return `UPDATE t SET v = v + 1 WHERE id = ${id};`;
    case 5:
      return `UPDATE t SET k = ${k} WHERE id = ${id};`;
    case 6:
      return `UPDATE t SET id = id, v = ${int(r, 3)} WHERE id = ${id};`;
    case 7:
      return `UPDATE t SET flag = NOT flag WHERE id = ${id};`;
    case 8:
      return `DELETE FROM t WHERE id = ${id};`;
    case 9:
      return `INSERT INTO c (id, pid) VALUES (${10 + int(r, 4)}, ${id});`;
    case 10:
      return `UPDATE c SET pid = ${id} WHERE id = ${10 + int(r, 4)};`;
    case 11:
      return `DELETE FROM c WHERE pid = ${id};`;
    case 12:
      return 'SELECT id, pid FROM c ORDER BY id;';
    case 13:
      return `INSERT INTO t (id, k) VALUES (${id}, ${k}) ON CONFLICT ${pick(r, ['DO NOTHING', '(id) DO NOTHING', '(k) DO NOTHING', '(id) DO UPDATE SET v = t.v + 1', '(id) DO UPDATE SET k = excluded.k', '(id) DO UPDATE SET v = t.v + 1 WHERE t.flag'])};`;
    default:
      return pick(r, ['SAVEPOINT s;', 'ROLLBACK TO SAVEPOINT s;', 'RELEASE SAVEPOINT s;', 'UPDATE t SET v = v - 1 WHERE id = 1;', `SELECT count(*) FROM t WHERE k = ${k};`]);
  }
}

/** A session's statements between BEGIN and its end; in a third of them some run inside a savepoint. */
function body(r: Random): string[] {
  const statements = Array.from({ length: 1 + int(r, 3) }, () => statement(r));
  if (int(r, 3) > 0) return statements;
  const start = int(r, statements.length + 1);
  const end = start + int(r, statements.length - start + 1);
  const name = pick(r, ['s', 'nested']);
  const close = pick(r, [`ROLLBACK TO SAVEPOINT ${name};`, `ROLLBACK TO SAVEPOINT ${name};`, `RELEASE SAVEPOINT ${name};`, '']);
  return [...statements.slice(0, start), `SAVEPOINT ${name};`, ...statements.slice(start, end), close, ...statements.slice(end)].filter(Boolean);
}

export function fuzzScenario(seed: number): FuzzScenario {
  const r = randomStream(seed);
  const unique = pick(r, UNIQUE_KEYS);
  const setup = [
    [
      'CREATE TABLE t (id int PRIMARY KEY, k int, v int NOT NULL DEFAULT 0 CHECK (v >= 0), flag boolean NOT NULL DEFAULT true);',
      unique,
      `CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES t ON DELETE ${pick(r, FK_ACTIONS)});`,
      'INSERT INTO t VALUES (1, 1, 1, true), (2, 2, 1, true), (3, NULL, 1, false);',
      'INSERT INTO c VALUES (10, 1), (11, 2);',
    ]
      .filter(Boolean)
      .join('\n'),
  ];
  const sessions = ['A', 'B', 'C'].slice(0, 2 + int(r, 2));
  const queues = sessions.map((session) => {
    return [`BEGIN ISOLATION LEVEL ${pick(r, LEVELS)};`, ...body(r), pick(r, ['COMMIT;', 'COMMIT;', 'ROLLBACK;'])].map((sql) => ({ session, sql }));
  });
  const steps: FuzzScenario['steps'] = [];
  while (queues.some((q) => q.length > 0)) {
    const open = queues.filter((q) => q.length > 0);
    steps.push(pick(r, open).shift()!);
  }
  return { seed, setup, steps };
}

/** The scenario in the lab's compact format (a corpus file). */
export function fuzzScenarioText(scenario: FuzzScenario, title = `Fuzzer seed ${scenario.seed}`): string {
  return [`-- title: ${title}`, '-- setup', ...scenario.setup, '-- steps', ...scenario.steps.map((s) => `${s.session}: ${s.sql}`), ''].join('\n');
}
