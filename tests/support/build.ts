/** Builds a vault into a directory the way `npm run build` does (src/cli/build.ts: `astro build`, then the search index). */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface BuildResult {
  code: number;
  output: string;
}

/**
 * `outDir` must be inside the project (use `.cache/…`): for an outDir outside the working
 * directory Astro stages the build in the project's shared `.astro/.prerender`, and two
 * builds running at once then delete each other's files.
 */
export function buildSite(options: { vaultDir?: string; outDir: string; base?: string; env?: Record<string, string> }): Promise<BuildResult> {
  if (path.relative(PROJECT_ROOT, path.resolve(PROJECT_ROOT, options.outDir)).startsWith('..')) {
    return Promise.reject(new Error(`buildSite: outDir ${options.outDir} must be inside ${PROJECT_ROOT} (e.g. .cache/…), see the comment above`));
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${path.join(PROJECT_ROOT, 'node_modules/.bin')}${path.delimiter}${process.env.PATH}`,
    ...(options.vaultDir ? { VAULT_DIR: options.vaultDir } : {}),
    BASE_PATH: options.base ?? '/',
    ASTRO_TELEMETRY_DISABLED: '1',
    ...options.env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn('node', ['src/cli/build.ts', '--outDir', options.outDir], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
