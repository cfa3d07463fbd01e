/**
 * The stepper the reader drives: one step at a time, what each session sees between steps,
 * and the statements the engine refuses rather than get wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteDataDir } from '../../src/node/sql/datadir.ts';
import { DatabasePool } from '../../src/node/sql/node-database.ts';
import { LabRunError } from '../../src/core/lab/run-error.ts';
import { parseLab } from '../../src/core/lab/spec-parser.ts';
import { LabStepper } from '../../src/core/lab/stepper.ts';

const SETUP = `-- setup
CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL);
INSERT INTO accounts VALUES (1, 100), (2, 50);
-- steps
`;

let pool: DatabasePool;
beforeAll(async () => {
  pool = new DatabasePool(await pgliteDataDir());
});
afterAll(async () => {
  await pool?.close();
});

async function stepper(steps: string, level: 'read committed' | 'repeatable read' | 'serializable' = 'read committed', setup = SETUP) {
  const lease = await pool.open(false);
  const scenario = parseLab(setup + steps);
  return { scenario, lease, stepper: await LabStepper.start(lease.db, scenario, level) };
}

describe('LabStepper', () => {
  it("shows the committed rows and each session's own view between steps", async () => {
    const { lease, stepper: run } = await stepper('A: BEGIN;\nA: UPDATE accounts SET balance = 0 WHERE id = 1;\nB: SELECT balance FROM accounts WHERE id = 1;\nA: COMMIT;');
    try {
      expect(await run.step('A1')).toMatchObject([{ kind: 'done', step: 'A1', result: { tag: 'BEGIN' } }]);
      await run.step('A2');
      const state = run.state();
      expect(state.committed.accounts).toEqual([{ id: 1, balance: 100 }, { id: 2, balance: 50 }]);
      const [a, b] = state.sessions;
      expect(a).toMatchObject({ name: 'A', transaction: 'active', level: 'read committed' });
      // In primary-key order, as a reader would list them, not in the physical order the update left.
      expect(a.tables.accounts).toEqual([{ id: 1, balance: 0 }, { id: 2, balance: 50 }]);
      expect(b).toMatchObject({ name: 'B', transaction: 'idle' });
      expect(b.tables.accounts).toEqual(state.committed.accounts);
      expect(await run.step('B1')).toMatchObject([{ kind: 'done', result: { rows: [['100']] } }]);
      await run.step('A3');
      expect(run.state().committed.accounts).toContainEqual({ id: 1, balance: 0 });
    } finally {
      await lease.release();
    }
  });

  it('reports a waiting step with the session it waits for, and its result when that one commits', async () => {
    const { lease, stepper: run } = await stepper(
      'A: BEGIN;\nA: UPDATE accounts SET balance = balance + 1 WHERE id = 1;\nB: UPDATE accounts SET balance = balance + 10 WHERE id = 1;\nA: COMMIT;',
    );
    try {
      await run.step('A1');
      await run.step('A2');
      expect(await run.step('B1')).toEqual([{ kind: 'waiting', step: 'B1', session: 'B', waitsFor: ['A'] }]);
      expect(run.state().sessions[1].waiting).toEqual({ step: 'B1', for: ['A'] });
      const events = await run.step('A3');
      expect(events.map((e) => [e.kind, e.step])).toEqual([
        ['done', 'A3'],
        ['resumed', 'B1'],
      ]);
      expect(run.state().committed.accounts).toContainEqual({ id: 1, balance: 111 });
    } finally {
      await lease.release();
    }
  });

  it.each([
    ["PREPARE TRANSACTION 'x';", /step A2, `PREPARE TRANSACTION 'x'`: two-phase commit is not modelled/],
    ['SELECT pg_advisory_lock(1);', /step A2, `SELECT pg_advisory_lock\(1\)`: session-level advisory locks/],
    ['CREATE INDEX ON accounts (balance);', /step A2, `CREATE INDEX ON accounts \(balance\)`: .*not modelled/],
  ])('refuses %s naming the step and the statement', async (sql, message) => {
    const { lease, stepper: run } = await stepper(`A: BEGIN;\nA: ${sql}`);
    try {
      await run.step('A1');
      const refused = run.step('A2');
      await expect(refused).rejects.toThrow(LabRunError);
      await expect(refused).rejects.toThrow(message);
    } finally {
      await lease.release();
    }
  });

  it.each([
    ['a view', 'CREATE VIEW rich AS SELECT * FROM accounts WHERE balance > 60;', 'UPDATE rich SET balance = 0;', 'read committed', /`UPDATE rich SET balance = 0`: "rich" is not one of the tables/],
    [
      'a trigger under SERIALIZABLE',
      "CREATE FUNCTION nop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;\nCREATE TRIGGER t BEFORE UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION nop();",
      'UPDATE accounts SET balance = 0;',
      'serializable',
      /under SERIALIZABLE, what the setup's functions and triggers read/,
    ],
  ] as const)('refuses a statement on %s', async (_, extra, sql, level, message) => {
    const setup = SETUP.replace('-- steps', () => `${extra}\n-- steps`);
    const { lease, stepper: run } = await stepper(`A: ${sql}`, level, setup);
    try {
      await expect(run.step('A1')).rejects.toThrow(message);
    } finally {
      await lease.release();
    }
  });

  it.each([
    ['a partitioned table', 'CREATE TABLE m (k int, v int) PARTITION BY RANGE (k);\nCREATE TABLE m1 PARTITION OF m FOR VALUES FROM (0) TO (10);', /the partitioned table m[,:]/],
    ['an exclusion constraint', 'CREATE TABLE b (r int4range, EXCLUDE USING gist (r WITH &&));', /the exclusion constraint b_r_excl/],
    ['a deferrable key', 'CREATE TABLE d (k int UNIQUE DEFERRABLE);', /the deferrable constraint d_k_key/],
    ['row-level security', 'CREATE TABLE r (k int);\nALTER TABLE r ENABLE ROW LEVEL SECURITY;', /row-level security on r/],
    ['a constraint trigger', "CREATE FUNCTION ct() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;\nCREATE CONSTRAINT TRIGGER ct AFTER INSERT ON accounts FOR EACH ROW EXECUTE FUNCTION ct();", /the constraint trigger ct/],
    // Run by the SQL blocks' session, whose statement guard refuses a timer PGlite cannot run.
    ['a statement_timeout', "ALTER DATABASE postgres SET statement_timeout = '5s';", /setup block 1 failed: statement_timeout cannot be set here/],
  ])('refuses a scenario whose setup makes %s', async (_, extra, message) => {
    const lease = await pool.open(false);
    try {
      const scenario = parseLab(SETUP.replace('-- steps', () => `${extra}\n-- steps`) + 'A: SELECT 1;');
      await expect(LabStepper.start(lease.db, scenario, 'read committed')).rejects.toThrow(message);
    } finally {
      await lease.release();
    }
  });
});
