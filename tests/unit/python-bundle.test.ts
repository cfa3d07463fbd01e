/**
 * The precompiled Python files' cache key (issue 11): bytecode is only valid for the CPython
 * that compiled it and for the sources it was compiled from, so the key must change with
 * Pyodide's version, any wheel and the scripts that choose what is compiled, and only then.
 */
import { describe, expect, it } from 'vitest';
import { bundleKey, type BundleInputs } from '../../src/core/python/bundle.ts';

const inputs: BundleInputs = {
  pyodideVersion: '314.0.8',
  wheels: [
    { name: 'sqlalchemy', version: '2.0.54', file: 'sqlalchemy-2.0.54.whl', sha256: 'a'.repeat(64) },
    { name: 'pg8000', version: '1.31.5', file: 'pg8000-1.31.5.whl', sha256: 'b'.repeat(64) },
  ],
  sources: ['precompile.py text', 'vault_kb.py text'],
};

describe('bundleKey', () => {
  it('is the same for the same inputs, and a short hex name for a folder', async () => {
    const key = await bundleKey(inputs);
    expect(key).toMatch(/^[0-9a-f]{16}$/);
    expect(await bundleKey(structuredClone(inputs))).toBe(key);
  });

  it('changes with Pyodide\'s version, a wheel\'s sha256, a wheel more or less, and either source', async () => {
    const key = await bundleKey(inputs);
    const changed: BundleInputs[] = [
      { ...inputs, pyodideVersion: '314.0.9' },
      { ...inputs, wheels: [{ ...inputs.wheels[0], sha256: 'c'.repeat(64) }, inputs.wheels[1]] },
      { ...inputs, wheels: inputs.wheels.slice(0, 1) },
      { ...inputs, sources: ['precompile.py text', 'vault_kb.py text, edited'] },
      { ...inputs, sources: ['precompile.py text, edited', 'vault_kb.py text'] },
    ];
    const keys = await Promise.all(changed.map(bundleKey));
    for (const other of keys) expect(other).not.toBe(key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
