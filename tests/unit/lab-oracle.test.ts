/**
 * The lab's oracle: every scenario of the corpus (tests/lab/corpus) and every ```lab block of
 * the sample vault runs on a throwaway PostgreSQL 15 cluster, at every level and permutation,
 * and must match its golden transcripts step by step (the ones the PGlite engine is compared
 * with) and its author's expectations. Skipped, visibly, where the server binaries are not
 * installed (`apt-get install postgresql`). The engine's own mechanics (tags, notices,
 * isolationtester's markers, steps issued on a waiting session) are checked on the same cluster.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPostgres, postgresBinDir, startCluster, type Cluster } from '../../src/node/lab/cluster.ts';
import { compareTranscripts } from '../../src/core/lab/compare.ts';
import { fingerprint, goldenPath, readGolden } from '../../src/node/lab/golden.ts';
import { LEVELS } from '../../src/core/lab/levels.ts';
import { loadScenarios } from '../../src/node/lab/load.ts';
import { LabRunError, PostgresEngine } from '../../src/node/lab/postgres-engine.ts';
import type { IsolationLevel, Transcript } from '../../src/core/lab/scenario.ts';
import { parseLab, verdict } from '../../src/core/lab/spec-parser.ts';
import { CORPUS, labCorpus } from '../support/lab-corpus.ts';
import { en } from '../../src/core/i18n/en.ts';

const scenarios = labCorpus();

const available = hasPostgres();
const title = available ? 'lab oracle on PostgreSQL' : `lab oracle SKIPPED: no ${postgresBinDir()}/postgres (apt-get install postgresql)`;
if (!available) console.warn(`${title}: the corpus was not checked against the server`);

describe.skipIf(!available)(title, () => {
  let cluster: Cluster;
  let engine: PostgresEngine;

  beforeAll(async () => {
    cluster = await startCluster();
    engine = new PostgresEngine({ url: cluster.url });
  });

  afterAll(async () => {
    await engine?.close();
    await cluster?.stop();
  });

  it('has the whole corpus', () => {
    expect(scenarios.filter((s) => s.goldenDir === CORPUS).length).toBeGreaterThanOrEqual(18);
  });

  for (const { file, goldenDir } of scenarios) {
    it(file, async () => {
      const golden = await readGolden(goldenPath(file, goldenDir));
      for (const loaded of await loadScenarios(file)) {
        const at = `${file}:${loaded.error?.line ?? loaded.line}`;
        expect(loaded.error?.message, at).toBeUndefined();
        const scenario = loaded.scenario!;
        const recorded = golden?.scenarios.find((s) => s.fingerprint === fingerprint(scenario));
        expect(recorded, `${at}: no golden transcripts; run npm run lab -- record ${file}${goldenDir === CORPUS ? '' : ` --golden-dir ${goldenDir}`}`).toBeDefined();
        expect(recorded!.transcripts.map((t) => `${t.level} ${t.permutation.join(' ')}`).sort()).toEqual(
          LEVELS.flatMap((level) => scenario.permutations.map((p) => `${level} ${p.join(' ')}`)).sort(),
        );
        for (const expected of recorded!.transcripts) {
          const index = scenario.permutations.findIndex((p) => p.join(' ') === expected.permutation.join(' '));
          const actual = await engine.run(scenario, expected.permutation, expected.level, scenario.blockers?.[index]);
          expect(compareTranscripts(scenario, expected, actual, ['the golden file', 'the server']), `${at} ${expected.level}`).toBeUndefined();
          const result = verdict(scenario, expected.level, actual, en.labText);
          expect(result.status, `${at}: ${result.line}`).not.toBe('fail');
          if (goldenDir === CORPUS) expect(result.status, `${at}: every corpus scenario states its outcome at ${expected.level}`).toBe('pass');
        }
      }
    });
  }

  /** Runs a scenario's first permutation and returns the events, in short: `step kind result`. */
  async function events(text: string, level: IsolationLevel = 'read committed', permutation = 0): Promise<string[]> {
    const scenario = parseLab(text);
    const transcript: Transcript = await engine.run(scenario, scenario.permutations[permutation], level, scenario.blockers?.[permutation]);
    return transcript.events.map((e) => {
      const head = e.kind === 'waiting' ? `${e.step} waiting${e.waitsFor ? ` for ${e.waitsFor.join(',')}` : ''}` : `${e.step} ${e.kind === 'resumed' ? `resumed after ${e.after}` : 'done'}`;
      if (e.kind === 'waiting') return head;
      const r = e.result;
      const rows = r.rows ? ` ${JSON.stringify([r.columns, ...r.rows])}` : '';
      const notices = r.notices ? ` ${JSON.stringify(r.notices)}` : '';
      return `${head}: ${r.error ? r.error.code : (r.tag ?? '(empty)')}${rows}${notices}`;
    });
  }

  it('reports the last statement of a step: the server\'s own command tag, text values, NULL, notices', async () => {
    expect(
      await events(`A: CREATE TABLE x (i int, t text); INSERT INTO x VALUES (1, 'a'), (2, NULL);
A: SELECT i, t FROM x ORDER BY i;
A: DO $$BEGIN RAISE NOTICE 'hello'; END$$;
A: SELECT 1; SELECT 1/0; SELECT 2;
A: -- only a comment
A: COPY x FROM STDIN;`),
    ).toEqual([
      'A1 done: INSERT 0 2',
      'A2 done: SELECT 2 [["i","t"],["1","a"],["2",null]]',
      'A3 done: DO ["NOTICE: hello"]',
      'A4 done: 22012',
      'A5 done: (empty)',
      'A6 done: 57014',
    ]);
  });

  it('takes no snapshot of its own in a transaction that a session\'s setup began', async () => {
    const spec = `setup { CREATE TABLE t (v int); INSERT INTO t VALUES (1); }
session s1
setup { BEGIN ISOLATION LEVEL REPEATABLE READ; }
step r1 { SELECT v FROM t; }
session s2
step w2 { UPDATE t SET v = 2; }
permutation w2 r1`;
    expect(await events(spec)).toEqual(['w2 done: UPDATE 1', 'r1 done: SELECT 1 [["v"],["2"]]']);
  });

  it('honours isolationtester\'s markers: (*) reports a wait, (step) holds a completion back', async () => {
    const once = `session s1
step s1a { SELECT 1 AS one; }
step s1b { SELECT 2 AS two; }
session s2
step s2a { SELECT 3 AS three; }
permutation s1a(*) s2a s1b`;
    expect(await events(once)).toEqual(['s1a waiting', 's2a done: SELECT 1 [["three"],["3"]]', 's1a resumed after s2a: SELECT 1 [["one"],["1"]]', 's1b done: SELECT 1 [["two"],["2"]]']);
    const held = `setup { CREATE TABLE t (k int PRIMARY KEY); INSERT INTO t VALUES (1); }
session s1
step s1u { BEGIN; UPDATE t SET k = 1 WHERE k = 1; }
step s1c { COMMIT; }
session s2
step s2u { UPDATE t SET k = 1 WHERE k = 1; }
session s3
step s3s { SELECT 3 AS three; }
permutation s1u s2u s3s(s2u) s1c`;
    expect(await events(held)).toEqual([
      's1u done: UPDATE 1',
      's2u waiting for s1',
      's3s waiting',
      's1c done: COMMIT',
      's2u resumed after s1c: UPDATE 1',
      's3s resumed after s1c: SELECT 1 [["three"],["3"]]',
    ]);
  });

  it('waits for a session\'s waiting step before its next one, and refuses when nothing can end the wait', async () => {
    // As in PostgreSQL's deadlock specs: s2's longer deadlock_timeout lets its wait be reported.
    const deadlock = `setup { CREATE TABLE t (k int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 0), (2, 0); }
session s1
setup { BEGIN; SET deadlock_timeout = '100s'; }
step s1a { UPDATE t SET v = 1 WHERE k = 1; }
step s1b { UPDATE t SET v = 1 WHERE k = 2; }
step s1c { COMMIT; }
session s2
setup { BEGIN; SET deadlock_timeout = '1s'; }
step s2a { UPDATE t SET v = 2 WHERE k = 2; }
step s2b { UPDATE t SET v = 2 WHERE k = 1; }
step s2c { COMMIT; }
permutation s1a s2a s1b s2b s1c s2c`;
    expect(await events(deadlock)).toEqual([
      's1a done: UPDATE 1',
      's2a done: UPDATE 1',
      's1b waiting for s2',
      's2b waiting for s1',
      's1b resumed after s1c: UPDATE 1',
      's2b resumed after s1c: 40P01',
      's1c done: COMMIT',
      's2c done: ROLLBACK',
    ]);
    const invalid = '-- setup\nCREATE TABLE t (k int);\nINSERT INTO t VALUES (1);\n-- steps\nA: BEGIN;\nA: DELETE FROM t;\nB: DELETE FROM t;\nB: SELECT 1;\nA: COMMIT;';
    await expect(events(invalid)).rejects.toThrow(/step B2 is issued while session B is still waiting in step B1/);
  });

  it('leaves a step waiting when the permutation ends, and reports scenarios it cannot run', async () => {
    const setup = '-- setup\nCREATE TABLE t (k int PRIMARY KEY);\nINSERT INTO t VALUES (1);\n-- steps\n';
    expect(await events(`${setup}A: BEGIN;\nA: DELETE FROM t;\nB: DELETE FROM t;`)).toEqual(['A1 done: BEGIN', 'A2 done: DELETE 1', 'B1 waiting for A']);
    await expect(events('-- setup\nCREATE TABLE;\n-- steps\nA: SELECT 1;')).rejects.toThrow(LabRunError);
    const scenario = parseLab('A: SELECT 1;');
    await expect(engine.run(scenario, ['A9'], 'read committed')).rejects.toThrow('the permutation names an unknown step "A9"');
  });
});

