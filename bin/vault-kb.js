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
const child = spawn(process.execPath, [...nodeOptions.split(' '), main, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: [process.env.NODE_OPTIONS, nodeOptions].filter(Boolean).join(' ') },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('close', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
