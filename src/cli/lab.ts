/**
 * `npm run lab`: runs isolation-lab scenarios (.spec and .lab files, ```lab blocks in notes)
 * on either engine and prints what happened, so any scenario can be checked against any
 * PostgreSQL server.
 *
 *   run <files…> [--engine pglite|postgres] [--database-url URL] [--level L]… [--json]
 *       every permutation at every level asked (default: all three); transcripts as text, or
 *       JSON (shape in the README); exit 1 when a run fails or differs from its expectation
 *   verify <files…> [--database-url URL | --golden] [--golden-dir DIR]
 *       the PGlite engine against the server (live, or the recorded golden transcripts),
 *       step by step; exit 1 at any difference
 *   record <files…> [--database-url URL] [--golden-dir DIR]
 *       runs on the server and writes the golden transcripts (x.lab → x.golden.json)
 *   fuzz --seed N --count K [--database-url URL] [--out DIR]
 *       random scenarios (seeds N … N+K-1) on both engines; each silent difference is
 *       shrunk and written to DIR (default tests/lab/corpus) as fuzz-<seed>.lab with its
 *       golden transcripts; refusals counted by reason; exit 1 at any difference
 *
 * Without --database-url the server is a throwaway PostgreSQL 15 cluster started for the
 * command (see src/node/lab/cluster.ts).
 */
import { parseArgs } from 'node:util';
import { startCluster } from '../node/lab/cluster.ts';
import { compareTranscripts } from '../core/lab/compare.ts';
import { fuzz, shrink, writeCorpusFile } from '../node/lab/fuzz.ts';
import { fingerprint, goldenPath, readGolden, writeGolden, type GoldenFile, type GoldenScenario } from '../node/lab/golden.ts';
import { LEVELS, parseLevel } from '../core/lab/levels.ts';
import { loadScenarios, type LoadedScenario } from '../node/lab/load.ts';
import { LabRunError, PostgresEngine } from '../node/lab/postgres-engine.ts';
import { createPgliteEngine } from '../node/lab/node-engine.ts';
import { en } from '../core/i18n/en.ts';
import type { IsolationLevel, LabEngine, LabScenario, Transcript } from '../core/lab/scenario.ts';
import { verdict, type Verdict } from '../core/lab/spec-parser.ts';
import { transcriptText } from '../core/lab/transcript-text.ts';

const USAGE = `usage: npm run lab -- run <files…> [--engine pglite|postgres] [--database-url URL] [--level LEVEL]… [--json]
       npm run lab -- verify <files…> [--database-url URL | --golden] [--golden-dir DIR]
       npm run lab -- record <files…> [--database-url URL] [--golden-dir DIR]
       npm run lab -- fuzz --seed N --count K [--database-url URL] [--out DIR]`;

/** A problem with how the command was called: reported in one line, exit 2. */
class CliError extends Error {
  readonly showUsage: boolean;

  constructor(message: string, showUsage = true) {
    super(message);
    this.showUsage = showUsage;
  }
}

interface OpenEngine {
  engine: LabEngine;
  /** The server's version, for the postgres engine. */
  server?: string;
  close(): Promise<void>;
}

async function openPostgres(url: string | undefined): Promise<OpenEngine & { server: string }> {
  const cluster = url ? undefined : await startCluster();
  const engine = new PostgresEngine({ url: url ?? cluster!.url });
  try {
    const server = await engine.serverVersion();
    const close = async () => {
      await engine.close();
      await cluster?.stop();
    };
    return { engine, server, close };
  } catch (error) {
    await engine.close();
    await cluster?.stop();
    throw error;
  }
}

async function openPglite(): Promise<OpenEngine> {
  const engine = await createPgliteEngine();
  return { engine, close: () => engine.close() };
}

function levelsOf(values: string[] | undefined): IsolationLevel[] {
  if (!values?.length) return [...LEVELS];
  return values.map((value) => {
    const parsed = parseLevel(value);
    if (!parsed) throw new CliError(`unknown isolation level "${value}" (read committed, repeatable read, serializable)`);
    if (parsed.uncommitted) console.error('read uncommitted runs as read committed in PostgreSQL: running read committed');
    return parsed.level;
  });
}

function where(loaded: LoadedScenario): string {
  return `${loaded.file}:${loaded.line}`;
}

/** `file:line: error: message`, as `npm run check` prints problems. */
function parseError(loaded: LoadedScenario): string {
  const { line, message } = loaded.error!;
  return `${loaded.file}:${line}: error: ${message.replace(/^line \d+: /, '')}`;
}

/** Every permutation of a scenario at every level, in that order (levels outside). */
async function runAll(engine: LabEngine, scenario: LabScenario, levels: IsolationLevel[]): Promise<Transcript[]> {
  const transcripts: Transcript[] = [];
  for (const level of levels) {
    for (const [i, permutation] of scenario.permutations.entries()) {
      transcripts.push(await engine.run(scenario, permutation, level, scenario.blockers?.[i]));
    }
  }
  return transcripts;
}

const MARK: Record<Verdict['status'], string> = { pass: '✓', fail: '✗', none: '·' };

async function commandRun(files: string[], options: { engine: string; url?: string; levels: IsolationLevel[]; json: boolean }): Promise<number> {
  if (options.engine !== 'postgres' && options.engine !== 'pglite') throw new CliError(`unknown engine "${options.engine}" (pglite, postgres)`);
  const open = options.engine === 'postgres' ? await openPostgres(options.url) : await openPglite();
  let status = 0;
  const report: unknown[] = [];
  try {
    for (const file of files) {
      for (const loaded of await loadScenarios(file)) {
        const { scenario } = loaded;
        const entry: Record<string, unknown> = { file: loaded.file, line: loaded.line, title: scenario?.title };
        report.push(entry);
        if (!scenario) {
          status = 1;
          entry.error = loaded.error!.message;
          if (!options.json) console.log(parseError(loaded));
          continue;
        }
        if (!options.json) console.log(`\n== ${where(loaded)}${scenario.title ? ` — ${scenario.title}` : ''}`);
        try {
          const runs = [];
          for (const transcript of await runAll(open.engine, scenario, options.levels)) {
            const result = verdict(scenario, transcript.level, transcript, en.labText);
            if (result.status === 'fail') status = 1;
            runs.push({ ...transcript, verdict: result });
            if (!options.json) console.log(`\n${transcriptText(scenario, transcript)}\n${MARK[result.status]} ${result.line}`);
          }
          entry.runs = runs;
        } catch (error) {
          if (!(error instanceof LabRunError)) throw error;
          status = 1;
          entry.error = error.message;
          if (!options.json) console.log(`${where(loaded)}: error: ${error.message}`);
        }
      }
    }
  } finally {
    await open.close();
  }
  if (options.json) console.log(JSON.stringify({ engine: open.engine.name, server: open.server, scenarios: report }, null, 2));
  return status;
}

/** The server's transcripts of a scenario: recorded ones from its golden file, or a live run. */
type ServerSource = (loaded: LoadedScenario & { scenario: LabScenario }) => Promise<Transcript[] | string>;

async function commandVerify(files: string[], options: { url?: string; golden: boolean; goldenDir?: string }): Promise<number> {
  if (options.golden && options.url) throw new CliError('--golden compares with recorded transcripts: it takes no --database-url');
  const pglite = await openPglite();
  const server = options.golden ? undefined : await openPostgres(options.url);
  const goldens = new Map<string, GoldenFile | undefined>();
  const source: ServerSource = async (loaded) => {
    if (server) {
      try {
        return await runAll(server.engine, loaded.scenario, [...LEVELS]);
      } catch (error) {
        // The scenario cannot run as written even on the server (a step for a session still waiting…).
        if (error instanceof LabRunError) return `cannot run on PostgreSQL: ${error.message}`;
        throw error;
      }
    }
    const file = goldenPath(loaded.file, options.goldenDir);
    if (!goldens.has(file)) goldens.set(file, await readGolden(file));
    const recorded = goldens.get(file)?.scenarios.find((s) => s.fingerprint === fingerprint(loaded.scenario));
    return recorded?.transcripts ?? `no golden transcripts in ${file} for this scenario: run npm run lab -- record ${loaded.file}`;
  };
  let runs = 0;
  let differences = 0;
  try {
    for (const file of files) {
      for (const loaded of await loadScenarios(file)) {
        if (!loaded.scenario) {
          differences++;
          console.log(parseError(loaded));
          continue;
        }
        const scenario = loaded.scenario;
        const expected = await source({ ...loaded, scenario });
        if (typeof expected === 'string') {
          differences++;
          console.log(`${where(loaded)}: ${expected}`);
          continue;
        }
        for (const reference of expected) {
          runs++;
          const index = scenario.permutations.findIndex((p) => p.join(' ') === reference.permutation.join(' '));
          let difference: string | undefined;
          try {
            const actual = await pglite.engine.run(scenario, reference.permutation, reference.level, scenario.blockers?.[index]);
            difference = compareTranscripts(scenario, reference, actual, ['PostgreSQL', 'PGlite']);
          } catch (error) {
            // A statement the engine does not model: refused, which is not a match either.
            if (!(error instanceof LabRunError)) throw error;
            difference = `refused on PGlite: ${error.message}`;
          }
          if (difference) differences++;
          console.log(`${difference ? '✗' : '✓'} ${where(loaded)} ${reference.level} [${reference.permutation.join(' ')}]${difference ? `: ${difference}` : ''}`);
        }
      }
    }
  } finally {
    await pglite.close();
    await server?.close();
  }
  console.log(`${runs} run(s) compared, ${differences} difference(s)`);
  return differences ? 1 : 0;
}

async function commandRecord(files: string[], options: { url?: string; goldenDir?: string }): Promise<number> {
  const server = await openPostgres(options.url);
  let status = 0;
  try {
    for (const file of files) {
      const scenarios: GoldenScenario[] = [];
      for (const loaded of await loadScenarios(file)) {
        const { scenario } = loaded;
        if (!scenario) {
          status = 1;
          console.log(parseError(loaded));
          continue;
        }
        const transcripts = await runAll(server.engine, scenario, [...LEVELS]);
        for (const transcript of transcripts) {
          const result = verdict(scenario, transcript.level, transcript, en.labText);
          if (result.status === 'fail') status = 1;
          console.log(`${MARK[result.status]} ${where(loaded)} [${transcript.permutation.join(' ')}] ${result.line}`);
        }
        scenarios.push({ line: loaded.line, title: scenario.title, fingerprint: fingerprint(scenario), transcripts });
      }
      if (scenarios.length) await writeGolden(goldenPath(file, options.goldenDir), { server: server.server, scenarios });
    }
  } finally {
    await server.close();
  }
  return status;
}

async function commandFuzz(options: { url?: string; seed?: string; count?: string; out: string }): Promise<number> {
  const seed = Number(options.seed ?? 1);
  const count = Number(options.count ?? 100);
  if (!Number.isInteger(seed) || !Number.isInteger(count) || count < 1) throw new CliError('fuzz: --seed and --count take whole numbers');
  const pglite = await openPglite();
  const server = await openPostgres(options.url);
  const engines = { pglite: pglite.engine, postgres: server.engine };
  const started = performance.now();
  try {
    const report = await fuzz(engines, seed, count, async (scenario, difference) => {
      console.log(`✗ seed ${scenario.seed}: ${difference}`);
      const shrunk = await shrink(engines, scenario);
      const file = await writeCorpusFile(server.engine as PostgresEngine, options.out, shrunk.scenario, shrunk.difference);
      console.log(`  shrunk to ${shrunk.scenario.steps.length} steps: ${file}`);
    }, (so, done) => {
      const refused = [...so.refused.values()].reduce((a, b) => a + b, 0);
      console.log(`… ${done} scenarios, ${((performance.now() - started) / 1000).toFixed(0)} s: ${so.same} the same, ${refused} refused, ${so.differences.length} difference(s)`);
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    console.log(`${report.count} scenarios (seeds ${seed}…${seed + count - 1}) in ${seconds} s on ${server.server}: ${report.same} the same, ${report.differences.length} silent difference(s)`);
    const list = (title: string, map: Map<string, number>) => {
      const total = [...map.values()].reduce((a, b) => a + b, 0);
      console.log(`${title}: ${total}`);
      for (const [reason, n] of [...map].sort((a, b) => b[1] - a[1])) console.log(`  ${n}  ${reason}`);
    };
    list('refused by the engine', report.refused);
    list('not runnable as written, on PostgreSQL too', report.invalid);
    console.log(`differences gone when run again (the server's timing): ${report.unstable.length}`);
    for (const { seed: s, difference } of report.unstable) console.log(`  seed ${s}: ${difference}`);
    return report.differences.length ? 1 : 0;
  } finally {
    await pglite.close();
    await server.close();
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArguments();
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [command, ...files] = positionals;
  try {
    const url = values['database-url'];
    if (command === 'fuzz') return await commandFuzz({ url, seed: values.seed, count: values.count, out: values.out });
    if (!files.length) throw new CliError(command ? `${command}: no files given` : 'no command given');
    switch (command) {
      case 'run':
        return await commandRun(files, { engine: values.engine, url, levels: levelsOf(values.level), json: values.json });
      case 'verify':
        return await commandVerify(files, { url, golden: values.golden, goldenDir: values['golden-dir'] });
      case 'record':
        return await commandRecord(files, { url, goldenDir: values['golden-dir'] });
      default:
        throw new CliError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    console.error(`lab: ${error.message}${error.showUsage ? `\n${USAGE}` : ''}`);
    return 2;
  }
}

/** The command line; an unknown option is a usage error (exit 2), not a stack trace. */
function parseArguments() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h', default: false },
        engine: { type: 'string', default: 'pglite' },
        'database-url': { type: 'string' },
        level: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        golden: { type: 'boolean', default: false },
        'golden-dir': { type: 'string' },
        seed: { type: 'string' },
        count: { type: 'string' },
        out: { type: 'string', default: 'tests/lab/corpus' },
      },
    });
  } catch (error) {
    console.error(`lab: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

// Ctrl-C exits through process.exit, so the throwaway cluster's exit hook stops and removes it.
process.once('SIGINT', () => process.exit(130));
process.exitCode = await main();
