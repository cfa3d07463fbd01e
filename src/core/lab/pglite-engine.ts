/**
 * The lab's engine: several sessions emulated on one PGlite backend (browser-safe). PGlite
 * runs every statement for real (engine/executor.ts); the engine keeps the row versions,
 * snapshots, row locks, waits, deadlocks and serialization checks PostgreSQL would have
 * with one backend per session (engine/*). Its transcripts are compared step by step with a
 * real server's (compare.ts, postgres-engine.ts).
 */
import type { ProtocolDatabase } from '../sql/session.ts';
import type { IsolationLevel, LabEngine, LabScenario, StepBlocker, Transcript } from './scenario.ts';
import { LabStepper } from './stepper.ts';

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
      const stepper = await LabStepper.start(lease.db, scenario, level);
      for (const [position, name] of permutation.entries()) await stepper.step(name, blockers[position] ?? []);
      stepper.finish();
      return { permutation, level, events: [...stepper.events] };
    } finally {
      await lease.release();
    }
  }
}
