/**
 * The lab's engine: several sessions emulated on one PGlite backend (browser-safe). PGlite
 * runs every statement for real (engine/executor.ts); the engine keeps the row versions,
 * snapshots, row locks, waits, deadlocks and serialization checks PostgreSQL would have
 * with one backend per session (engine/*). Its transcripts are compared step by step with a
 * real server's (compare.ts, postgres-engine.ts).
 */
import { readSchema } from '../schema/introspect.ts';
import { runBlock, type ProtocolDatabase } from '../sql/session.ts';
import { LabContext, type SessionState } from './engine/context.ts';
import { Executor } from './engine/executor.ts';
import { LAB_DEADLOCK_MS, LabRun } from './engine/run.ts';
import { RowStore } from './engine/store.ts';
import { LabRunError } from './run-error.ts';
import type { IsolationLevel, LabEngine, LabScenario, StepBlocker, Transcript } from './scenario.ts';

/** A database for one run, fresh or reset: the engine fills it with the scenario's setup. */
export interface LabDatabaseLease {
  db: ProtocolDatabase;
  release(): Promise<void>;
}

export class PgliteEngine implements LabEngine {
  readonly name = 'pglite';
  private readonly open: () => Promise<LabDatabaseLease>;

  constructor(open: () => Promise<LabDatabaseLease>) {
    this.open = open;
  }

  async run(scenario: LabScenario, permutation: string[], level: IsolationLevel, blockers: StepBlocker[][] = []): Promise<Transcript> {
    const lease = await this.open();
    try {
      const ctx = await prepare(lease.db, scenario);
      const run = new LabRun(ctx, scenario);
      for (const spec of scenario.sessions) {
        const initialLevel = spec.level ?? level;
        const session: SessionState = {
          name: spec.name,
          initialLevel,
          defaultLevel: initialLevel,
          deadlockMs: LAB_DEADLOCK_MS,
          settings: new Map(),
          pending: [],
          implicitBlock: false,
        };
        ctx.sessions.set(spec.name, session);
        for (const sql of spec.setup) await run.setup(session, sql);
      }
      for (const [position, name] of permutation.entries()) await run.issue(name, blockers[position] ?? []);
      run.finish();
      return { permutation, level, events: run.events };
    } finally {
      await lease.release();
    }
  }
}

/** Runs the shared setup for real, then loads what it left into the row store. */
async function prepare(db: ProtocolDatabase, scenario: LabScenario): Promise<LabContext> {
  for (const [i, sql] of scenario.setup.entries()) {
    const run = await runBlock(db, sql);
    if (run.error) throw new LabRunError(`setup block ${i + 1} failed: ${run.error.message}`);
    if (run.transaction !== 'idle') {
      await runBlock(db, 'ROLLBACK');
      throw new LabRunError(`setup block ${i + 1} leaves a transaction open: end it with COMMIT`);
    }
  }
  const schema = await readSchema(db);
  if (!schema) throw new LabRunError('the schema the setup made cannot be read');
  const executor = new Executor(db, schema);
  const store = new RowStore(schema.tables.map((t) => t.name));
  for (const [table, rows] of await executor.readAll()) store.load(table, rows);
  return new LabContext(store, executor);
}
