/**
 * The data the build writes into a page for its runnable blocks (issue 15): a SQL or Python
 * block's text and expected output as attributes, a ```lab block's parsed scenario and text
 * as JSON (src/core/lab/view/lab-data.ts), read back exactly by an HTML parser whatever the
 * text holds (`</script>`, U+2028, quotes, entities); and a lab block parsed once per build,
 * in the note's analysis, the render reusing that parse.
 */
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { findLabBlocks } from '../../src/core/lab/blocks.ts';
import { parseLab } from '../../src/core/lab/spec-parser.ts';
import type { LabBlockData } from '../../src/core/lab/view/lab-data.ts';
import { parseMarkdown } from '../../src/core/markdown/parser.ts';
import { memorySite } from './helpers.ts';

/** Hostile text: ends a script element, a JavaScript line terminator, both quotes, an entity. */
const HOSTILE = "SELECT '</script><script>alert(1)</script>' AS a, 'x\u2028y\u2029z' AS \"b\", '&amp;' AS c;";

/** The same in a lab step, but U+2028: the lab's parser takes it for a line break. */
const LAB_STEP = HOSTILE.replace(/[\u2028\u2029]/g, ' ');
const LAB = ['-- setup', 'CREATE TABLE t (id int PRIMARY KEY, v text);', '-- steps', 'A: BEGIN;', `A: ${LAB_STEP}`, 'B: SELECT 1;', 'A: COMMIT;', '-- expect', 'read committed: ok; B1 = 1; fine'].join('\n');

/** The elements of a class in the page as a browser's HTML parser reads it. */
function elements(html: string, test: (node: Element) => boolean): Element[] {
  const found: Element[] = [];
  visit(fromHtml(html, { fragment: true }) as Root, 'element', (node: Element) => {
    if (test(node)) found.push(node);
  });
  return found;
}
const ofClass = (className: string) => (node: Element) => (node.properties.className as string[] | undefined)?.includes(className) === true;

describe('block data written into the page', () => {
  const site = memorySite({
    'Home.md': 'home',
    'Blocks.md': ['# Blocks', '', '```sql', HOSTILE, '```', '', '```output', ' a', '---', '</script>', '```', '', '```python', `print(${JSON.stringify('</script>\u2028')})`, '```', '', '```lab', LAB, '```'].join('\n'),
  });

  it('gives a SQL or Python block its text and expected output as attributes, read back exactly', async () => {
    const html = await site.render('Blocks.md');
    const [sql, python] = elements(html, ofClass('sql-block'));
    expect(sql.properties.dataCode).toBe(HOSTILE);
    expect(sql.properties.dataExpected).toBe(' a\n---\n</script>');
    expect(python.properties.dataCode).toBe(`print(${JSON.stringify('</script>\u2028')})`);
    // An attribute's `</script>` is text to the HTML parser: it neither ends nor starts an element.
    expect(elements(html, (node) => node.tagName === 'script')).toEqual([]);
  });

  it("writes a lab's parsed scenario (expectations included) and its text as JSON, equal to the parser's", async () => {
    const html = await site.render('Blocks.md');
    const [lab] = elements(html, ofClass('lab'));
    const data = JSON.parse(String(lab.properties.dataLab)) as LabBlockData;
    expect(Object.keys(data).sort()).toEqual(['scenario', 'source']);
    expect(data.source).toBe(LAB);
    const line = site.note('Blocks.md').facts.labs[0].line;
    expect(data.scenario).toEqual(parseLab(LAB, { firstLine: line + 1 }));
    expect(data.scenario!.sessions[0].steps[1].sql).toBe(LAB_STEP);
    expect(data.scenario!.expectations['read committed']).toEqual({ errors: [], waits: [], rows: [{ step: 'B1', rows: [['1']] }], tags: [], label: 'fine' });
  });

  it('writes a lab that does not parse with its text and no scenario', async () => {
    const broken = memorySite({ 'Home.md': 'home', 'Lab.md': ['```lab', '-- steps', 'nonsense', '```'].join('\n') });
    const [lab] = elements(await broken.render('Lab.md'), ofClass('lab'));
    expect(JSON.parse(String(lab.properties.dataLab))).toEqual({ source: '-- steps\nnonsense' });
    expect(lab.properties.dataInvalid).toBe('');
  });
});

describe('a lab block parsed once', () => {
  it('keeps the analysis parse in the note facts, and the render takes it instead of parsing again', () => {
    const site = memorySite({ 'Home.md': 'home', 'Lab.md': ['Text', '', '```lab', LAB, '```'].join('\n') });
    const [parsed] = site.note('Lab.md').facts.labs;
    expect(parsed).toMatchObject({ line: 3, code: LAB });
    const tree = parseMarkdown(['Text', '', '```lab', LAB, '```'].join('\n'));
    // The very object the analysis made: not parsed again.
    expect(findLabBlocks(tree, [parsed])[0].scenario).toBe(parsed.scenario);
    // A block whose text is not the analysed one is parsed.
    const other = { ...parsed, code: 'A: SELECT 2;' };
    const [block] = findLabBlocks(tree, [other]);
    expect(block.scenario).not.toBe(parsed.scenario);
    expect(block.scenario).toEqual(parsed.scenario);
  });
});
