import { describe, expect, it } from 'vitest';
import { analyzeNote } from '../../src/core/markdown/analyze.ts';
import { normaliseTagName } from '../../src/core/markdown/inline-tags.ts';
import { buildTags, tagKey, tagUrl } from '../../src/core/site/tag-pages.ts';
import { splitFrontmatter } from '../../src/core/vault/frontmatter.ts';
import { memorySite } from './helpers.ts';

const tagsOf = (body: string) => analyzeNote(body).tags.map((t) => t.name);

describe('inline tags', () => {
  it('finds #tag in text, with its position', () => {
    expect(analyzeNote('Some text #tag here').tags).toEqual([{ name: 'tag', line: 1, column: 11 }]);
  });

  it('finds a tag at the start of a line and after a line break', () => {
    expect(analyzeNote('#first word\nsecond line #second').tags).toEqual([
      { name: 'first', line: 1, column: 1 },
      { name: 'second', line: 2, column: 13 },
    ]);
  });

  it('finds nested #a/b and drops a trailing slash', () => {
    expect(tagsOf('#sql/joins and #a/b/c and #trailing/')).toEqual(['sql/joins', 'a/b/c', 'trailing']);
  });

  it('finds Cyrillic tags', () => {
    expect(tagsOf('Про #тег и #базы/данных.')).toEqual(['тег', 'базы/данных']);
  });

  it('allows digits, _ and - in a tag', () => {
    expect(tagsOf('#v2 #snake_case #kebab-case #_private #y2024')).toEqual(['v2', 'snake_case', 'kebab-case', '_private', 'y2024']);
  });

  it('does not take #2024 (only digits) for a tag', () => {
    expect(tagsOf('In #2024 and #42 we did #2024/q1')).toEqual(['2024/q1']);
  });

  it('does not take text#tag (no boundary before #) for a tag', () => {
    expect(tagsOf('text#tag and C#sharp and a##b')).toEqual([]);
  });

  it('finds tags after punctuation boundaries', () => {
    expect(tagsOf('(#paren) [#bracket] "#quote", #comma; «#ёлка»')).toEqual(['paren', 'bracket', 'quote', 'comma', 'ёлка']);
  });

  it('stops a tag at punctuation that cannot be in one', () => {
    expect(tagsOf('End with #tag. Or #tag2, or #tag3!')).toEqual(['tag', 'tag2', 'tag3']);
  });

  it('never finds tags in fenced or indented code', () => {
    expect(tagsOf('```\n#incode\n```\n\n    #indented code\n\nafter #real')).toEqual(['real']);
  });

  it('never finds tags in inline code', () => {
    expect(tagsOf('use `#notatag` then #real')).toEqual(['real']);
  });

  it('never finds tags in URLs', () => {
    expect(tagsOf('See https://example.com/page#section and <https://example.com/#x> and www.example.com/#y')).toEqual([]);
    expect(tagsOf('a path/to/page#anchor here')).toEqual([]);
  });

  it('never finds tags in link text, link targets or wikilinks', () => {
    expect(tagsOf('[#text](https://x.org) [x](#anchor) [[Note#Heading]] [[Note|#alias]] ![[Note#Sec]]')).toEqual([]);
  });

  it('never takes heading markers for tags, but finds a tag inside a heading', () => {
    expect(tagsOf('# Heading\n\n## Sub #inheading\n\n###### Six')).toEqual(['inheading']);
  });

  it('does not take ##double for a tag', () => {
    expect(tagsOf('##double')).toEqual([]);
  });

  it('never finds tags in math', () => {
    expect(tagsOf('$#notag$ and\n\n$$\n#block\n$$\n\nok #yes')).toEqual(['yes']);
  });

  it('does not take an escaped \\#tag for a tag', () => {
    expect(tagsOf('not \\#escaped but #real')).toEqual(['real']);
  });

  it('reports the file column of a tag after an escape or entity', () => {
    expect(analyzeNote('a \\#x &amp; #tag').tags).toEqual([{ name: 'tag', line: 1, column: 13 }]);
  });

  it('finds tags on continuation lines of quotes and list items, at their file column', () => {
    expect(analyzeNote('> quoted\n> line #q\n\n- item\n  more #li').tags).toEqual([
      { name: 'q', line: 2, column: 8 },
      { name: 'li', line: 5, column: 8 },
    ]);
  });

  it('finds a tag on a line after a removed %%comment%%', () => {
    expect(analyzeNote('%%a private comment, longer than the tag line%%\n#after').tags).toEqual([{ name: 'after', line: 2, column: 1 }]);
  });

  it('does not find tags inside %%comments%%', () => {
    expect(tagsOf('visible %%#hidden%% #shown\n%%\n#alsohidden\n%%')).toEqual(['shown']);
  });

  it('finds tags in .mdx notes, at their file position, but not in JSX or imports', () => {
    const body = 'import X from "./x.js"\n\n# Title #h\n\nText \\#no #mdx-tag <X prop="#not" />\n\n> quoted\n> more #q';
    expect(analyzeNote(body, { mdx: true }).tags).toEqual([
      { name: 'h', line: 3, column: 9 },
      { name: 'mdx-tag', line: 5, column: 11 },
      { name: 'q', line: 8, column: 8 },
    ]);
  });

  it('finds tags in emphasis, lists, quotes and table cells', () => {
    expect(tagsOf('*#em* **#strong**\n\n- #list\n\n> #quote\n\n| h |\n|---|\n| #cell |')).toEqual(['em', 'strong', 'list', 'quote', 'cell']);
  });
});

describe('normaliseTagName', () => {
  it('rejects names that are only digits and slashes', () => {
    expect(normaliseTagName('2024')).toBeUndefined();
    expect(normaliseTagName('2024/01')).toBeUndefined();
    expect(normaliseTagName('///')).toBeUndefined();
  });

  it('trims slashes at the ends and collapses doubled ones', () => {
    expect(normaliseTagName('/a//b/')).toBe('a/b');
  });
});

describe('frontmatter tags', () => {
  const tags = (yaml: string) => splitFrontmatter(`---\n${yaml}\n---\n`).frontmatter.tags.map((t) => t.name);

  it('reads a YAML list', () => {
    expect(tags('tags: [sql, sql/joins, тег]')).toEqual(['sql', 'sql/joins', 'тег']);
    expect(tags('tags:\n  - one\n  - two/three')).toEqual(['one', 'two/three']);
  });

  it('reads a string split by commas or spaces', () => {
    expect(tags('tags: one, two')).toEqual(['one', 'two']);
    expect(tags('tags: jekyll ruby')).toEqual(['jekyll', 'ruby']);
  });

  it('drops a leading # in quoted tags', () => {
    expect(tags('tags: ["#one", "#two/x"]')).toEqual(['one', 'two/x']);
  });

  it('accepts `tag` as the key too', () => {
    expect(tags('tag: single')).toEqual(['single']);
  });

  it('records the line of the key for each tag', () => {
    const fm = splitFrontmatter('---\ntitle: x\ntags: [a, b]\n---\n').frontmatter;
    expect(fm.tags).toEqual([{ name: 'a', line: 3 }, { name: 'b', line: 3 }]);
  });

  it('reports tags that are neither a list nor a string', () => {
    const split = splitFrontmatter('---\ntitle: x\ntags:\n  nested: map\n---\n');
    expect(split.frontmatter.tags).toEqual([]);
    expect(split.issues).toEqual([{ line: 3, column: 1, message: expect.stringContaining('`tags`') }]);
  });
});

describe('note tags (frontmatter + inline)', () => {
  it('merges frontmatter and inline tags, once each ignoring case, first spelling kept', () => {
    const site = memorySite({ 'N.md': '---\ntags: [SQL, joins]\n---\nText #sql #Joins #extra #extra' });
    expect(site.note('N.md').tags).toEqual(['SQL', 'joins', 'extra']);
  });
});

describe('tag pages', () => {
  it('keys tags by lower case, NFC', () => {
    expect(tagKey('SQL/Joins')).toBe('sql/joins');
    expect(tagKey('Тег')).toBe('тег');
    expect(tagKey('cafe\u0301')).toBe('café');
  });

  it('gives every nested segment its own URL under the base', () => {
    expect(tagUrl('/', 'sql/joins')).toBe('/tags/sql/joins/');
    expect(tagUrl('/kb/', 'тег')).toBe(`/kb/tags/${encodeURIComponent('тег')}/`);
    // `my tag` and `my-tag` are two tags: the one the slug changes gets a hash (see below).
    expect(tagUrl('/', 'my tag')).toMatch(/^\/tags\/my-tag-[0-9a-f]{8}\/$/);
  });

  it('rolls nested tags up into their parents', () => {
    const site = memorySite({
      'A.md': 'Text #sql/joins/inner',
      'B.md': 'Text #sql',
      'C.md': 'Text #sql/joins and #SQL/Joins',
      'D.md': 'Unrelated #other',
    });
    const tags = buildTags(site.notes, '/');
    const paths = (key: string, which: 'direct' | 'all') => tags.get(key)![which].map((n) => n.path).sort();

    expect([...tags.keys()].sort()).toEqual(['other', 'sql', 'sql/joins', 'sql/joins/inner']);
    expect(paths('sql', 'direct')).toEqual(['B.md']);
    expect(paths('sql', 'all')).toEqual(['A.md', 'B.md', 'C.md']);
    expect(paths('sql/joins', 'direct')).toEqual(['C.md']);
    expect(paths('sql/joins', 'all')).toEqual(['A.md', 'C.md']);
    expect(paths('sql/joins/inner', 'all')).toEqual(['A.md']);
    expect(tags.get('sql')!.children).toEqual(['sql/joins']);
    expect(tags.get('sql/joins')!.children).toEqual(['sql/joins/inner']);
    expect(tags.get('other')!.children).toEqual([]);
    expect(tags.get('sql/joins')!.url).toBe('/tags/sql/joins/');
  });

  it('creates the parent page of a nested tag nobody used alone', () => {
    const site = memorySite({ 'A.md': '#parent/child' });
    const tags = buildTags(site.notes, '/');
    expect(tags.get('parent')).toMatchObject({ name: 'parent', direct: [], children: ['parent/child'] });
    expect(tags.get('parent')!.all.map((n) => n.path)).toEqual(['A.md']);
  });

  it('lists a note once under a parent however many of its children it has', () => {
    const site = memorySite({ 'A.md': '#p/one #p/two #p' });
    const tags = buildTags(site.notes, '/');
    expect(tags.get('p')!.all.map((n) => n.path)).toEqual(['A.md']);
    expect(tags.get('p')!.direct.map((n) => n.path)).toEqual(['A.md']);
    expect(tags.get('p')!.children).toEqual(['p/one', 'p/two']);
  });
});

describe('tag pages that would collide or not fit in a file name (issue 20, items 2 and 3)', () => {
  it('gives #c, #c-, c# and c++, and `a b` and a-b, a page each, and keeps every note on its tag’s page', () => {
    const site = memorySite({
      'C.md': 'Text #c',
      'Dash.md': 'Text #c-',
      'Sharp.md': '---\ntags: [c#]\n---\nText',
      'Plus.md': '---\ntags: [c++, "a b"]\n---\nText #a-b',
    });
    const tags = site.site.tags;
    const urls = ['c', 'c-', 'c#', 'c++', 'a b', 'a-b'].map((key) => tags.get(key)!.url);
    expect(new Set(urls).size).toBe(6);
    expect(tags.get('c')!.url).toBe('/tags/c/');
    expect(tags.get('a-b')!.url).toBe('/tags/a-b/');
    expect(tags.get('c++')!.url).toMatch(/^\/tags\/c-[0-9a-f]{8}\/$/);
    expect(tags.get('c-')!.direct.map((n) => n.path)).toEqual(['Dash.md']);
    expect(tags.get('c#')!.direct.map((n) => n.path)).toEqual(['Sharp.md']);
    expect(tags.get('a b')!.direct.map((n) => n.path)).toEqual(['Plus.md']);
  });

  it('reports each tag that would have shared a page, at the tag', () => {
    const site = memorySite({ 'C.md': 'Text #c', 'Dash.md': 'One\n\nand #c- here', 'Plus.md': '---\ntitle: p\ntags: [c++]\n---\n' });
    expect(site.codes('tag-url').map((d) => `${d.file}:${d.line}:${d.column}: ${d.message.replace(/-[0-9a-f]{8}\//, '-HASH/')}`)).toEqual([
      'Dash.md:3:5: tag #c- would share the page /tags/c/ with #c, #c++; its page is /tags/c-HASH/',
      'Plus.md:3:1: tag #c++ would share the page /tags/c/ with #c, #c-; its page is /tags/c-HASH/',
    ]);
  });

  it('shortens a tag longer than a file name allows, uniquely, and reports it', () => {
    const long = 'x'.repeat(256);
    const cyrillic = 'ж'.repeat(130);
    const site = memorySite({ 'Long.md': `#${long}`, 'Long2.md': `#${long}y`, 'Cyr.md': `---\ntags: [${cyrillic}]\n---\n` });
    const slugs = [long, `${long}y`, cyrillic].map((key) => decodeURIComponent(site.site.tags.get(key)!.url.slice('/tags/'.length, -1)));
    for (const slug of slugs) expect(new TextEncoder().encode(slug).length).toBeLessThanOrEqual(100);
    expect(new Set(slugs).size).toBe(3);
    expect(site.codes('tag-url').map((d) => `${d.file}:${d.line}:${d.column}`)).toEqual(['Cyr.md:2:1', 'Long.md:1:1', 'Long2.md:1:1']);
    expect(site.codes('tag-url')[0].message).toMatch(/^tag #ж{40}… is 260 bytes long, too long for a file name; its page is \/tags\/ж+-[0-9a-f]{8}\/$/);
  });
});
