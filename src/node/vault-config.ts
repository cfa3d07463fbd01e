/**
 * The vault repository's configuration file, `vault-kb.config.json` or, for those who want
 * types, `vault-kb.config.ts` (`.mts`, `.mjs`, `.js`) whose default export is the same object
 * wrapped in `defineConfig` (this module is the package's entry point, `import { defineConfig }
 * from 'vault-kb'`); the `.ts` file is loaded with Node's own type stripping, as an ES module
 * whatever the repository's package.json says (bin/strip-types.js). Either is validated
 * with zod. One key per option of `VaultKbOptions` (src/shell/config.ts) plus where the vault
 * and the built site are; a new option is one line in `schema`. An invalid file is one error
 * line `file:line:col: error: "key" must be …, got …` naming the key and the values allowed,
 * so an author fixes it without reading this project's code. Environment variables still
 * override what the file says (resolveConfig).
 */
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { VaultKbOptions } from '../shell/config.ts';

export const CONFIG_FILE = 'vault-kb.config.json';
/** The config file's names, the JSON one first; a repository has at most one of them. */
export const CONFIG_FILES = [CONFIG_FILE, 'vault-kb.config.ts', 'vault-kb.config.mts', 'vault-kb.config.mjs', 'vault-kb.config.js'] as const;

const folders = z.array(z.string({ error: 'must be a folder name' }).min(1, { error: 'must be a folder name' }), {
  error: 'must be a list of vault-relative folder names, e.g. ["Private"]',
});
const flag = z.boolean({ error: 'must be true or false' });
const httpUrl = (example: string) => z.url({ protocol: /^https?$/, error: `must be an http(s) URL, e.g. "${example}"` });

/** Every key the file may have; unknown keys are errors (a typo would otherwise be ignored). */
export const schema = z.strictObject({
  $schema: z.string().optional(),
  vault: z.string({ error: 'must be the vault folder, relative to this file, e.g. "." or "notes"' }).min(1).optional(),
  outDir: z.string({ error: 'must be a folder, relative to this file, e.g. "dist"' }).min(1).optional(),
  title: z.string({ error: 'must be a string' }).optional(),
  base: z.string().regex(/^\//, { error: 'must be a URL path starting with "/", e.g. "/kb/"' }).optional(),
  site: httpUrl('https://kb.example.org').optional(),
  lang: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, { error: 'must be a language code, e.g. "en" or "ru"' }).optional(),
  strict: flag.optional(),
  strictLineBreaks: flag.optional(),
  publish: folders.optional(),
  ignore: folders.optional(),
  repository: httpUrl('https://github.com/team/wiki').optional(),
  branch: z.string({ error: 'must be the branch "Edit this note" opens, e.g. "main"' }).min(1).optional(),
  mdx: flag.optional(),
  python: flag.optional(),
  ogImages: flag.optional(),
  sqlTimeout: z.number({ error: 'must be a number of seconds' }).positive({ error: 'must be a positive number of seconds' }).optional(),
});

export type VaultConfigFile = z.infer<typeof schema>;

/**
 * Types a `vault-kb.config.ts`: `export default defineConfig({ title: 'Team wiki' })`. It
 * returns its argument; the file is validated by the same schema as the JSON one.
 */
export function defineConfig(config: Omit<VaultConfigFile, '$schema'>): Omit<VaultConfigFile, '$schema'> {
  return config;
}

/** A config file that cannot be used: `message` is the one line to print. */
export class ConfigError extends Error {}

/** The value as the author wrote it, for the message (`"yes"`, `3`, `[…]`). */
function shown(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

/** Where a key (`'key'`) or its value is written in a config file's text, for a message's `line:col`. */
type Locate = (keyPath: readonly PropertyKey[], what: 'key' | 'value') => { line: number; col: number };

/** Validates a config object; `file` and `locate` say where the offending key is written. */
export function validateVaultConfig(data: unknown, file: string, locate: Locate): VaultConfigFile {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const at = locate([key], 'key');
    const allowed = Object.keys(schema.shape).filter((k) => k !== '$schema').join(', ');
    throw new ConfigError(`${file}:${at.line}:${at.col}: error: unknown key "${key}"; the keys are: ${allowed}`);
  }
  const keyPath = issue.path.map(String);
  const at = locate(issue.path, 'value');
  const value = keyPath.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], data);
  const got = issue.path.length > 0 && value !== undefined ? `, got ${shown(value)}` : '';
  const name = keyPath.length > 0 ? `"${keyPath.map((k, i) => (/^\d+$/.test(k) ? `[${k}]` : `${i ? '.' : ''}${k}`)).join('')}" ` : 'the file ';
  const message = issue.path.length === 0 ? 'must be an object of settings' : issue.message;
  throw new ConfigError(`${file}:${at.line}:${at.col}: error: ${name}${message}${got}`);
}

/** Parses and validates the text of a JSON config file; `file` is the name errors carry. */
export function parseVaultConfig(text: string, file: string): VaultConfigFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // V8 says where: "… in JSON at position 42 (line 3 column 5)".
    const at = /line (\d+) column (\d+)/.exec(String(error));
    throw new ConfigError(`${file}:${at ? `${at[1]}:${at[2]}` : '1:1'}: error: not valid JSON: ${(error as Error).message.replace(/ in JSON at .*$/, '')}`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  return validateVaultConfig(data, file, (keyPath, what) => {
    if (what === 'key') return lines.linePos(Math.max(0, text.indexOf(JSON.stringify(keyPath[0]))));
    const node = doc.getIn(keyPath as (string | number)[], true) as { range?: number[] } | undefined;
    return lines.linePos(node?.range?.[0] ?? 0);
  });
}

/**
 * A module config file's default export, validated. Its key is found in the text as a
 * property (`strict:` or `"strict":`), the value's place not being known without a parser.
 */
export async function loadModuleConfig(file: string, name: string): Promise<VaultConfigFile> {
  let exported: unknown;
  try {
    exported = ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
  } catch (error) {
    throw new ConfigError(`${name}:1:1: error: cannot load it: ${(error as Error).message.split('\n')[0]}`);
  }
  if (exported === undefined) throw new ConfigError(`${name}:1:1: error: no default export; write \`export default defineConfig({ … })\``);
  const text = await readFile(file, 'utf8');
  return validateVaultConfig(exported, name, (keyPath) => {
    const key = String(keyPath[0] ?? '');
    const match = key ? new RegExp(`(^|[\\s{,])(["']?)${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\2\\s*:`, 'm').exec(text) : null;
    if (!match) return { line: 1, col: 1 };
    const offset = match.index + match[1]!.length;
    const before = text.slice(0, offset).split('\n');
    return { line: before.length, col: before.at(-1)!.length + 1 };
  });
}

/** The config file in `dir`, validated; `{}` when there is none. Two config files are an error. */
export async function readVaultConfig(dir: string): Promise<VaultConfigFile> {
  const present = (
    await Promise.all(CONFIG_FILES.map((name) => access(path.join(dir, name)).then(() => name, () => undefined)))
  ).filter((name) => name !== undefined);
  if (present.length > 1) throw new ConfigError(`${present[1]}:1:1: error: ${present[0]} is there too; keep one config file`);
  const name = present[0];
  if (name === undefined) return {};
  const file = path.join(dir, name);
  if (name !== CONFIG_FILE) return loadModuleConfig(file, name);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new ConfigError(`${name}:1:1: error: cannot read it: ${error.message}`);
  });
  return parseVaultConfig(text, name);
}

/** The options the site is built with: the file's, with its folders made absolute from `dir`. */
export function vaultOptions(config: VaultConfigFile, dir: string): VaultKbOptions {
  const { $schema: _schema, vault, outDir: _outDir, ...options } = config;
  return { ...options, vaultDir: path.resolve(dir, vault ?? '.') };
}
