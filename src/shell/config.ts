/**
 * Where the vault is and how the site is served: integration options, overridden by the
 * environment (`VAULT_DIR`, `BASE_PATH`, `SITE_URL`, `SITE_LANG`, `SITE_TITLE`, `VAULT_STRICT`,
 * `VAULT_MDX`, `VAULT_SQL_TIMEOUT`, `OG_IMAGES`, `STRICT_LINE_BREAKS`), so the same project builds any vault without
 * editing a file.
 */
import path from 'node:path';
import { normaliseSiteUrl } from '../core/site/discovery.ts';
import { DEFAULT_SQL_TIMEOUT } from '../node/workers/sql-checker.ts';
import type { FolderRules } from '../core/vault/folders.ts';

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
  /**
   * Draw a social image (OpenGraph card) for every note. By default on when the site URL is
   * known and off otherwise: chat apps and social sites take only an absolute image URL, so
   * without one the images would cost the build and show nowhere.
   */
  ogImages?: boolean;
  /** Interface language; by default the language most notes are written in. */
  lang?: string;
  /** Site title; by default the home note's title, else the vault folder's name. */
  title?: string;
  /** Fail the build on any diagnostic, not only on errors. */
  strict?: boolean;
  /**
   * CommonMark's line breaks, as Obsidian's "Strict line breaks" setting: a single newline
   * inside a paragraph joins the lines. Off by default: a single newline breaks the line.
   */
  strictLineBreaks?: boolean;
  /**
   * Publish `.mdx` notes. MDX is code: it runs with the build's rights (it can read any
   * file), so it is off unless the vault is trusted. Off, each `.mdx` note is reported.
   */
  mdx?: boolean;
  /** Seconds a SQL block may run in `npm run check` and strict builds before it is stopped (default 10). */
  sqlTimeout?: number;
  /**
   * Run ```python blocks (SQLAlchemy on the page's database), in the page and in `npm run
   * check`. Off by default: a vault's Python snippets are often fragments that do not run
   * alone. The sample vault turns them on (astro.config.mjs).
   */
  python?: boolean;
  /** Vault-relative folders: only these are published (all of the vault when absent). */
  publish?: string[];
  /** Vault-relative folders never read (`vault-kb build` adds its output folder when it is inside the vault). */
  ignore?: string[];
  /** The vault's repository on GitHub or GitLab (`https://github.com/team/wiki`), for "Edit this note" links. */
  repository?: string;
  /** The branch "Edit this note" opens (default `main`). */
  branch?: string;
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
  strictLineBreaks: boolean;
  mdx: boolean;
  sqlTimeout: number;
  python: boolean;
  folders: FolderRules;
  repository?: string;
  branch: string;
}

export const DEFAULT_VAULT_DIR = 'src/content';

export function normaliseBase(base: string | undefined): string {
  const trimmed = (base ?? '/').trim().replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

const isOn = (value: string) => value !== '0' && value !== 'false';

/** `astroSite`: Astro's own `site` setting, used when neither the option nor SITE_URL gives one. */
export function resolveConfig(projectOptions: VaultKbOptions, env: NodeJS.ProcessEnv, root: string, astroSite?: string): VaultKbConfig {
  // `vault-kb` hands the vault repository's validated config file over in VAULT_KB_OPTIONS
  // (src/cli/options.ts). It replaces the project's options, which are the sample vault's
  // (astro.config.mjs of the installed package): none of them may leak into a team's vault.
  const options: VaultKbOptions = env.VAULT_KB_OPTIONS ? (JSON.parse(env.VAULT_KB_OPTIONS) as VaultKbOptions) : projectOptions;
  const vaultDir = path.resolve(root, env.VAULT_DIR || options.vaultDir || DEFAULT_VAULT_DIR);
  const site = normaliseSiteUrl(env.SITE_URL || options.site || astroSite);
  // Unset, the site's title is its home note's (site-store.ts: siteTitle), as the README says.
  const title = env.SITE_TITLE || options.title || '';
  return {
    vaultDir,
    base: normaliseBase(env.BASE_PATH ?? options.base),
    site,
    ogImages: env.OG_IMAGES ? isOn(env.OG_IMAGES) : (options.ogImages ?? site !== undefined),
    lang: env.SITE_LANG || options.lang || undefined,
    title,
    strict: env.VAULT_STRICT ? isOn(env.VAULT_STRICT) : options.strict === true,
    strictLineBreaks: env.STRICT_LINE_BREAKS ? isOn(env.STRICT_LINE_BREAKS) : options.strictLineBreaks === true,
    // A vault given by VAULT_DIR is not the one the options were written for: its MDX stays off unless VAULT_MDX says so.
    mdx: env.VAULT_MDX ? isOn(env.VAULT_MDX) : !env.VAULT_DIR && options.mdx === true,
    sqlTimeout: sqlTimeout(env.VAULT_SQL_TIMEOUT) ?? options.sqlTimeout ?? DEFAULT_SQL_TIMEOUT,
    // As for MDX: the options were written for their vault, not for one VAULT_DIR names.
    python: env.VAULT_PYTHON ? isOn(env.VAULT_PYTHON) : !env.VAULT_DIR && options.python === true,
    folders: { publish: options.publish, ignore: options.ignore },
    repository: options.repository,
    branch: options.branch ?? 'main',
  };
}

/** A time limit in seconds as written (`10`, `2.5`); undefined when absent, an error when not a positive number. */
export function sqlTimeout(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const seconds = Number(value);
  if (!(seconds > 0)) throw new Error(`SQL time limit must be a positive number of seconds, got "${value}"`);
  return seconds;
}
