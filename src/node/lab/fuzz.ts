/**
 * The lab's differential fuzzer (`npm run lab -- fuzz`, and a fixed-seed batch in the unit
 * suite): each random scenario (fuzz-scenarios.ts, with the lock steps of fuzz-locks.ts) runs on the PGlite engine and on a real
 * PostgreSQL 15; their transcripts are compared step by step, error messages included. A
 * statement the engine refuses is counted by reason, not failed; a scenario PostgreSQL itself
 * cannot run as written (a step sent to a session still waiting) is counted as invalid. A
 * silent difference is shrunk — steps dropped while it stays a difference — to a minimal
 * scenario, which can be written as a corpus file with its golden transcripts.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compareTranscripts } from '../../core/lab/compare.ts';
import { LEVELS } from '../../core/lab/levels.ts';
import { LabRunError } from '../../core/lab/run-error.ts';
import type { LabEngine, LabScenario, Transcript } from '../../core/lab/scenario.ts';
import { parseLab } from '../../core/lab/spec-parser.ts';
import { fuzzScenario, fuzzScenarioText, type FuzzScenario } from './fuzz-scenarios.ts';
import { withLockSteps } from './fuzz-locks.ts';
import { fingerprint, goldenPath, writeGolden } from './golden.ts';

export type FuzzOutcome =
  | { status: 'same' }
  | { status: 'refused'; reason: string }
  | { status: 'invalid'; reason: string }
  | { status: 'different'; difference: string };

export interface FuzzEngines {
  pglite: LabEngine;
  postgres: LabEngine;
}

/** A refusal's reason without the step and statement it names, so refusals can be counted by reason. */
const reasonOf = (message: string) =>
  message
    .replace(/^step [^,]+, `[^`]*`: /, '')
    // The fuzzer's sessions are A, B, C and their steps A1, B2…
    .replace(/\b[ABC]\d*\b/g, '…')
    .replace(/`[^`]*`/g, '`…`');

async function transcriptOf(engine: LabEngine, scenario: LabScenario): Promise<Transcript | LabRunError> {
  try {
    return await engine.run(scenario, scenario.permutations[0], 'read committed');
  } catch (error) {
    if (error instanceof LabRunError) return error;
    throw error;
  }
}

/** Runs one scenario on both engines. */
export async function compareOnce(engines: FuzzEngines, fuzz: FuzzScenario): Promise<FuzzOutcome> {
  const scenario = parseLab(fuzzScenarioText(fuzz));
  const server = await transcriptOf(engines.postgres, scenario);
  if (server instanceof LabRunError) return { status: 'invalid', reason: reasonOf(server.message) };
  const lab = await transcriptOf(engines.pglite, scenario);
  if (lab instanceof LabRunError) return { status: 'refused', reason: reasonOf(lab.message) };
  const difference = compareTranscripts(scenario, server, lab, ['PostgreSQL', 'PGlite']);
  return difference ? { status: 'different', difference } : { status: 'same' };
}

/** The smallest scenario found by dropping steps one at a time while the engines still differ. */
export async function shrink(engines: FuzzEngines, fuzz: FuzzScenario): Promise<{ scenario: FuzzScenario; difference: string }> {
  let current = fuzz;
  let outcome = await compareOnce(engines, current);
  if (outcome.status !== 'different') throw new Error(`lab fuzz: seed ${fuzz.seed} does not differ`);
  for (let shrunk = true; shrunk; ) {
    shrunk = false;
    for (let i = 0; i < current.steps.length && current.steps.length > 1; i++) {
      const candidate = { ...current, steps: current.steps.filter((_, j) => j !== i) };
      const tried = await compareOnce(engines, candidate);
      if (tried.status === 'different') {
        current = candidate;
        outcome = tried;
        shrunk = true;
        i--;
      }
    }
  }
  return { scenario: current, difference: outcome.difference };
}

/** What the server did at one level, as an expectation line: its waits and errors, or `ok`. */
export function expectationOf(transcript: Transcript): string {
  const clauses: string[] = [];
  for (const event of transcript.events) {
    if (event.kind === 'waiting') {
      const resumed = transcript.events.find((e) => e.kind === 'resumed' && e.step === event.step);
      clauses.push(`waits at ${event.step}${resumed?.kind === 'resumed' ? ` until ${resumed.after}` : ''}`);
    } else if (event.result.error) clauses.push(`${event.result.error.code} at ${event.step}`);
  }
  return `${transcript.level}: ${clauses.length ? clauses.join('; ') : 'ok'}; as PostgreSQL 15`;
}

/** Writes a shrunk scenario as `fuzz-<seed>.lab` in `dir`, with its expectations and golden transcripts from the server. */
export async function writeCorpusFile(server: LabEngine & { serverVersion(): Promise<string> }, dir: string, fuzz: FuzzScenario, difference: string): Promise<string> {
  const file = path.join(dir, `fuzz-${fuzz.seed}.lab`);
  const text = fuzzScenarioText(fuzz, `Found by the fuzzer (seed ${fuzz.seed}): ${difference.replace(/\s+/g, ' ').slice(0, 160)}`);
  const scenario = parseLab(text);
  const transcripts: Transcript[] = [];
  for (const level of LEVELS) transcripts.push(await server.run(scenario, scenario.permutations[0], level));
  await mkdir(dir, { recursive: true });
  await writeFile(file, `${text}-- expect\n${transcripts.map(expectationOf).join('\n')}\n`);
  await writeGolden(goldenPath(file), { server: await server.serverVersion(), scenarios: [{ line: 1, title: scenario.title, fingerprint: fingerprint(scenario), transcripts }] });
  return file;
}

export interface FuzzReport {
  count: number;
  same: number;
  refused: Map<string, number>;
  invalid: Map<string, number>;
  differences: { seed: number; difference: string }[];
  /** Differences that were gone when the scenario ran again: the server's timing on a loaded machine (the engine's is virtual). */
  unstable: { seed: number; difference: string }[];
}

/**
 * Seeds `seed`, `seed + 1`, … `seed + count - 1`; `onDifference` is told each silent
 * difference at once, `onProgress` the report so far after every 100 scenarios. A difference
 * counts once it shows again on a second run (the engine is deterministic, the server's
 * timing on a loaded machine is not); one that does not is reported as unstable.
 */
export async function fuzz(
  engines: FuzzEngines,
  seed: number,
  count: number,
  onDifference?: (fuzz: FuzzScenario, difference: string) => Promise<void>,
  onProgress?: (report: FuzzReport, done: number) => void,
): Promise<FuzzReport> {
  const report: FuzzReport = { count, same: 0, refused: new Map(), invalid: new Map(), differences: [], unstable: [] };
  const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (let s = seed; s < seed + count; s++) {
    const scenario = withLockSteps(fuzzScenario(s));
    const outcome = await compareOnce(engines, scenario);
    if (outcome.status === 'same') report.same++;
    else if (outcome.status === 'refused') add(report.refused, outcome.reason);
    else if (outcome.status === 'invalid') add(report.invalid, outcome.reason);
    else if ((await compareOnce(engines, scenario)).status !== 'different') report.unstable.push({ seed: s, difference: outcome.difference });
    else {
      report.differences.push({ seed: s, difference: outcome.difference });
      await onDifference?.(scenario, outcome.difference);
    }
    if ((s - seed + 1) % 100 === 0) onProgress?.(report, s - seed + 1);
  }
  return report;
}
