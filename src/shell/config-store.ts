/**
 * The configuration of the running build or dev server, shared through `globalThis` like
 * the site model (site-store.ts) but apart from it: `content.config.ts` needs only the
 * configuration, and Astro loads that file through Vite before every build, so importing
 * the site model's whole Markdown stack there cost every build about a second.
 */
import type { VaultKbConfig } from './config.ts';

const KEY = Symbol.for('vault-kb.config');
const globalStore = globalThis as unknown as Record<symbol, VaultKbConfig | undefined>;

export function setConfig(config: VaultKbConfig): void {
  globalStore[KEY] = config;
}

export function getConfig(): VaultKbConfig {
  const config = globalStore[KEY];
  if (!config) throw new Error('vault-kb: the integration has not been configured (is it listed in astro.config.mjs?)');
  return config;
}
