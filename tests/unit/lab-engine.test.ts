/**
 * The PGlite lab engine against the real server: every scenario of the corpus and every
 * ```lab block of the sample vault, at every level and permutation recorded in its golden
 * transcript (made on PostgreSQL 15 by `npm run lab -- record`, checked by lab-oracle.test.ts),
 * must come out the same, step by step: rows, tags, SQLSTATEs, waits and when they resume.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareTranscripts } from '../../src/core/lab/compare.ts';
import { fingerprint, goldenPath, readGolden } from '../../src/node/lab/golden.ts';
import { loadScenarios } from '../../src/node/lab/load.ts';
import { createPgliteEngine } from '../../src/node/lab/node-engine.ts';
import { transcriptText } from '../../src/core/lab/transcript-text.ts';
import { labCorpus } from '../support/lab-corpus.ts';


describe('the PGlite lab engine matches PostgreSQL', () => {
  let engine: Awaited<ReturnType<typeof createPgliteEngine>>;
  beforeAll(async () => {
    engine = await createPgliteEngine();
  });
  afterAll(async () => {
    await engine?.close();
  });

  for (const { file, goldenDir } of labCorpus()) {
    it(file, async () => {
      const golden = await readGolden(goldenPath(file, goldenDir));
      expect(golden, `${file}: no golden transcript (npm run lab -- record ${file})`).toBeDefined();
      const loaded = await loadScenarios(file);
      for (const [i, recorded] of golden!.scenarios.entries()) {
        const scenario = loaded[i]?.scenario;
        expect(scenario, `${file}: scenario ${i + 1} does not parse`).toBeDefined();
        expect(fingerprint(scenario!), `${file}: scenario ${i + 1} changed since its golden was recorded`).toBe(recorded.fingerprint);
        for (const transcript of recorded.transcripts) {
          const mine = await engine.run(scenario!, transcript.permutation, transcript.level);
          const difference = compareTranscripts(scenario!, transcript, mine);
          expect(difference, difference && `${file} ${transcript.level}\n${transcriptText(scenario!, mine)}`).toBeUndefined();
        }
      }
    }, 120_000);
  }
});
