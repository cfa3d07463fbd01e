/**
 * `vault-kb`: the command a vault repository runs with vault-kb installed as a
 * dev-dependency (`npx vault-kb build`). The Astro project (config, pages, components) is this
 * package; the vault, its `vault-kb.config.json` and the built site are in the current
 * directory. Relative paths on the command line and in the config file are from there.
 *
 * Exit codes: 0 done (check: no problem), 1 the check found problems or the build failed,
 * 2 the command line or the config file is wrong (one line says which key and why).
 */
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { REPORT_FORMATS, type ReportFormat } from '../core/check-report.ts';
import type { VaultKbOptions } from '../shell/config.ts';
import { ConfigError, CONFIG_FILE, CONFIG_FILES, readVaultConfig, vaultOptions } from '../node/vault-config.ts';
import { ASTRO_BIN, PROJECT_ROOT } from './project.ts';

export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

/** The package's own cache, where a build keeps it too (Astro runs in the package): one folder for CI to keep. */
const CACHE_DIR = path.join(PROJECT_ROOT, 'node_modules/.cache/vault-kb');

class UsageError extends Error {}

const COMMON = `
The vault is the current directory unless given (or "vault" in ${CONFIG_FILE}, or in
vault-kb.config.ts exporting defineConfig({ … }) from 'vault-kb').
Exit codes: 0 done, 1 problems found or the build failed, 2 wrong command line or config file.`;

const COMMANDS: Record<string, { usage: string; options: ParseArgsOptionsConfig; positionals: number }> = {
  build: {
    usage: `vault-kb build [vault] [--out DIR] [--base /kb/]
  Builds the site into DIR (default: ./dist, or "outDir" in ${CONFIG_FILE}).
  A DIR inside the vault is left out of the vault; a DIR that holds the vault is refused.
  --out DIR     where the site is written
  --base PATH   URL prefix the site is served under, e.g. /kb/ (or BASE_PATH)`,
    options: { out: { type: 'string' }, base: { type: 'string' } },
    positionals: 1,
  },
  dev: {
    usage: `vault-kb dev [vault] [--port N]
  Serves the vault at http://127.0.0.1:4321, reloading pages as notes change.`,
    options: { port: { type: 'string' }, base: { type: 'string' } },
    positionals: 1,
  },
  preview: {
    usage: `vault-kb preview [--out DIR] [--port N]
  Serves the site "vault-kb build" wrote, as a static host would.`,
    options: { out: { type: 'string' }, port: { type: 'string' }, base: { type: 'string' } },
    positionals: 0,
  },
  check: {
    usage: `vault-kb check [vault] [--format text|json|github] [--sql-timeout SECONDS] [--verbose]
  Checks every link, embed and note and runs every SQL block (doc-tests), without building.
  --format text     file:line:col: severity: message [code] (default)
  --format github   GitHub Actions annotations, shown on the lines of a pull request
  --format json     one JSON document (schema version 1, see the README)
  --verbose         also info lines (which of several same-named notes Obsidian's rules pick)`,
    options: { format: { type: 'string' }, 'sql-timeout': { type: 'string' }, verbose: { type: 'boolean' } },
    positionals: 1,
  },
  init: {
    usage: `vault-kb init [--force]
  Writes ${CONFIG_FILE}, .github/workflows/vault-kb.yml and .gitlab-ci.yml into the current
  directory (the vault repository); existing files are kept unless --force.`,
    options: { force: { type: 'boolean' } },
    positionals: 0,
  },
};

const HELP = `vault-kb: an Obsidian vault as a searchable static site with live SQL.

Usage: vault-kb <command> [options]   (vault-kb <command> --help for its options)
${Object.values(COMMANDS)
  .map((c) => `  ${c.usage.split('\n')[0]}`)
  .join('\n')}
${COMMON}`;


const inside = (parent: string, child: string) => {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** The repository's own files, which are not notes or attachments when the vault is the repository's root. */
const REPOSITORY_FILES = ['package.json', 'package-lock.json', ...CONFIG_FILES];

/**
 * What the build leaves out of the vault: the output folder when it is inside the vault (the
 * build never reads what it writes), and the repository's files when the vault is the
 * current directory. An output folder that is the vault or holds it is refused.
 */
function leaveOut(options: VaultKbOptions, outDir: string, cwd: string): VaultKbOptions {
  const vaultDir = options.vaultDir!;
  if (inside(outDir, vaultDir)) throw new UsageError(`the output folder ${outDir} holds the vault ${vaultDir}; the build empties it, so choose another (--out)`);
  const ignore = [...(options.ignore ?? []), ...(vaultDir === cwd ? REPOSITORY_FILES : [])];
  if (inside(vaultDir, outDir)) ignore.push(path.relative(vaultDir, outDir).split(path.sep).join('/'));
  return { ...options, ignore };
}

/** The vault repository's options: its config file, then the vault and output folder named on the command line. */
async function options(cwd: string, vault: string | undefined, out: string | undefined): Promise<{ options: VaultKbOptions; outDir: string }> {
  const config = await readVaultConfig(cwd);
  const result = vaultOptions(config, cwd);
  if (vault) result.vaultDir = path.resolve(cwd, vault);
  const outDir = path.resolve(cwd, out ?? config.outDir ?? 'dist');
  return { options: leaveOut(result, outDir, cwd), outDir };
}

function environment(options: VaultKbOptions, base: string | undefined): NodeJS.ProcessEnv {
  return { ...process.env, VAULT_KB_OPTIONS: JSON.stringify(options), ...(base !== undefined ? { BASE_PATH: base } : {}) };
}

function astro(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ASTRO_BIN, ...args], { cwd: PROJECT_ROOT, stdio: 'inherit', env });
    // A stopped `vault-kb dev`/`preview` stops its server too.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
    child.on('error', reject);
    child.on('close', (status) => resolve(status ?? 1));
  });
}

/** The repository's root, which GitHub's annotations name files from; the current directory outside git. */
function repositoryRoot(dir: string): string {
  try {
    return execFileSync('git', ['-C', dir, 'rev-parse', '--show-toplevel'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return process.cwd();
  }
}

async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(HELP);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version') {
    console.log((await import('../../package.json', { with: { type: 'json' } })).default.version);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`unknown command "${name}"; the commands are: ${Object.keys(COMMANDS).join(', ')}`);
  const parsed = (() => {
    try {
      return parseArgs({ args: rest, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
    } catch (error) {
      throw new UsageError(`${(error as Error).message}\n\n${command.usage}`);
    }
  })();
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const { positionals } = parsed;
  if (values.help) {
    console.log(`${command.usage}\n${COMMON}`);
    return EXIT.ok;
  }
  if (positionals.length > command.positionals) throw new UsageError(`too many arguments: ${positionals.join(' ')}\n\n${command.usage}`);
  const cwd = process.cwd();
  const flag = (key: string) => (typeof values[key] === 'string' ? values[key] : undefined);
  switch (name) {
    case 'init':
      // Each command loads only its own modules, so `--help` and `init` start at once.
      return (await import('./init.ts')).initVaultRepo(cwd, { force: values.force === true });
    case 'check': {
      const format = (flag('format') ?? 'text') as ReportFormat;
      if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}, got "${format}"`);
      const { options: opts } = await options(cwd, positionals[0], undefined);
      const timeout = flag('sql-timeout');
      const env = { ...process.env, ...(timeout ? { VAULT_SQL_TIMEOUT: timeout } : {}) };
      const { runCheck } = await import('./run-check.ts');
      return runCheck({ options: opts, env, root: cwd, format, pathsFrom: repositoryRoot(opts.vaultDir!), cacheDir: CACHE_DIR, verbose: values.verbose === true });
    }
    case 'build': {
      const { options: opts, outDir } = await options(cwd, positionals[0], flag('out'));
      const { runBuild } = await import('./run-build.ts');
      return runBuild({ astroArgs: ['--outDir', outDir], outDir, env: environment(opts, flag('base')) });
    }
    case 'dev': {
      const { options: opts } = await options(cwd, positionals[0], undefined);
      const port = flag('port');
      return astro(['dev', ...(port ? ['--port', port] : [])], environment(opts, flag('base')));
    }
    default: {
      // preview: the same configuration, so the base path the site was built with is served.
      const { options: opts, outDir } = await options(cwd, undefined, flag('out'));
      const port = flag('port');
      return astro(['preview', '--outDir', outDir, ...(port ? ['--port', port] : [])], environment(opts, flag('base')));
    }
  }
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError || error instanceof ConfigError)) throw error;
  // A config error is already `file:line:col: error: …`, as editors jump to.
  console.error(error instanceof ConfigError ? error.message : `vault-kb: ${error.message}`);
  process.exitCode = EXIT.usage;
}
