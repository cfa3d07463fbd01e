/**
 * The look at a note's text that lets `npm run check` start its Python interpreters before
 * the notes are parsed (src/core/python/blocks.ts): it must never miss a note the parser
 * finds Python blocks in, and may say yes for one it does not.
 */
import { describe, expect, it } from 'vitest';
import { prepareTree } from '../../src/core/markdown/analyze.ts';
import { findPythonBlocks, mayHavePythonBlocks } from '../../src/core/python/blocks.ts';
import { analyzeNote } from '../../src/core/markdown/analyze.ts';

const parsed = (text: string) => findPythonBlocks(prepareTree(text, { mdx: false }).tree).length > 0;

describe('mayHavePythonBlocks', () => {
  it.each([
    ['a fence', '# Note\n\n```python\nprint(1)\n```\n'],
    ['with options', '```python setup db=shop\nx = 1\n```\n'],
    ['tildes, upper case', '~~~~ Python\nx = 1\n~~~~\n'],
    ['in a callout', '> [!example]\n> ```python\n> x = 1\n> ```\n'],
    ['in a list item', '- step\n\n    ```python\n    x = 1\n    ```\n'],
    ['after a CRLF line', 'text\r\n```python\r\nx = 1\r\n```\r\n'],
  ])('finds %s, as the parser does', (_, text) => {
    expect(parsed(text)).toBe(true);
    expect(mayHavePythonBlocks(text)).toBe(true);
  });

  it.each([
    ['no code', 'Python is a language.\n'],
    ['another language', '```sql\nSELECT 1;\n```\n'],
    ['a language that starts with python', '```python-repl\n>>> 1\n```\n'],
    ['inline code', 'Write `python` after the fence.\n'],
  ])('says no for %s', (_, text) => {
    expect(parsed(text)).toBe(false);
    expect(mayHavePythonBlocks(text)).toBe(false);
  });

  it('says yes for a fence shown inside a longer one, which the parser does not run', () => {
    const text = '````markdown\n```python\nx = 1\n```\n````\n';
    expect(parsed(text)).toBe(false);
    expect(mayHavePythonBlocks(text)).toBe(true);
  });
});

describe("a note's doc-test blocks, in its facts (what a check thread is sent)", () => {
  it('the runnable SQL and Python blocks in page order, with their options and expected output, as plain data', () => {
    const note = [
      '```python db=shop',
      'print(1)',
      '```',
      '```output',
      '1',
      '```',
      '```sql norun',
      'SELECT 2;',
      '```',
      '> ```sql setup db=shop',
      '> CREATE TABLE t (id int);',
      '> ```',
    ].join('\n');
    const { docTests } = analyzeNote(note, { mdx: false });
    expect(docTests).toEqual([
      { lang: 'python', line: 1, code: 'print(1)', options: expect.objectContaining({ db: 'shop', setup: false }), expected: { text: '1', line: 4 } },
      { lang: 'sql', line: 10, code: 'CREATE TABLE t (id int);', options: expect.objectContaining({ db: 'shop', setup: true }) },
    ]);
    expect(structuredClone(docTests)).toEqual(docTests);
  });
});
