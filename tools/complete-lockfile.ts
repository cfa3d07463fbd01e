/**
 * npm 11.19 (our machines) writes package-lock.json without the optional packages built for
 * other operating systems (the macOS and Windows builds of esbuild, Pagefind, Astro's
 * compiler, …), and its own `npm ci` then refuses that lock ("Missing: @pagefind/darwin-arm64@
 * from lock file"; npm/cli#7961, #4828). Our registry mirror does not carry those builds,
 * so npm cannot describe them: this adds a minimal entry (version, optional) for each. On
 * Linux `npm ci` skips them; on a machine whose registry has them it installs its own.
 * Run after changing dependencies: `node tools/complete-lockfile.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface LockEntry {
  optionalDependencies?: Record<string, string>;
  [key: string]: unknown;
}

const lockUrl = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockUrl, 'utf8')) as { packages: Record<string, LockEntry> };
let added = 0;

for (const [location, entry] of Object.entries(lock.packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    // npm looks for a dependency next to its dependant first, then at the top of node_modules.
    if (lock.packages[`${location}/node_modules/${name}`] || lock.packages[`node_modules/${name}`]) continue;
    // Platform builds are pinned to their parent's exact version.
    if (!/^\d+\.\d+\.\d+(?:-[\w.]+)?$/.test(range)) continue;
    lock.packages[`node_modules/${name}`] = { version: range, optional: true };
    added++;
  }
}

const [root, ...rest] = Object.entries(lock.packages);
lock.packages = Object.fromEntries([root, ...rest.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
writeFileSync(lockUrl, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} platform package entr${added === 1 ? 'y' : 'ies'}`);
