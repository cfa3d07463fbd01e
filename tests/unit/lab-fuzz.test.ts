/**
 * The lab's differential fuzzer in CI: a fixed batch of random scenarios (seeds 1–30, which
 * `npm run lab -- fuzz` runs with other seeds) on the PGlite engine and on a throwaway
 * PostgreSQL 15 must show no silent difference; refusals are counted and printed, not failed.
 * Skipped, visibly, where the server binaries are not installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPostgres, postgresBinDir, startCluster, type Cluster } from '../../src/node/lab/cluster.ts';
import { fuzz, type FuzzEngines } from '../../src/node/lab/fuzz.ts';
import { fuzzScenario, fuzzScenarioText } from '../../src/node/lab/fuzz-scenarios.ts';
import { withLockSteps } from '../../src/node/lab/fuzz-locks.ts';
import { createPgliteEngine } from '../../src/node/lab/node-engine.ts';
import { PostgresEngine } from '../../src/node/lab/postgres-engine.ts';
import { parseLab } from '../../src/core/lab/spec-parser.ts';

const available = hasPostgres();
const title = available ? 'lab fuzzer against PostgreSQL' : `lab fuzzer SKIPPED: no ${postgresBinDir()}/postgres (apt-get install postgresql)`;
if (!available) console.warn(`${title}: no random scenarios were compared`);

describe('fuzz scenarios', () => {
  it('are the same for the same seed and parse as lab scenarios', () => {
    expect(fuzzScenario(7)).toEqual(fuzzScenario(7));
    expect(fuzzScenario(7)).not.toEqual(fuzzScenario(8));
    const scenario = parseLab(fuzzScenarioText(fuzzScenario(7)));
    expect(scenario.sessions.length).toBeGreaterThanOrEqual(2);
    expect(scenario.permutations[0].length).toBe(fuzzScenario(7).steps.length);
  });

  it('put statements inside savepoints that are rolled back to and released, in the CI batch too', () => {
    const sessions = Array.from({ length: 30 }, (_, i) => fuzzScenario(i + 1)).flatMap((f) =>
      ['A', 'B', 'C'].map((name) => f.steps.filter((s) => s.session === name).map((s) => s.sql)),
    );
    const around = (close: RegExp) => sessions.filter((sqls) => sqls.some((sql, i) => /^SAVEPOINT (\w+)/.test(sql) && sqls.slice(i + 1).some((later) => close.test(later)))).length;
    expect(around(/^ROLLBACK TO SAVEPOINT/)).toBeGreaterThan(3);
    expect(around(/^RELEASE SAVEPOINT/)).toBeGreaterThan(1);
  });
});

describe('fuzz lock steps', () => {
  it('add LOCK TABLE and advisory-lock steps inside the sessions\' transactions, leaving the other steps as they were', () => {
    const seeds = Array.from({ length: 40 }, (_, i) => i + 1);
    const added = seeds.map((seed) => {
      const plain = fuzzScenario(seed);
      const locked = withLockSteps(plain);
      expect(locked.steps.filter((s) => plain.steps.includes(s))).toEqual(plain.steps);
      for (const session of new Set(locked.steps.map((s) => s.session))) {
        const own = locked.steps.filter((s) => s.session === session);
        expect(own[0].sql).toMatch(/^BEGIN/);
        expect(own.at(-1)!.sql).toMatch(/^(COMMIT|ROLLBACK);$/);
      }
      return locked.steps.filter((s) => !plain.steps.includes(s)).map((s) => s.sql);
    });
    const all = added.flat();
    expect(all.some((sql) => /^LOCK TABLE [tc] IN [A-Z ]+ MODE( NOWAIT)?;$/.test(sql))).toBe(true);
    expect(all.some((sql) => /^SELECT pg_(try_)?advisory_xact_lock(_shared)?\([12]\);$/.test(sql))).toBe(true);
    expect(added.filter((a) => a.length === 0).length).toBeGreaterThan(0);
  });
});

describe.skipIf(!available)(title, () => {
  let cluster: Cluster;
  let engines: FuzzEngines & { close(): Promise<void> };

  beforeAll(async () => {
    cluster = await startCluster();
    const pglite = await createPgliteEngine();
    const postgres = new PostgresEngine({ url: cluster.url });
    engines = { pglite, postgres, close: async () => (await pglite.close(), await postgres.close()) };
  });

  afterAll(async () => {
    await engines?.close();
    await cluster?.stop();
  });

  it('finds no silent difference in seeds 1–30', async () => {
    const report = await fuzz(engines, 1, 30);
    const counts = (map: Map<string, number>) => [...map].map(([reason, n]) => `${n} × ${reason}`).join('; ') || 'none';
    console.log(`lab fuzz, seeds 1–30: ${report.same} the same; refused: ${counts(report.refused)}; not runnable on PostgreSQL either: ${counts(report.invalid)}`);
    expect(report.differences).toEqual([]);
    expect(report.same).toBeGreaterThan(20);
  }, 180_000);
});
