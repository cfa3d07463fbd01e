/**
 * The Python files a page's worker and `npm run check` load instead of Pyodide's standard
 * library and the wheels as they are (src/node/python/bundle.ts builds them): the same
 * files, with every module that loading vault_kb imports compiled to bytecode once, at build
 * time, by the same CPython that runs it. Pure: their names, where the packages go in
 * Pyodide's file system, and the cache key that says when they must be built again.
 */
import { sha256Hex, type LockedWheel } from './packages.ts';

/** Pyodide's standard library (its `stdLibURL`), with the modules vault_kb imports as `.pyc`. */
export const STDLIB_ZIP = 'stdlib.zip';
/** The locked wheels' contents in one zip, without native extensions, with the modules vault_kb imports as `.pyc`. */
export const PACKAGES_ZIP = 'packages.zip';
/**
 * Where the packages' zip is written in Pyodide's file system and put on `sys.path`: Python
 * imports from it (zipimport), so nothing is unpacked. The bytecode's file names are below it.
 */
export const PACKAGES_PATH = '/lib/vault-kb-packages.zip';

/** What the built files depend on: any change builds them again. */
export interface BundleInputs {
  /** Pyodide's version: bytecode is only valid for the CPython it was compiled by. */
  pyodideVersion: string;
  wheels: readonly LockedWheel[];
  /** The scripts that decide what is compiled: the precompile step's and vault_kb's. */
  sources: readonly string[];
}

export async function bundleKey(inputs: BundleInputs): Promise<string> {
  const text = JSON.stringify([inputs.pyodideVersion, inputs.wheels.map((w) => w.sha256), inputs.sources, PACKAGES_PATH]);
  return (await sha256Hex(new TextEncoder().encode(text))).slice(0, 16);
}
