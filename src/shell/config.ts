/**
 * Where the vault is and how the site is served: integration options, overridden by the
 * environment (`VAULT_DIR`, `BASE_PATH`, `SITE_URL`, `SITE_LANG`, `SITE_TITLE`, `VAULT_STRICT`,
 * `VAULT_MDX`, `VAULT_SQL_TIMEOUT`, `OG_IMAGES`), so the same project builds any vault without
 * editing a file.
 */
import path from 'node:path';
import { normaliseSiteUrl } from '../core/site/discovery.ts';
import { DEFAULT_SQL_TIMEOUT } from '../core/workers/sql-checker.ts';

export interface VaultKbOptions {
  /** The Obsidian vault to publish; relative paths are from the project root. */
  vaultDir?: string;
  /** URL prefix to serve under, e.g. `/kb/`. */
  base?: string;
  /**
   * Where the site is served, e.g. `https://kb.example.org` (the base is added): canonical
   * links, `og:url`, absolute image and feed links, and the sitemap need it.
   */
  site?: string;
  /** Draw a social image (OpenGraph card) for every note; on unless `false`. */
  ogImages?: boolean;
  /** Interface language; by default the language most notes are written in. */
  lang?: string;
  /** Site title; by default the vault folder's name. */
  title?: string;
  /** Fail the build on any diagnostic, not only on errors. */
  strict?: boolean;
  /**
   * Publish `.mdx` notes. MDX is code: it runs with the build's rights (it can read any
   * file), so it is off unless the vault is trusted. Off, each `.mdx` note is reported.
   */
  mdx?: boolean;
  /** Seconds a SQL block may run in `npm run check` and strict builds before it is stopped (default 10). */
  sqlTimeout?: number;
  /**
   * Run ```python blocks (SQLAlchemy on the page's database), in the page and in `npm run
   * check`. Off by default, while the sample wiki's blocks are snippets that do not run.
   */
  python?: boolean;
}

export interface VaultKbConfig {
  vaultDir: string;
  base: string;
  /** Origin the site is served from, with a trailing `/`; undefined when not configured. */
  site?: string;
  ogImages: boolean;
  lang?: string;
  title: string;
  strict: boolean;
  mdx: boolean;
  sqlTimeout: number;
  python: boolean;
}

export const DEFAULT_VAULT_DIR = 'src/content';

export function normaliseBase(base: string | undefined): string {
  const trimmed = (base ?? '/').trim().replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

const isOn = (value: string) => value !== '0' && value !== 'false';

/** `astroSite`: Astro's own `site` setting, used when neither the option nor SITE_URL gives one. */
export function resolveConfig(options: VaultKbOptions, env: NodeJS.ProcessEnv, root: string, astroSite?: string): VaultKbConfig {
  const vaultDir = path.resolve(root, env.VAULT_DIR || options.vaultDir || DEFAULT_VAULT_DIR);
  const title = env.SITE_TITLE || options.title || (vaultDir === path.resolve(root, DEFAULT_VAULT_DIR) ? '' : path.basename(vaultDir));
  return {
    vaultDir,
    base: normaliseBase(env.BASE_PATH ?? options.base),
    site: normaliseSiteUrl(env.SITE_URL || options.site || astroSite),
    ogImages: env.OG_IMAGES ? isOn(env.OG_IMAGES) : options.ogImages !== false,
    lang: env.SITE_LANG || options.lang || undefined,
    title,
    strict: env.VAULT_STRICT ? isOn(env.VAULT_STRICT) : options.strict === true,
    // A vault given by VAULT_DIR is not the one the options were written for: its MDX stays off unless VAULT_MDX says so.
    mdx: env.VAULT_MDX ? isOn(env.VAULT_MDX) : !env.VAULT_DIR && options.mdx === true,
    sqlTimeout: sqlTimeout(env.VAULT_SQL_TIMEOUT) ?? options.sqlTimeout ?? DEFAULT_SQL_TIMEOUT,
    python: env.VAULT_PYTHON ? isOn(env.VAULT_PYTHON) : options.python === true,
  };
}

/** A time limit in seconds as written (`10`, `2.5`); undefined when absent, an error when not a positive number. */
export function sqlTimeout(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const seconds = Number(value);
  if (!(seconds > 0)) throw new Error(`SQL time limit must be a positive number of seconds, got "${value}"`);
  return seconds;
}
