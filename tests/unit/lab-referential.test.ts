import { describe, expect, it } from 'vitest';
import { referentialQueries } from '../../src/core/lab/engine/referential.ts';
import type { ForeignKey, LoggedChange, ReferentialAction } from '../../src/core/schema/types.ts';

const fk = (onDelete: ReferentialAction, onUpdate: ReferentialAction = 'NO ACTION'): ForeignKey => ({
  name: 'child_parent_id_fkey', table: 'child', columns: ['parent_id'], refTable: 'parent', refColumns: ['id'], onDelete, onUpdate,
});

/** Each query as "scan table(key)", "check" for RESTRICT's and NO ACTION's SELECT … FOR KEY SHARE, to read the order at a glance. */
const queries = (foreignKeys: ForeignKey[], changes: LoggedChange[]) =>
  referentialQueries(foreignKeys, changes).map((q) => `${q.check ? 'check' : q.scan} ${q.table}(${q.columns.join(', ')} = ${q.key.join(', ')})`);

const deleteParent = (id: number | null): LoggedChange => ({ table: 'parent', op: 'DELETE', old: { id, name: 'p' } });

describe('referentialQueries', () => {
  it('gives each action the lookups ri_triggers.c runs for a deleted parent row', () => {
    expect(queries([fk('CASCADE')], [deleteParent(1)])).toEqual(['referencing child(parent_id = 1)']);
    expect(queries([fk('SET NULL')], [deleteParent(1)])).toEqual(['referencing child(parent_id = 1)']);
    expect(queries([fk('RESTRICT')], [deleteParent(1)])).toEqual(['check child(parent_id = 1)']);
    // NO ACTION looks for another parent row with the key first (ri_Check_Pk_Match).
    expect(queries([fk('NO ACTION')], [deleteParent(1)])).toEqual(['referenced parent(id = 1)', 'check child(parent_id = 1)']);
    // SET DEFAULT runs NO ACTION's check after its UPDATE.
    expect(queries([fk('SET DEFAULT')], [deleteParent(1)])).toEqual(['referencing child(parent_id = 1)', 'referenced parent(id = 1)', 'check child(parent_id = 1)']);
  });

  it('fires for an UPDATE only when the referenced key changes value, with the ON UPDATE action', () => {
    const update = (from: Record<string, unknown>, to: Record<string, unknown>): LoggedChange => ({ table: 'parent', op: 'UPDATE', old: from, new: to });
    expect(queries([fk('NO ACTION', 'CASCADE')], [update({ id: 1, name: 'a' }, { id: 1, name: 'b' })])).toEqual([]);
    expect(queries([fk('NO ACTION', 'CASCADE')], [update({ id: 1, name: 'a' }, { id: 2, name: 'a' })])).toEqual(['referencing child(parent_id = 1)']);
  });

  it('reads nothing for an old key with a NULL, an INSERT, or a table no foreign key references', () => {
    expect(queries([fk('CASCADE')], [deleteParent(null)])).toEqual([]);
    expect(queries([fk('CASCADE')], [{ table: 'parent', op: 'INSERT', new: { id: 3 } }])).toEqual([]);
    expect(queries([fk('CASCADE')], [{ table: 'child', op: 'DELETE', old: { id: 10, parent_id: 1 } }])).toEqual([]);
  });

  it('keeps the changes\' order, each change with every foreign key that references its table', () => {
    const other: ForeignKey = { ...fk('CASCADE'), name: 'note_parent_id_fkey', table: 'note' };
    expect(queries([fk('CASCADE'), other], [deleteParent(1), deleteParent(2)])).toEqual([
      'referencing child(parent_id = 1)',
      'referencing note(parent_id = 1)',
      'referencing child(parent_id = 2)',
      'referencing note(parent_id = 2)',
    ]);
  });
});
