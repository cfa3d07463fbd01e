/**
 * Golden transcripts (Node only): what the real server did with each scenario of a file, at
 * every level and permutation, recorded by `npm run lab -- record` so the PGlite engine can
 * be compared with PostgreSQL where no server runs. `x.lab` / `x.spec` / `note.md` keeps them
 * in `x.golden.json` beside it (or in another directory). Each scenario is keyed by a
 * fingerprint of what the engines run (setup, sessions, steps, permutations, markers — not
 * titles, expectations or line numbers), so an edited scenario is noticed as unrecorded.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LabScenario, Transcript } from '../../core/lab/scenario.ts';

export interface GoldenScenario {
  line: number;
  title?: string;
  fingerprint: string;
  transcripts: Transcript[];
}

export interface GoldenFile {
  /** `PostgreSQL 15.18 (Debian 15.18-0+deb12u1)` */
  server: string;
  scenarios: GoldenScenario[];
}

export function goldenPath(file: string, dir = path.dirname(file)): string {
  return path.join(dir, `${path.basename(file).replace(/\.[^.]+$/, '')}.golden.json`);
}

export function fingerprint(scenario: LabScenario): string {
  const runnable = {
    setup: scenario.setup,
    teardown: scenario.teardown,
    sessions: scenario.sessions.map((s) => ({
      name: s.name,
      setup: s.setup,
      level: s.level ?? null,
      teardown: s.teardown ?? [],
      steps: s.steps.map((step) => [step.name, step.sql]),
    })),
    permutations: scenario.permutations,
    blockers: scenario.blockers ?? null,
  };
  return createHash('sha256').update(JSON.stringify(runnable)).digest('hex');
}

export async function readGolden(file: string): Promise<GoldenFile | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as GoldenFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** JSON with one event per line: diffs of a re-recorded file show which steps changed. */
function goldenText(golden: GoldenFile): string {
  const j = (value: unknown) => JSON.stringify(value);
  const transcript = (t: Transcript) =>
    [
      '        {',
      `          "level": ${j(t.level)},`,
      `          "permutation": ${j(t.permutation)},`,
      '          "events": [',
      t.events.map((e) => `            ${j(e)}`).join(',\n'),
      '          ]',
      '        }',
    ].join('\n');
  const scenario = (s: GoldenScenario) =>
    [
      '    {',
      `      "line": ${s.line},`,
      ...(s.title === undefined ? [] : [`      "title": ${j(s.title)},`]),
      `      "fingerprint": ${j(s.fingerprint)},`,
      '      "transcripts": [',
      s.transcripts.map(transcript).join(',\n'),
      '      ]',
      '    }',
    ].join('\n');
  return ['{', `  "server": ${j(golden.server)},`, '  "scenarios": [', golden.scenarios.map(scenario).join(',\n'), '  ]', '}', ''].join('\n');
}

export async function writeGolden(file: string, golden: GoldenFile): Promise<void> {
  await writeFile(file, goldenText(golden));
}
