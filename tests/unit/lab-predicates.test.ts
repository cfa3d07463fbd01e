import { describe, expect, it } from 'vitest';
import { examinedByIndex, planScans } from '../../src/core/lab/engine/predicates.ts';
import type { RowVersion } from '../../src/core/lab/engine/row-store.ts';

describe('planScans', () => {
  it('finds sequential, index and bitmap scans under any node, with the alias the condition uses', () => {
    const plan = [
      {
        Plan: {
          'Node Type': 'ModifyTable',
          'Relation Name': 'posts',
          Plans: [
            {
              'Node Type': 'Nested Loop',
              Plans: [
                { 'Node Type': 'Seq Scan', 'Relation Name': 'users', Schema: 'public', Alias: 'u' },
                { 'Node Type': 'Index Scan', 'Relation Name': 'posts', Schema: 'public', Alias: 'p', 'Index Name': 'posts_pkey', 'Index Cond': '(p.id = u.id)' },
                {
                  'Node Type': 'Bitmap Heap Scan',
                  'Relation Name': 'tags',
                  Schema: 'lab',
                  Alias: 'tags',
                  Plans: [
                    {
                      'Node Type': 'BitmapOr',
                      Plans: [
                        { 'Node Type': 'Bitmap Index Scan', 'Index Name': 'tags_a', 'Index Cond': '(tags.a = 1)' },
                        { 'Node Type': 'Bitmap Index Scan', 'Index Name': 'tags_b', 'Index Cond': '(tags.b = 2)' },
                      ],
                    },
                  ],
                },
              ],
            },
          ],
        },
      },
    ];
    expect(planScans(plan)).toEqual([
      { table: 'users', alias: 'u' },
      { table: 'posts', alias: 'p', index: { name: 'posts_pkey', cond: '(p.id = u.id)' } },
      { table: 'lab.tags', alias: 'tags', index: { name: 'tags_a', cond: '(tags.a = 1)' } },
      { table: 'lab.tags', alias: 'tags', index: { name: 'tags_b', cond: '(tags.b = 2)' } },
    ]);
  });

  it('counts the rows an index scan under a LIMIT fetched, through LockRows, and only there', () => {
    const scan = (extra: object) => ({ 'Node Type': 'Index Scan', 'Relation Name': 'jobs', Alias: 'jobs', 'Index Name': 'jobs_pkey', 'Actual Loops': 1, 'Actual Rows': 1, 'Rows Removed by Filter': 2, ...extra });
    const limited = [{ Plan: { 'Node Type': 'Limit', Plans: [{ 'Node Type': 'LockRows', Plans: [scan({ 'Scan Direction': 'Backward' })] }] } }];
    expect(planScans(limited)).toEqual([{ table: 'jobs', alias: 'jobs', index: { name: 'jobs_pkey', cond: undefined, backward: true }, limited: true, fetched: 3 }]);
    // A Sort reads its whole input before the LIMIT takes anything: the scan runs to its end.
    const sorted = [{ Plan: { 'Node Type': 'Limit', Plans: [{ 'Node Type': 'Sort', Plans: [scan({})] }] } }];
    expect(planScans(sorted)).toEqual([{ table: 'jobs', alias: 'jobs', index: { name: 'jobs_pkey', cond: undefined } }]);
  });

  it('has no scans for an INSERT of values', () => {
    expect(planScans([{ Plan: { 'Node Type': 'ModifyTable', 'Relation Name': 't', Plans: [{ 'Node Type': 'Result' }] } }])).toEqual([]);
  });
});

describe('examinedByIndex', () => {
  const version = (pos: number, root?: RowVersion): RowVersion => {
    const v = { table: 't', values: { id: pos }, pos } as unknown as RowVersion;
    v.root = root ?? v;
    return v;
  };

  it("follows a row's versions up to the first one the snapshot sees, and no further", () => {
    const old = version(0);
    const seen = version(1, old);
    const newer = version(2, old);
    const other = version(3);
    const visible = new Set([seen, other]);
    expect(examinedByIndex([old, seen, newer, other], (v) => visible.has(v))).toEqual([old, seen, other]);
  });

  it('stops after the visible versions a LIMIT let the scan fetch', () => {
    const first = version(0);
    const dead = version(1);
    const second = version(2);
    const third = version(3);
    const visible = new Set([first, second, third]);
    expect(examinedByIndex([first, dead, second, third], (v) => visible.has(v), 2)).toEqual([first, dead, second]);
  });

  it('examines every version of a row none of which is visible', () => {
    const old = version(0);
    const next = version(1, old);
    expect(examinedByIndex([old, next], () => false)).toEqual([old, next]);
  });
});
