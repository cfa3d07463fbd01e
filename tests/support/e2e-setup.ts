/**
 * Builds the sites the end-to-end tests read (the fixture vault at `/` and under `/kb/`,
 * and the sample vault) with the real `astro build`, and serves each from a plain static
 * server on 127.0.0.1. Their URLs reach the tests as environment variables.
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildSite, PROJECT_ROOT } from './build.ts';
import { serveStatic, type RunningServer } from './static-server.ts';
import { writeXssVault } from './xss-vault.ts';

/** The XSS suite's vault, generated (xss-vault.ts) before its build. */
const XSS_VAULT = '.cache/e2e/xss-vault';

export const E2E_SITES: Record<string, { vaultDir: string; base: string; env?: Record<string, string> }> = {
  // The fixture vault is trusted with MDX (its English/Components.mdx is tested): VAULT_MDX=1.
  FIXTURE_URL: { vaultDir: 'tests/fixtures/vault', base: '/', env: { VAULT_MDX: '1' } },
  // Its canonical links, sitemap and feed are at this (never contacted) address; sharing.spec.ts maps it to the server.
  FIXTURE_KB_URL: { vaultDir: 'tests/fixtures/vault', base: '/kb/', env: { VAULT_MDX: '1', SITE_URL: 'https://kb.example.org' } },
  // As astro.config.mjs builds it: with its Python blocks (VAULT_DIR alone leaves them off).
  SAMPLE_URL: { vaultDir: 'src/content', base: '/', env: { VAULT_PYTHON: '1' } },
  // The fixture vault is Russian; its interface in English, set by configuration.
  FIXTURE_EN_URL: { vaultDir: 'tests/fixtures/vault', base: '/en/', env: { SITE_LANG: 'en', VAULT_MDX: '1' } },
  XSS_URL: { vaultDir: XSS_VAULT, base: '/', env: { SITE_LANG: 'en' } },
  // A small Italian vault: Italian interface and stemming by configuration (interface-language.spec.ts).
  ITALIAN_URL: { vaultDir: 'tests/fixtures/vault-it', base: '/', env: { SITE_LANG: 'it', OG_IMAGES: '0' } },
  // Python blocks on (their packages fetched by pip once, into node_modules/.cache): python.spec.ts.
  PYTHON_URL: { vaultDir: 'tests/fixtures/python-vault', base: '/', env: { SITE_LANG: 'en', VAULT_PYTHON: '1' } },
};

export default async function setup(): Promise<() => Promise<void>> {
  const servers: RunningServer[] = [];
  for (const [name, site] of Object.entries(E2E_SITES)) {
    const outDir = path.join(PROJECT_ROOT, '.cache/e2e', name.toLowerCase());
    // E2E_REUSE_BUILD=1 skips rebuilding while iterating on tests alone.
    if (!(process.env.E2E_REUSE_BUILD === '1' && existsSync(outDir))) {
      if (site.vaultDir === XSS_VAULT) {
        rmSync(path.join(PROJECT_ROOT, XSS_VAULT), { recursive: true, force: true });
        writeXssVault(path.join(PROJECT_ROOT, XSS_VAULT));
      }
      const result = await buildSite({ vaultDir: path.join(PROJECT_ROOT, site.vaultDir), outDir, base: site.base, env: site.env });
      if (result.code !== 0) throw new Error(`building ${site.vaultDir} at ${site.base} failed:\n${result.output}`);
    }
    const server = await serveStatic(outDir, site.base);
    servers.push(server);
    process.env[name] = server.url;
  }
  return async () => {
    await Promise.all(servers.map((s) => s.close()));
  };
}
