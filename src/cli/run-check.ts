/**
 * The vault check behind `npm run check` and `vault-kb check`: resolves the configuration,
 * checks the vault (src/node/site/check-vault.ts) and prints the diagnostics in the chosen
 * format. Returns the exit code: 0 clean, 1 any diagnostic.
 */
import path from 'node:path';
import { formatReport, type ReportFormat } from '../core/check-report.ts';
import { problemsOf } from '../core/diagnostics.ts';
import { checkVault } from '../node/site/check-vault.ts';
import { pgliteDataDir } from '../node/sql/datadir.ts';
import { resolveConfig, type VaultKbOptions } from '../shell/config.ts';
import { ensurePythonBundle } from '../node/python/bundle.ts';
import { progressDisplay } from './progress.ts';

export interface CheckRun {
  options: VaultKbOptions;
  env: NodeJS.ProcessEnv;
  /** The folder relative paths in the options are resolved from. */
  root: string;
  format: ReportFormat;
  /** Diagnostics' paths are given from here (the repository root); vault-relative when absent. */
  pathsFrom?: string;
  /** Where PostgreSQL's data directory is cached (datadir.ts's default when absent). */
  cacheDir?: string;
  /** Also print info lines (e.g. which of several same-named notes Obsidian's rules pick). */
  verbose?: boolean;
}

export async function runCheck({ options, env, root, format, pathsFrom, cacheDir, verbose = false }: CheckRun): Promise<number> {
  const config = resolveConfig(options, env, root);
  const display = progressDisplay();
  const report = await checkVault(
    { vaultDir: config.vaultDir, base: config.base, lang: config.lang, mdx: config.mdx, strictLineBreaks: config.strictLineBreaks, folders: config.folders },
    () => pgliteDataDir(cacheDir),
    { timeoutSeconds: config.sqlTimeout, pythonFiles: config.python ? ensurePythonBundle : undefined },
    display.progress,
  );
  display.end();
  const { site, timings } = report;
  // Info lines never fail a check; they are printed only when asked for.
  const diagnostics = problemsOf(report.diagnostics);
  const prefix = pathsFrom === undefined ? '' : path.relative(pathsFrom, config.vaultDir);
  const printed = formatReport(format, verbose ? report.diagnostics : diagnostics, { notes: site.notes.length, notesWithSnippets: report.sqlNotes }, prefix);
  if (printed) console.log(printed);
  if (format !== 'json') {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const sqlRate = timings.sql > 0 ? `, ${(report.sqlNotes / timings.sql).toFixed(0)} notes/s` : '';
    console.log(
      `${path.relative(process.cwd(), config.vaultDir) || '.'}: ${site.notes.length} notes, ${report.sqlNotes} with SQL; ` +
        `${errors} error(s), ${diagnostics.length - errors} warning(s). ` +
        `Read ${timings.read.toFixed(1)} s, rendered ${timings.render.toFixed(1)} s, SQL ${timings.sql.toFixed(1)} s${sqlRate}.`,
    );
  }
  return diagnostics.length > 0 ? 1 : 0;
}
