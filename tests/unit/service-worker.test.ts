/** The service worker's build version (src/shell/service-worker-file.ts) and source (src/core/site/service-worker.ts). */
import { describe, expect, it } from 'vitest';
import { serviceWorkerSource } from '../../src/core/site/service-worker.ts';
import { buildVersion } from '../../src/shell/service-worker-file.ts';

describe('service worker', () => {
  it('keeps its version while the files are the same, in any order, and changes it with any file', () => {
    const files: [string, number][] = [['_astro/pglite-A1.wasm', 9_000_000], ['index.html', 5_000], ['_vault/pglite/datadir.tar.gz', 4_000_000]];
    const version = buildVersion(files);
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    expect(buildVersion([...files].reverse())).toBe(version);
    expect(buildVersion([...files.slice(0, 2), ['_vault/pglite/datadir.tar.gz', 4_000_001]])).not.toBe(version);
    expect(buildVersion([...files, ['_astro/page.B2.js', 10]])).not.toBe(version);
  });

  it('is valid JavaScript naming its cache after the version', () => {
    const source = serviceWorkerSource('0123456789abcdef');
    expect(source).toContain(`const VERSION = "0123456789abcdef";`);
    // Parses (throws on a syntax error), without running.
    expect(() => new Function(source)).not.toThrow();
  });
});
