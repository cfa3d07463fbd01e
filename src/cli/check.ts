/**
 * `npm run check`: the vault's strict check, without building the site. Reads the vault
 * configured in astro.config.mjs (or VAULT_DIR / `--vault <dir>`), resolves every link and
 * embed, renders every note, runs every runnable SQL block as the page would, each for at
 * most `--sql-timeout <s>` / VAULT_SQL_TIMEOUT seconds (default 10) (doc-tests:
 * unexpected errors, `expect-error` blocks that pass, outputs that differ from the ```output
 * block), the ```python blocks too when Python blocks are on (VAULT_PYTHON=1), and prints each problem as `path:line:col: severity: message`
 * (`--verbose`: also info lines, e.g. which of several same-named notes Obsidian's rules pick).
 * Exits 1 when there is any, so CI and authors find out before the site ships.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { formatDiagnostic, problemsOf, sortDiagnostics } from '../core/diagnostics.ts';
import { checkVault } from '../node/site/check-vault.ts';
import { pgliteDataDir } from '../node/sql/datadir.ts';
import { resolveConfig, type VaultKbOptions } from '../shell/config.ts';
import { loadCheckPython } from '../node/python/check-loader.ts';

async function projectOptions(root: string): Promise<VaultKbOptions> {
  const config = (await import(pathToFileURL(path.join(root, 'astro.config.mjs')).href)).default as {
    integrations?: unknown[];
  };
  const integration = (config.integrations ?? []).flat().find((i) => (i as { name?: string })?.name === 'vault-kb');
  return (integration as { vaultOptions?: VaultKbOptions } | undefined)?.vaultOptions ?? {};
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { vault: { type: 'string' }, 'sql-timeout': { type: 'string' }, verbose: { type: 'boolean' } } });
  const root = process.cwd();
  const env = {
    ...process.env,
    ...(values.vault ? { VAULT_DIR: values.vault } : {}),
    ...(values['sql-timeout'] ? { VAULT_SQL_TIMEOUT: values['sql-timeout'] } : {}),
  };
  const config = resolveConfig(await projectOptions(root), env, root);
  const report = await checkVault(
    { vaultDir: config.vaultDir, base: config.base, lang: config.lang, mdx: config.mdx, strictLineBreaks: config.strictLineBreaks },
    () => pgliteDataDir(),
    { timeoutSeconds: config.sqlTimeout, loadPython: config.python ? loadCheckPython : undefined },
  );
  const { site, timings } = report;
  // Info lines (a link Obsidian's rules resolve among same-named files) only with --verbose.
  const diagnostics = problemsOf(report.diagnostics);
  for (const d of sortDiagnostics(values.verbose ? report.diagnostics : diagnostics)) console.log(formatDiagnostic(d));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const sqlRate = timings.sql > 0 ? `, ${(report.sqlNotes / timings.sql).toFixed(0)} notes/s` : '';
  console.log(
    `${path.relative(root, config.vaultDir) || '.'}: ${site.notes.length} notes, ${report.sqlNotes} with SQL; ` +
      `${errors} error(s), ${diagnostics.length - errors} warning(s). ` +
      `Read ${timings.read.toFixed(1)} s, rendered ${timings.render.toFixed(1)} s, SQL ${timings.sql.toFixed(1)} s${sqlRate}.`,
  );
  return diagnostics.length > 0 ? 1 : 0;
}

process.exitCode = await main();
