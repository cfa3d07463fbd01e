/**
 * A module loaded on demand loads again after it failed (src/scripts/import-again.ts): under a
 * new URL when the failure is Chromium's (which keeps a failed import failed for the page's
 * life), by the import itself otherwise; and once loaded it is kept.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { failedModuleUrl, importAgain } from '../../src/scripts/import-again.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'import-again-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A module on disk that counts its own evaluations, so a second instance shows. */
function moduleFile(name: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, 'globalThis.importAgainEvaluations = (globalThis.importAgainEvaluations ?? 0) + 1;\nexport const answer = 42;\n');
  return pathToFileURL(file).href;
}

const evaluations = () => (globalThis as { importAgainEvaluations?: number }).importAgainEvaluations ?? 0;

/** Chromium's import() of a module that failed once: it fails at once, with the same message, however often it is called. */
function stickyFailure(url: string) {
  let calls = 0;
  const load = () => {
    calls++;
    return Promise.reject<{ answer: number }>(new TypeError(`Failed to fetch dynamically imported module: ${url}`));
  };
  return { load, calls: () => calls };
}

describe('failedModuleUrl', () => {
  it("reads the module from Chromium's message", () => {
    expect(failedModuleUrl(new TypeError('Failed to fetch dynamically imported module: https://kb.example.org/_astro/results-view.Cc1Z.js'))).toBe(
      'https://kb.example.org/_astro/results-view.Cc1Z.js',
    );
  });

  it("names nothing for Firefox's or Safari's message, or what is not an error", () => {
    expect(failedModuleUrl(new TypeError('error loading dynamically imported module: https://kb.example.org/a.js'))).toBeUndefined();
    expect(failedModuleUrl(new TypeError('Importing a module script failed.'))).toBeUndefined();
    expect(failedModuleUrl('Failed to fetch dynamically imported module: https://kb.example.org/a.js')).toBeUndefined();
  });
});

describe('importAgain', () => {
  it('after a failure Chromium keeps, the next call loads the module under a new URL, and keeps it', async () => {
    const url = moduleFile('chromium.mjs');
    const sticky = stickyFailure(url);
    const load = importAgain(sticky.load);
    await expect(load()).rejects.toThrow(`Failed to fetch dynamically imported module: ${url}`);
    const before = evaluations();
    const loaded = await load();
    expect(loaded.answer).toBe(42);
    expect(await load()).toBe(loaded);
    expect(sticky.calls()).toBe(1);
    expect(evaluations()).toBe(before + 1);
  });

  it('still offline, each call fails and says so; online, the next one loads', async () => {
    const url = pathToFileURL(path.join(dir, 'not-yet.mjs')).href;
    const load = importAgain(stickyFailure(url).load);
    await expect(load()).rejects.toThrow(`Failed to fetch dynamically imported module: ${url}`);
    await expect(load()).rejects.toThrow();
    await expect(load()).rejects.toThrow();
    moduleFile('not-yet.mjs');
    expect((await load()).answer).toBe(42);
  });

  it('a failure that names no module stands, and the next call imports again', async () => {
    let calls = 0;
    const load = importAgain(() => {
      calls++;
      return calls === 1 ? Promise.reject(new TypeError('Importing a module script failed.')) : Promise.resolve('loaded');
    });
    await expect(load()).rejects.toThrow('Importing a module script failed.');
    expect(await load()).toBe('loaded');
    expect(await load()).toBe('loaded');
    expect(calls).toBe(2);
  });
});
