/**
 * Table and advisory locks for the lab's differential fuzzer: each session of a random
 * scenario (fuzz-scenarios.ts) may get one more step inside its transaction — LOCK TABLE on
 * one of the two tables in a random mode, with or without NOWAIT, or a transaction-level
 * advisory lock (waiting or try, exclusive or shared) on one of two keys. Kept apart from the
 * scenario generator, from its own random stream, so that a seed's other steps stay the same.
 */
import { TABLE_LOCK_MODES } from '../../core/lab/engine/lock-manager.ts';
import { int, pick, randomStream, type FuzzScenario, type Random } from './fuzz-scenarios.ts';

function lockStatement(r: Random): string {
  if (r() < 0.5) return `LOCK TABLE ${pick(r, ['t', 'c'])} IN ${pick(r, TABLE_LOCK_MODES)} MODE${pick(r, ['', '', ' NOWAIT'])};`;
  const fn = `pg_${pick(r, ['', 'try_'])}advisory_xact_lock${pick(r, ['', '_shared'])}`;
  return `SELECT ${fn}(${1 + int(r, 2)});`;
}

/** The scenario with a lock step added to some of its sessions, somewhere between their BEGIN and their end. */
export function withLockSteps(scenario: FuzzScenario): FuzzScenario {
  const r = randomStream(-scenario.seed - 1);
  const steps = [...scenario.steps];
  for (const session of [...new Set(steps.map((s) => s.session))]) {
    if (r() >= 0.4) continue;
    const own = steps.flatMap((s, i) => (s.session === session ? [i] : []));
    // After its BEGIN (its first step), before its COMMIT or ROLLBACK (its last).
    const before = own[1 + int(r, own.length - 1)];
    steps.splice(before, 0, { session, sql: lockStatement(r) });
  }
  return { ...scenario, steps };
}
