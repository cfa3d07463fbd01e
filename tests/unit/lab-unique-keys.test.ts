/**
 * The keys rows have in unique indexes: plain ones read in the lab, NULLs distinct unless
 * NULLS NOT DISTINCT, and partial or expression ones only through the evaluator (PostgreSQL's
 * job in the engine), each row evaluated once.
 */
import { describe, expect, it } from 'vitest';
import { UniqueKeys, type UniqueIndex } from '../../src/core/lab/engine/unique-keys.ts';
import type { Row } from '../../src/core/lab/engine/row-store.ts';

const plain: UniqueIndex = { table: 't', name: 't_k', keys: ['k'], columns: ['k'], nullsNotDistinct: false };
const nnd: UniqueIndex = { ...plain, name: 't_k_nnd', nullsNotDistinct: true };
const partial: UniqueIndex = { ...plain, name: 't_k_active', predicate: 'active' };
const lower: UniqueIndex = { table: 't', name: 't_lower', keys: ['lower(email)'], nullsNotDistinct: false };

describe('unique keys', () => {
  it('reads plain keys from the row, NULLs distinct unless NULLS NOT DISTINCT', async () => {
    const keys = new UniqueKeys([plain, nnd], async () => {
      throw new Error('plain keys are not evaluated');
    });
    await keys.prepare('t', [{ k: null }]);
    expect(keys.keyOf(plain, { k: 1 })).toBe('[1]');
    expect(keys.keyOf(plain, { k: null })).toBeUndefined();
    expect(keys.keyOf(nnd, { k: null })).toBe('[null]');
  });

  it('asks the evaluator for partial and expression keys, once per row', async () => {
    const asked: string[] = [];
    const keys = new UniqueKeys([partial, lower], async (index, rows) => {
      asked.push(`${index.name}:${rows.length}`);
      return rows.map((row) => (index === partial ? (row.active ? [row.k] : undefined) : [String(row.email).toLowerCase()]));
    });
    const a: Row = { k: 1, active: true, email: 'Ann@x' };
    const b: Row = { k: 1, active: false, email: 'ann@X' };
    await keys.prepare('t', [a, b]);
    await keys.prepare('t', [a, b]);
    expect(asked).toEqual(['t_k_active:2', 't_lower:2']);
    expect(keys.keyOf(partial, a)).toBe('[1]');
    expect(keys.keyOf(partial, b)).toBeUndefined();
    expect(keys.keyOf(lower, a)).toBe(keys.keyOf(lower, b));
    expect(() => keys.keyOf(lower, { email: 'new' })).toThrow(/not evaluated/);
  });
});
