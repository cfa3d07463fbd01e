/**
 * `npm run check`: the vault's strict check, without building the site. Reads the vault
 * configured in astro.config.mjs (or VAULT_DIR / `--vault <dir>`), resolves every link and
 * embed, renders every note, runs every runnable SQL block as the page would (doc-tests:
 * unexpected errors, `expect-error` blocks that pass, outputs that differ from the ```output
 * block), and prints each problem as `path:line:col: severity: message`.
 * Exits 1 when there is any, so CI and authors find out before the site ships.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from '../core/diagnostics.ts';
import { renderNote } from '../core/render/render-note.ts';
import { buildSite } from '../core/site/build-site.ts';
import { siteRenderContext } from '../core/render/site-context.ts';
import { checkSiteSql } from '../core/sql/check-site.ts';
import { pgliteDataDir } from '../core/sql/datadir.ts';
import { resolveConfig, type VaultKbOptions } from '../shell/config.ts';

async function projectOptions(root: string): Promise<VaultKbOptions> {
  const config = (await import(pathToFileURL(path.join(root, 'astro.config.mjs')).href)).default as {
    integrations?: unknown[];
  };
  const integration = (config.integrations ?? []).flat().find((i) => (i as { name?: string })?.name === 'vault-kb');
  return (integration as { vaultOptions?: VaultKbOptions } | undefined)?.vaultOptions ?? {};
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { vault: { type: 'string' } } });
  const root = process.cwd();
  const env = values.vault ? { ...process.env, VAULT_DIR: values.vault } : process.env;
  const config = resolveConfig(await projectOptions(root), env, root);
  const started = performance.now();
  const site = await buildSite({ vaultDir: config.vaultDir, base: config.base, lang: config.lang });
  const diagnostics: Diagnostic[] = [...site.diagnostics];
  const ctx = siteRenderContext(site);
  for (const note of site.notes) {
    try {
      await renderNote(note, ctx);
    } catch (error) {
      diagnostics.push({
        file: note.path, line: 1, column: 1, severity: 'error', code: 'render-crash',
        message: `rendering failed: ${(error as Error).message}`,
      });
    }
  }
  const sql = await checkSiteSql(site, await pgliteDataDir());
  diagnostics.push(...sql.diagnostics);
  for (const d of sortDiagnostics(diagnostics)) console.log(formatDiagnostic(d));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  console.log(
    `${path.relative(root, config.vaultDir) || '.'}: ${site.notes.length} notes (${sql.notes} with SQL), ${errors} error(s), ${diagnostics.length - errors} warning(s) in ${seconds} s`,
  );
  return diagnostics.length > 0 ? 1 : 0;
}

process.exitCode = await main();
