/**
 * `npm run build`: `astro build` (any arguments pass through, `--outDir DIR` too), then the
 * social images and the search index after Astro has exited (src/cli/run-build.ts). A plain
 * `astro build` also works: it then does both inside its own process.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runBuild } from './run-build.ts';

const args = process.argv.slice(2);
const { values } = parseArgs({ args, options: { outDir: { type: 'string' } }, strict: false });
const outDir = path.resolve(typeof values.outDir === 'string' ? values.outDir : 'dist');
process.exitCode = await runBuild({ astroArgs: args, outDir, env: process.env });
