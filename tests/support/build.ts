/** Builds a vault into a directory the way `npm run build` does (src/cli/build.ts: `astro build`, then the search index). */
import path from 'node:path';
import { PROJECT_ROOT, runProjectCli } from './run-command.ts';

export { PROJECT_ROOT };

/** Longer than any build a test makes (the largest, a help vault, takes about a minute). */
const BUILD_LIMIT_MS = 10 * 60_000;

export interface BuildResult {
  code: number;
  output: string;
}

/**
 * `outDir` must be inside the project (use `.cache/…`): for an outDir outside the working
 * directory Astro stages the build in the project's shared `.astro/.prerender`, and two
 * builds running at once then delete each other's files.
 */
export async function buildSite(options: { vaultDir?: string; outDir: string; base?: string; env?: Record<string, string> }): Promise<BuildResult> {
  if (path.relative(PROJECT_ROOT, path.resolve(PROJECT_ROOT, options.outDir)).startsWith('..')) {
    throw new Error(`buildSite: outDir ${options.outDir} must be inside ${PROJECT_ROOT} (e.g. .cache/…), see the comment above`);
  }
  const env: NodeJS.ProcessEnv = {
    ...(options.vaultDir ? { VAULT_DIR: options.vaultDir } : {}),
    BASE_PATH: options.base ?? '/',
    ASTRO_TELEMETRY_DISABLED: '1',
    ...options.env,
  };
  const result = await runProjectCli('build', ['--outDir', options.outDir], { env, timeoutMs: BUILD_LIMIT_MS });
  const limit = result.timedOut ? `\nbuildSite: the build was stopped after ${BUILD_LIMIT_MS / 60_000} minutes` : '';
  return { code: result.status ?? 1, output: `${result.stdout}${result.stderr}${limit}` };
}
