#!/usr/bin/env node
/**
 * The `vault-kb` command (src/cli/vault-kb.ts), started on this Node with the type-stripping
 * hook (bin/strip-types.js) loaded into it, its worker threads and the Astro process it runs.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(`vault-kb needs Node 22.18 or newer (this is ${process.version}); e.g. actions/setup-node with node-version: 24`);
  process.exit(2);
}
const hook = new URL('./strip-types.js', import.meta.url).href;
const main = fileURLToPath(new URL('../src/cli/vault-kb.ts', import.meta.url));
const nodeOptions = `--import=${hook} --disable-warning=ExperimentalWarning`;
// `vault-kb check` runs its doc-tests in this process: their WebAssembly (PostgreSQL, Python)
// is compiled once, by V8's baseline compiler, never optimised again. A check runs most code
// a few times, and optimising it cost more CPU than it saved (docs/benchmarks.md). The same
// flags are in package.json's "check" script.
const v8Flags = ['--no-wasm-tier-up', '--no-wasm-dynamic-tiering'];
const child = spawn(process.execPath, [...v8Flags, ...nodeOptions.split(' '), main, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: [process.env.NODE_OPTIONS, nodeOptions].filter(Boolean).join(' ') },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('close', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
