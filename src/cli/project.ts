/**
 * Where this package is: the Astro project (astro.config.mjs, src/pages) that builds every
 * vault, and the Astro command line it runs (an installed vault-kb has it hoisted beside it).
 */
import { createRequire } from 'node:module';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');

export const ASTRO_BIN = path.join(path.dirname(createRequire(import.meta.url).resolve('astro/package.json')), 'bin/astro.mjs');
