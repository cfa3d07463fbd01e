/**
 * A page is given only the SQL runner's strings its blocks use (src/scripts/sql/page-strings.ts):
 * a key left out of a page must not be read by a module that page runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sqlStrings } from '../../src/components/i18n.ts';
import { pageStrings, PYTHON_KEYS, TOOLBAR_KEYS, VIEW_KEYS } from '../../src/scripts/sql/page-strings.ts';

const SCRIPTS = 'src/scripts';
const files = readdirSync(SCRIPTS, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => path.join(SCRIPTS, f).split(path.sep).join('/'));
/** The keys of `keys` that any of the files reads as `t.key`. */
const readIn = (list: string[], keys: readonly string[]) =>
  keys.filter((key) => list.some((file) => new RegExp(`\\bt\\.${key}\\b`).test(readFileSync(file, 'utf8'))));

describe("the SQL runner's strings in a page", () => {
  it('leaves the views’ strings to the views: no other module reads them', () => {
    const others = files.filter((f) => !/\/sql\/(views|diagram)\//.test(f) && !f.startsWith(`${SCRIPTS}/lab/`));
    expect(readIn(others, VIEW_KEYS)).toEqual([]);
    // The list is what the views read (a key they do not read is not theirs to list).
    const views = files.filter((f) => /\/sql\/(views|diagram)\//.test(f));
    expect(readIn(views, VIEW_KEYS.filter((k) => !['inserted', 'updated', 'deleted'].includes(k)))).toHaveLength(VIEW_KEYS.length - 3);
  });

  it("leaves the toolbar's words to the component: no script reads them", () => {
    expect(readIn(files.filter((f) => !f.startsWith(`${SCRIPTS}/lab/`)), TOOLBAR_KEYS)).toEqual([]);
  });

  it('writes every other key, and the groups a page uses', () => {
    const t = sqlStrings('ru');
    const plain = pageStrings(t, { views: false, python: false });
    for (const key of [...VIEW_KEYS, ...PYTHON_KEYS, ...TOOLBAR_KEYS]) expect(plain).not.toHaveProperty(key);
    expect(Object.keys(plain)).toHaveLength(Object.keys(t).length - VIEW_KEYS.length - PYTHON_KEYS.length - TOOLBAR_KEYS.length);
    expect(plain.run).toBe(t.run);
    const all = pageStrings(t, { views: true, python: true });
    expect(Object.keys(all)).toHaveLength(Object.keys(t).length - TOOLBAR_KEYS.length);
    expect(all.diagramLabel).toBe(t.diagramLabel);
    expect(all.traceback).toBe(t.traceback);
  });
});
