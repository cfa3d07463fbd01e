/**
 * Node strips TypeScript's types itself, but refuses to for files under node_modules, which
 * is where an installed vault-kb is. This hook, loaded with `--import` by bin/vault-kb.js
 * (also into Astro's process and every worker thread, through NODE_OPTIONS and execArgv),
 * strips this package's own `.ts` files with Node's own stripper. A vault repository's
 * `vault-kb.config.ts` (or `.js`) is loaded as an ES module whatever its package.json says:
 * `npm init` writes `"type": "commonjs"`, under which Node would refuse its `import`. Plain
 * JavaScript, as it must load before any TypeScript can.
 */
import { readFileSync } from 'node:fs';
import { registerHooks, stripTypeScriptTypes } from 'node:module';

const PACKAGE = new URL('../', import.meta.url).href;
const CONFIG_FILE = /\/vault-kb\.config\.(ts|mts|js|mjs)$/;

registerHooks({
  load(url, context, nextLoad) {
    if (url.startsWith(PACKAGE) && url.endsWith('.ts') && !url.slice(PACKAGE.length).includes('node_modules/')) {
      return { format: 'module', source: stripTypeScriptTypes(readFileSync(new URL(url), 'utf8')), shortCircuit: true };
    }
    const config = url.startsWith('file:') ? CONFIG_FILE.exec(new URL(url).pathname) : null;
    if (config) {
      const source = readFileSync(new URL(url), 'utf8');
      return { format: 'module', source: config[1].endsWith('ts') ? stripTypeScriptTypes(source) : source, shortCircuit: true };
    }
    return nextLoad(url, context);
  },
});
