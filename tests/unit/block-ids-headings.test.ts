import { describe, expect, it } from 'vitest';
import { analyzeNote } from '../../src/core/markdown/analyze.ts';
import { findHeading, headingKey } from '../../src/core/markdown/headings.ts';
import { memorySite } from './helpers.ts';

describe('heading ids', () => {
  it('slugs headings, keeping Cyrillic', () => {
    expect(analyzeNote('# Добро пожаловать\n\n## Уникальное ограничение').headings).toEqual([
      { depth: 1, text: 'Добро пожаловать', id: 'добро-пожаловать', line: 1 },
      { depth: 2, text: 'Уникальное ограничение', id: 'уникальное-ограничение', line: 3 },
    ]);
  });

  it('numbers duplicates -1, -2 in order', () => {
    const ids = analyzeNote('## Пример\n\n## Пример\n\n### пример\n\n## Other').headings.map((h) => h.id);
    expect(ids).toEqual(['пример', 'пример-1', 'пример-2', 'other']);
  });

  it('drops punctuation and lower-cases, like GitHub', () => {
    expect(analyzeNote('## What is SQL? (Part 1)').headings[0].id).toBe('what-is-sql-part-1');
  });

  it('gives an empty heading an id too', () => {
    expect(analyzeNote('## \n\ntext').headings[0].id).toBe('section');
  });

  it('reads a wikilink in a heading as its text', () => {
    expect(analyzeNote('## About [[Note|the note]]').headings[0]).toMatchObject({ text: 'About the note', id: 'about-the-note' });
  });

  it('reads setext headings', () => {
    expect(analyzeNote('Title\n=====\n\nSub\n---').headings.map((h) => [h.depth, h.id])).toEqual([[1, 'title'], [2, 'sub']]);
  });
});

describe('headingKey and findHeading', () => {
  const headings = analyzeNote('# Guide\n\n## Setup\n\n### Install\n\n## Usage\n\n### Install\n\n## Q&A: joins, keys').headings;

  it('compares headings loosely: case, punctuation and spacing do not matter', () => {
    expect(headingKey('Q&A: Joins,  Keys')).toBe(headingKey('q a joins keys'));
    expect(headingKey('Уникальное  Ограничение')).toBe('уникальное ограничение');
  });

  it('finds the first heading of that text', () => {
    expect(findHeading(headings, ['Install'])).toMatchObject({ id: 'install', line: 5 });
  });

  it('finds a nested heading [[Note#Usage#Install]] under the right parent', () => {
    expect(findHeading(headings, ['Usage', 'Install'])).toMatchObject({ id: 'install-1', line: 9 });
    expect(findHeading(headings, ['Guide', 'Setup', 'Install'])).toMatchObject({ id: 'install' });
  });

  it('finds a heading whose link text drops characters Obsidian forbids in links', () => {
    expect(findHeading(headings, ['Q A joins keys'])).toMatchObject({ id: 'qa-joins-keys' });
  });

  it('returns undefined when the heading or its parent path does not exist', () => {
    expect(findHeading(headings, ['Missing'])).toBeUndefined();
    expect(findHeading(headings, ['Nope', 'Install'])).toBeUndefined();
  });
});

describe('heading links resolve to the ids the page renders', () => {
  it('uses the same id in the href and on the heading, Cyrillic and duplicates included', async () => {
    const site = memorySite({
      'Target.md': '## Связь\n\nfirst\n\n## Связь\n\nsecond\n\n## Часть #2: итоги',
      'Src.md': '[[Target#Связь]] [[Target#Часть 2 итоги]]',
    });
    expect(site.diagnostics).toEqual([]);
    const target = await site.render('Target.md');
    const src = await site.render('Src.md');
    expect(target).toContain('<h2 id="связь">');
    expect(target).toContain('<h2 id="связь-1">');
    expect(src).toContain(`href="/target/#${encodeURIComponent('связь')}"`);
    const lastId = site.note('Target.md').facts.headings[2].id;
    expect(target).toContain(`<h2 id="${lastId}">`);
    expect(src).toContain(`href="/target/#${encodeURIComponent(lastId)}"`);
  });
});

describe('block ids', () => {
  it('reads `text ^id` at the end of a paragraph and removes the marker', async () => {
    const facts = analyzeNote('First line\nsecond line ^para-1\n\nNext');
    expect(facts.blocks).toEqual([{ id: 'para-1', line: 1 }]);
    const site = memorySite({ 'N.md': 'First line\nsecond line ^para-1\n\nNext' });
    const html = await site.render('N.md');
    expect(html).toContain('<p id="^para-1">First line<br>\nsecond line</p>');
    expect(html).not.toContain('^para-1<');
  });

  it('lower-cases the id', () => {
    expect(analyzeNote('Text ^MyBlock').blocks).toEqual([{ id: 'myblock', line: 1 }]);
  });

  it('reads an id after inline formatting or a link', () => {
    expect(analyzeNote('**bold** ^b1\n\nA [[Link]] ^b2').blocks.map((b) => b.id)).toEqual(['b1', 'b2']);
  });

  it('puts the id of a list item on the item', async () => {
    const body = '- first\n- second ^item-2\n- third';
    expect(analyzeNote(body).blocks).toEqual([{ id: 'item-2', line: 2 }]);
    const html = await memorySite({ 'N.md': body }).render('N.md');
    expect(html).toContain('<li id="^item-2">second</li>');
  });

  it('gives `^id` alone after a table to the table', async () => {
    const body = '| a | b |\n|---|---|\n| 1 | 2 |\n\n^table-id\n\nAfter';
    expect(analyzeNote(body).blocks).toEqual([{ id: 'table-id', line: 1 }]);
    const html = await memorySite({ 'N.md': body }).render('N.md');
    expect(html).toContain('<table id="^table-id">');
    expect(html).not.toContain('^table-id</p>');
  });

  it('gives `^id` alone after a quote or a list to that block', () => {
    expect(analyzeNote('> quoted\n\n^quote\n\n- a\n- b\n\n^list').blocks).toEqual([
      { id: 'quote', line: 1 },
      { id: 'list', line: 5 },
    ]);
  });

  it('does not take a caret inside text for an id', () => {
    expect(analyzeNote('2^10 is 1024\n\nx ^not valid').blocks).toEqual([]);
  });

  it('links [[Note#^id]] to the block and reports a missing one', async () => {
    const site = memorySite({
      'Target.md': 'A paragraph ^blk\n\n- item ^li',
      'Src.md': '[[Target#^blk]] [[Target#^LI]] [[Target#^missing]]',
    });
    const html = await site.render('Src.md');
    expect(html).toContain('href="/target/#%5Eblk"');
    expect(html).toContain('href="/target/#%5Eli"');
    expect(site.codes('missing-block')).toEqual([
      expect.objectContaining({ file: 'Src.md', line: 1, column: 32, message: expect.stringContaining('^missing') }),
    ]);
  });
});

describe('block ids on quotes and callouts', () => {
  it('gives `^id` on the line right under a callout to the whole callout, as Obsidian does', async () => {
    const body = '> [!note] Title\n> First paragraph.\n>\n> Second paragraph.\n^whole';
    expect(analyzeNote(body).blocks).toEqual([{ id: 'whole', line: 1 }]);
    const site = memorySite({ 'Target.md': body, 'Src.md': '![[Target#^whole]]' });
    const html = await site.render('Src.md');
    expect(html).toContain('data-callout-type="note"');
    expect(html).toContain('First paragraph.');
    expect(html).toContain('Second paragraph.');
    expect(html).not.toContain('^whole');
  });

  it('keeps `text ^id` at the end of a quoted line on that paragraph', () => {
    const { blocks } = analyzeNote('> First.\n>\n> Second ^para');
    expect(blocks).toEqual([{ id: 'para', line: 3 }]);
  });
});

describe('GitHub-style anchors', () => {
  it('finds a heading by its id when the link is a pasted GitHub anchor', () => {
    const { headings } = analyzeNote('## Пример `config.py` для бд');
    expect(headings[0].id).toBe('пример-configpy-для-бд');
    expect(findHeading(headings, ['Пример-configpy-для-бд'])?.id).toBe('пример-configpy-для-бд');
    expect(findHeading(headings, ['Пример-other'])).toBeUndefined();
  });
});
