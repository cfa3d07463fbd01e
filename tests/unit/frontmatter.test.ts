import { describe, expect, it } from 'vitest';
import { splitFrontmatter } from '../../src/core/vault/frontmatter.ts';
import { memorySite } from './helpers.ts';

describe('splitFrontmatter: the block', () => {
  it('leaves a note without frontmatter as it is', () => {
    const split = splitFrontmatter('# Title\n\nText');
    expect(split.body).toBe('# Title\n\nText');
    expect(split.issues).toEqual([]);
    expect(split.frontmatter).toEqual({ aliases: [], tags: [], publish: true, data: {} });
  });

  it('blanks the block line for line, so body positions stay file positions', () => {
    const source = '---\ntitle: T\ntags: [a]\n---\n# Heading\n';
    const split = splitFrontmatter(source);
    expect(split.body).toBe('\n\n\n\n# Heading\n');
    expect(split.body.split('\n').length).toBe(source.split('\n').length);
  });

  it('accepts `...` as the closing line', () => {
    expect(splitFrontmatter('---\ntitle: Dots\n...\nbody').frontmatter.title).toBe('Dots');
  });

  it('accepts an empty block', () => {
    const split = splitFrontmatter('---\n---\nbody');
    expect(split.issues).toEqual([]);
    expect(split.body).toBe('\n\nbody');
  });

  it('only reads frontmatter at the very start of the file', () => {
    const split = splitFrontmatter('\n---\ntitle: Late\n---\n');
    expect(split.frontmatter.title).toBeUndefined();
    expect(split.issues).toEqual([]);
  });

  it('strips a UTF-8 BOM before the opening ---', () => {
    const split = splitFrontmatter('\uFEFF---\ntitle: With BOM\n---\nbody');
    expect(split.frontmatter.title).toBe('With BOM');
    expect(split.body).toBe('\n\n\nbody');
    expect(split.issues).toEqual([]);
  });

  it('reads CRLF files', () => {
    const source = '---\r\ntitle: Windows\r\ntags: [a]\r\n---\r\nbody\r\n';
    const split = splitFrontmatter(source);
    expect(split.frontmatter.title).toBe('Windows');
    expect(split.frontmatter.tags.map((t) => t.name)).toEqual(['a']);
    expect(split.body.split('\n').length).toBe(source.split('\n').length);
    expect(split.body.split('\n')[4]).toBe('body\r');
  });

  it('reports an unclosed block at line 1 and shows it as text', () => {
    const source = '---\ntitle: Never closed\n\n# Body';
    const split = splitFrontmatter(source);
    expect(split.issues).toEqual([{ line: 1, column: 1, message: expect.stringContaining('never closed') }]);
    expect(split.body).toBe(source);
    expect(split.frontmatter.title).toBeUndefined();
  });

  it('reports a block that is not a mapping and ignores it', () => {
    const split = splitFrontmatter('---\n- a\n- b\n---\nbody');
    expect(split.issues).toEqual([{ line: 2, column: 1, message: expect.stringContaining('mapping') }]);
    expect(split.frontmatter.data).toEqual({});
  });
});

describe('splitFrontmatter: invalid YAML is reported at its file line', () => {
  it('counts the opening --- as line 1', () => {
    const split = splitFrontmatter('---\ntitle: ok\ndescription: fine\nbroken: a: b\n---\nbody');
    // `broken: a: b` is line 4 of the file; the error is at `a`, column 9.
    expect(split.issues).toEqual([{ line: 4, column: 9, message: expect.stringMatching(/^invalid frontmatter: /) }]);
    expect(split.frontmatter).toEqual({ aliases: [], tags: [], publish: true, data: {} });
  });

  it('reports a tab used as indentation on its line', () => {
    const split = splitFrontmatter('---\na: 1\nlist:\n\t- x\n---\n');
    expect(split.issues).toMatchObject([{ line: 4, column: 1 }]);
  });

  it('keeps file lines with a BOM', () => {
    expect(splitFrontmatter('\uFEFF---\nok: 1\nbad: x: y\n---\n').issues).toMatchObject([{ line: 3, column: 6 }]);
  });

  it('keeps file lines with CRLF', () => {
    expect(splitFrontmatter('---\r\nok: 1\r\nbad: x: y\r\n---\r\n').issues).toMatchObject([{ line: 3, column: 6 }]);
  });

  it('still leaves out a note marked `draft: true` or `publish: false` when another line is broken', () => {
    expect(splitFrontmatter('---\ntitle: x\ndraft: true\nbad: a: b\n---\nsecret').frontmatter.publish).toBe(false);
    expect(splitFrontmatter('---\r\nbad: a: b\r\nPublish: false # not yet\r\n---\r\nsecret').frontmatter.publish).toBe(false);
    expect(splitFrontmatter('---\nbad: a: b\ndraft: false\n---\nfine').frontmatter.publish).toBe(true);
    expect(splitFrontmatter('---\nbad: a: b\nnote: "publish: false"\n---\nfine').frontmatter.publish).toBe(true);
  });

  it('still renders the body of a note with broken frontmatter', () => {
    const split = splitFrontmatter('---\nbad: x: y\n---\n# Still here');
    expect(split.body).toBe('\n\n\n# Still here');
  });
});

describe('splitFrontmatter: known keys', () => {
  const fm = (yaml: string) => splitFrontmatter(`---\n${yaml}\n---\n`).frontmatter;
  const issues = (yaml: string) => splitFrontmatter(`---\n${yaml}\n---\n`).issues;

  it('reads an Obsidian note', () => {
    const f = fm('aliases: [Sessions, Unit of work]\ntags: [sqlalchemy/session]\ncssclasses: wide\npublish: true');
    expect(f.aliases).toEqual(['Sessions', 'Unit of work']);
    expect(f.tags.map((t) => t.name)).toEqual(['sqlalchemy/session']);
    expect(f.publish).toBe(true);
    expect(f.data.cssclasses).toBe('wide');
  });

  it('reads a Jekyll post: layout, date, tags, title', () => {
    const f = fm('layout: post\ntitle: "Hello: world"\ndate: 2024-01-15 10:00:00 +0300\ntags: jekyll ruby\ncategories: [blog]');
    expect(f.title).toBe('Hello: world');
    expect(f.tags.map((t) => t.name)).toEqual(['jekyll', 'ruby']);
    expect(f.updated?.toISOString()).toBe('2024-01-15T07:00:00.000Z');
    expect(f.data.layout).toBe('post');
    expect(f.data.categories).toEqual(['blog']);
    expect(f.publish).toBe(true);
  });

  it('reads a Hugo page: lastmod wins over date, draft: false publishes', () => {
    const f = fm('title: Hugo\ndate: 2020-01-01\nlastmod: 2023-06-30\ndraft: false');
    expect(f.updated?.toISOString().slice(0, 10)).toBe('2023-06-30');
    expect(f.publish).toBe(true);
  });

  it('ignores a date that is not a date', () => {
    expect(fm('updated: yesterday').updated).toBeUndefined();
  });

  it('leaves out `publish: false`', () => {
    expect(fm('publish: false').publish).toBe(false);
  });

  it('leaves out `draft: true`', () => {
    expect(fm('draft: true').publish).toBe(false);
  });

  it('matches keys ignoring case', () => {
    expect(fm('Publish: false').publish).toBe(false);
    expect(fm('Title: Upper').title).toBe('Upper');
  });

  it('overrides the title, trimmed; a blank title is no title', () => {
    expect(fm('title: "  Spaced  "').title).toBe('Spaced');
    expect(fm('title: "   "').title).toBeUndefined();
    expect(fm('title: 2024').title).toBe('2024');
  });

  it('reports a title that is not text', () => {
    expect(fm('title: [a, b]').title).toBeUndefined();
    expect(issues('x: 1\ntitle: [a, b]')).toEqual([{ line: 3, column: 1, message: expect.stringContaining('`title`') }]);
  });

  it('reads `aliases` as a list or a comma-separated string, and `alias`', () => {
    expect(fm('aliases:\n  - One\n  - Два').aliases).toEqual(['One', 'Два']);
    expect(fm('aliases: One, Two').aliases).toEqual(['One', 'Two']);
    expect(fm('alias: Single').aliases).toEqual(['Single']);
    expect(fm('aliases: [A]\nalias: B').aliases).toEqual(['A', 'B']);
  });

  it('reports aliases that are a mapping', () => {
    expect(fm('aliases: {a: 1}').aliases).toEqual([]);
    expect(issues('aliases: {a: 1}')).toEqual([{ line: 2, column: 1, message: expect.stringContaining('`aliases`') }]);
  });

  it('reads `lang` (or `language`) as a lower-case code', () => {
    expect(fm('lang: ru').lang).toBe('ru');
    expect(fm('lang: EN-us').lang).toBe('en-us');
    expect(fm('language: en').lang).toBe('en');
  });

  it('reports a `lang` that is not a language code', () => {
    expect(fm('lang: Russian language').lang).toBeUndefined();
    expect(issues('title: x\nlang: Russian language')).toEqual([{ line: 3, column: 1, message: expect.stringContaining('`lang`') }]);
  });

  it('reads `description`, else `summary`', () => {
    expect(fm('description: " About this "').description).toBe('About this');
    expect(fm('summary: Short').description).toBe('Short');
  });

  it('keeps unknown keys in data', () => {
    expect(fm('custom:\n  nested: [1, 2]').data).toEqual({ custom: { nested: [1, 2] } });
  });
});

describe('frontmatter in the site', () => {
  it('uses the title override, else the file name', () => {
    const site = memorySite({ 'folder/File name.md': 'x', 'Titled.md': '---\ntitle: Другое имя\n---\nx' });
    expect(site.note('folder/File name.md').title).toBe('File name');
    expect(site.note('Titled.md').title).toBe('Другое имя');
  });

  it('leaves unpublished notes out of the site', () => {
    const site = memorySite({ 'A.md': 'x', 'Draft.md': '---\ndraft: true\n---\nx', 'Private.md': '---\npublish: false\n---\nx' });
    expect(site.notes.map((n) => n.path)).toEqual(['A.md']);
    expect([...site.unpublished].sort()).toEqual(['Draft.md', 'Private.md']);
  });

  it('reports invalid frontmatter as a warning at the file line, and keeps the note', () => {
    const site = memorySite({ 'Bad.md': '---\ntitle: ok\nbad: x: y\n---\n# Body' });
    expect(site.codes('invalid-frontmatter')).toEqual([
      { file: 'Bad.md', line: 3, column: 6, severity: 'warning', code: 'invalid-frontmatter', message: expect.any(String) },
    ]);
    expect(site.note('Bad.md').title).toBe('Bad');
  });

  it('uses `lang` from the frontmatter over the detected language', () => {
    const prose = 'This is plainly an English sentence with plenty of Latin letters in it.';
    const site = memorySite({ 'En.md': prose, 'Forced.md': `---\nlang: ru\n---\n${prose}` });
    expect(site.note('En.md').lang).toBe('en');
    expect(site.note('Forced.md').lang).toBe('ru');
  });

  it('makes aliases resolvable', () => {
    const site = memorySite({ 'Target.md': '---\naliases: [Другое имя]\n---\nx', 'Src.md': 'See [[другое имя]].' });
    expect(site.diagnostics).toEqual([]);
    expect(site.backlinks.get('Target.md')?.map((b) => b.from.path)).toEqual(['Src.md']);
  });
});
