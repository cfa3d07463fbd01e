/**
 * Node strips TypeScript's types itself, but refuses to for files under node_modules, which
 * is where an installed vault-kb is. This hook, loaded with `--import` by bin/vault-kb.js
 * (also into Astro's process and every worker thread, through NODE_OPTIONS and execArgv),
 * strips this package's own `.ts` files with Node's own stripper. Plain JavaScript, as it
 * must load before any TypeScript can.
 */
import { readFileSync } from 'node:fs';
import { registerHooks, stripTypeScriptTypes } from 'node:module';

const PACKAGE = new URL('../', import.meta.url).href;

registerHooks({
  load(url, context, nextLoad) {
    if (url.startsWith(PACKAGE) && url.endsWith('.ts') && !url.slice(PACKAGE.length).includes('node_modules/')) {
      return { format: 'module', source: stripTypeScriptTypes(readFileSync(new URL(url), 'utf8')), shortCircuit: true };
    }
    return nextLoad(url, context);
  },
});
