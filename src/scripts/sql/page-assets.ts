/**
 * PostgreSQL's files once a worker of this page has them (the compiled wasm module, PGlite's
 * file bundle, the prebuilt data directory): the SQL runner's workers and the lab's start
 * from them, so a page with SQL blocks and a lab downloads and compiles PostgreSQL once, and
 * the second worker holds no download buffers of its own. One set per page: a page reached by
 * client-side navigation (a new `<body>`) starts its own, and the old one goes with its page.
 */
import type { Assets } from './messages.ts';

export interface SharedAssets {
  assets?: Assets;
}

const byPage = new WeakMap<HTMLElement, SharedAssets>();

export function pageAssets(): SharedAssets {
  let shared = byPage.get(document.body);
  if (!shared) byPage.set(document.body, (shared = {}));
  return shared;
}
