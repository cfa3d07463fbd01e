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
import type { VaultKbOptions } from '../shell/config.ts';
import { runCheck } from './run-check.ts';

async function projectOptions(root: string): Promise<VaultKbOptions> {
  const config = (await import(pathToFileURL(path.join(root, 'astro.config.mjs')).href)).default as {
    integrations?: unknown[];
  };
  const integration = (config.integrations ?? []).flat().find((i) => (i as { name?: string })?.name === 'vault-kb');
  return (integration as { vaultOptions?: VaultKbOptions } | undefined)?.vaultOptions ?? {};
}

const { values } = parseArgs({ options: { vault: { type: 'string' }, 'sql-timeout': { type: 'string' }, verbose: { type: 'boolean' } } });
const root = process.cwd();
const env = {
  ...process.env,
  ...(values.vault ? { VAULT_DIR: values.vault } : {}),
  ...(values['sql-timeout'] ? { VAULT_SQL_TIMEOUT: values['sql-timeout'] } : {}),
};
process.exitCode = await runCheck({ options: await projectOptions(root), env, root, format: 'text', verbose: values.verbose === true });
