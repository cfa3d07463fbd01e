import { describe, expect, it } from 'vitest';
import { mediaKind } from '../../src/core/render/media.ts';
import { calloutKind } from '../../src/core/render/callouts.ts';
import { renderNote } from '../../src/core/render/render-note.ts';
import { renderLabels } from '../../src/core/render/labels.ts';
import { memorySite } from './helpers.ts';

/** How many times `needle` occurs in `haystack`. */
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

describe('links', () => {
  const site = memorySite(
    {
      'Home.md': 'home',
      'Src.md': [
        'Plain [[Target]].',
        'Aliased [[Target|shown text]].',
        'Heading [[Target#Second part]].',
        'Block [[Target#^blk]].',
        'Folder [[sub/Deep note]].',
        'Same note [[#Local heading]].',
        'File [[report.pdf]].',
        'Missing [[Nowhere]].',
        'Markdown [md](Target.md#Second%20part) and [md2](sub/Deep%20note.md).',
        'External [ext](https://example.com).',
        '',
        '## Local heading',
      ].join('\n'),
      'Target.md': '## First\n\n## Second part\n\nA block ^blk',
      'sub/Deep note.md': 'deep',
      'files/report.pdf': '%PDF',
    },
    '/kb/',
  );

  it('links [[Note]] to the note URL, with the note name as text', async () => {
    expect(await site.render('Src.md')).toContain('<a class="internal" href="/kb/target/" data-slug="target">Target</a>');
  });

  it('uses the alias of [[Note|text]] as the text', async () => {
    expect(await site.render('Src.md')).toContain('<a class="internal" href="/kb/target/" data-slug="target">shown text</a>');
  });

  it('links [[Note#Heading]] to the heading id', async () => {
    expect(await site.render('Src.md')).toContain('href="/kb/target/#second-part" data-slug="target">Target > Second part</a>');
  });

  it('links [[Note#^block]] to the block id', async () => {
    expect(await site.render('Src.md')).toContain('href="/kb/target/#%5Eblk"');
  });

  it('links [[folder/Note]] with spaces in the name', async () => {
    expect(await site.render('Src.md')).toContain('href="/kb/sub/deep-note/"');
  });

  it('links [[#Heading]] to the anchor on the same page', async () => {
    const html = await site.render('Src.md');
    expect(html).toContain('<a class="internal" href="#local-heading" data-slug="src">Local heading</a>');
    expect(html).toContain('<h2 id="local-heading">');
  });

  it('links a file that is not a note to the file URL, marked as a file', async () => {
    expect(await site.render('Src.md')).toContain('<a class="internal file" href="/kb/files/report.pdf">report.pdf</a>');
  });

  it('shows an unresolved link as text, not a link that 404s', async () => {
    const html = await site.render('Src.md');
    expect(html).toContain('<span class="unresolved" title="“Nowhere” does not exist yet">Nowhere</span>');
    expect(html).not.toContain('href="/kb/nowhere');
  });

  it('resolves Markdown links like wikilinks, decoding %20', async () => {
    const html = await site.render('Src.md');
    expect(html).toContain('<a class="internal" href="/kb/target/#second-part" data-slug="target">md</a>');
    expect(html).toContain('<a class="internal" href="/kb/sub/deep-note/" data-slug="sub/deep-note">md2</a>');
  });

  it('leaves external links external, without leaking the referrer', async () => {
    expect(await site.render('Src.md')).toMatch(/<a href="https:\/\/example\.com" rel="noopener noreferrer" class="external">ext<\/a>/);
  });

  it('resolves an escaped alias pipe in a table', async () => {
    const html = await memorySite({ 'A.md': '| col |\n|---|\n| [[B\\|bee]] |', 'B.md': 'b' }).render('A.md');
    expect(html).toContain('<a class="internal" href="/b/" data-slug="b">bee</a>');
  });

  it('does not link to an unpublished note', async () => {
    const s = memorySite({ 'A.md': 'See [[Secret]].', 'Secret.md': '---\npublish: false\n---\nx' });
    const html = await s.render('A.md');
    expect(html).toContain('<span class="unresolved"');
    expect(html).not.toContain('href="/secret/"');
  });
});

describe('tags in the page', () => {
  it('turns inline tags into links to their tag pages, leaving code alone', async () => {
    const html = await memorySite({ 'A.md': 'About #sql/joins and #Тег.\n\n`#code`' }, '/kb/').render('A.md');
    expect(html).toContain('<a href="/kb/tags/sql/joins/" class="tag">#sql/joins</a>');
    expect(html).toContain(`<a href="/kb/tags/${encodeURIComponent('тег')}/" class="tag">#Тег</a>.`);
    expect(html).toContain('<code>#code</code>');
  });

  it('keeps an escaped \\#hash as text', async () => {
    const html = await memorySite({ 'A.md': 'Issue \\#42a here' }).render('A.md');
    expect(html).toContain('Issue #42a here');
    expect(html).not.toContain('class="tag"');
  });
});

describe('file embeds', () => {
  const site = memorySite({
    'A.md': [
      '![[diagram.png]]',
      '![[diagram.png|300]]',
      '![[diagram.png|300x200]]',
      '![[diagram.png|A diagram|640]]',
      '![Alt text](img/diagram.png)',
      '![[song.mp3]]',
      '![[clip.webm]]',
      '![[report.pdf#page=3]]',
      '![[data.csv]]',
      '![[no-such-image.png]]',
      '![[Нет такой заметки]]',
    ].join('\n\n'),
    'img/diagram.png': 'png',
    'song.mp3': 'mp3',
    'clip.webm': 'webm',
    'report.pdf': 'pdf',
    'data.csv': 'a,b',
  });

  it('draws an image', async () => {
    expect(await site.render('A.md')).toContain('<img class="embed-image" src="/img/diagram.png" alt="diagram.png" loading="lazy">');
  });

  it('sizes an image with |300', async () => {
    expect(await site.render('A.md')).toContain('src="/img/diagram.png" alt="diagram.png" loading="lazy" width="300">');
  });

  it('sizes an image with |300x200', async () => {
    expect(await site.render('A.md')).toContain('loading="lazy" width="300" height="200">');
  });

  it('reads alt text and a size together', async () => {
    expect(await site.render('A.md')).toContain('alt="A diagram" loading="lazy" width="640">');
  });

  it('draws a Markdown image with its alt text', async () => {
    expect(await site.render('A.md')).toContain('<img class="embed-image" src="/img/diagram.png" alt="Alt text" loading="lazy">');
  });

  it('draws audio and video players', async () => {
    const html = await site.render('A.md');
    expect(html).toContain('<audio class="embed-audio" src="/song.mp3" controls preload="metadata" title="song.mp3"></audio>');
    expect(html).toContain('<video class="embed-video" src="/clip.webm" controls preload="metadata" title="clip.webm"></video>');
  });

  it('draws a PDF in a frame, forwarding #page=', async () => {
    expect(await site.render('A.md')).toContain('<iframe class="embed-pdf" src="/report.pdf#page=3" title="report.pdf" loading="lazy"></iframe>');
  });

  it('links other files', async () => {
    expect(await site.render('A.md')).toContain('<a class="internal file" href="/data.csv">data.csv</a>');
  });

  it('shows a placeholder naming a missing file or note', async () => {
    const html = await site.render('A.md');
    expect(html).toContain('<span class="embed-missing" role="note" title="“no-such-image.png” is not in the vault">Missing embed: no-such-image.png</span>');
    expect(html).toContain('Missing embed: Нет такой заметки</span>');
  });

  it('reports missing embeds with their position', () => {
    expect(site.codes('missing-embed').map((d) => [d.line, d.column, d.message])).toEqual([
      [19, 1, 'embedded file not found: ![[no-such-image.png]]'],
      [21, 1, 'embedded file not found: ![[Нет такой заметки]]'],
    ]);
  });

  it('knows media kinds by extension, ignoring case', () => {
    expect(['a.PNG', 'b.svg', 'c.MP3', 'd.m4a', 'e.mov', 'f.pdf', 'g.docx', 'noext'].map(mediaKind)).toEqual([
      'image', 'image', 'audio', 'audio', 'video', 'pdf', 'other', 'other',
    ]);
  });
});

describe('note embeds', () => {
  it('transcludes a whole note, with a title linking to it, without repeating its ids', async () => {
    const site = memorySite({ 'A.md': 'Before\n\n![[B]]\n\nAfter', 'B.md': '## Inside\n\nB text ^bb' });
    const html = await site.render('A.md');
    expect(html).toContain('<div class="embed embed-note" data-embed-src="B.md">');
    expect(html).toContain('<div class="embed-title"><a class="internal" href="/b/" data-slug="b">B</a></div>');
    expect(html).toContain('<h2>Inside</h2><p>B text</p>');
    expect(html).not.toContain('id="inside"');
    expect(html).not.toContain('id="^bb"');
    // Block content does not stay inside a <p>.
    expect(html).toContain('<div class="embed-line"><div class="embed embed-note"');
  });

  it('transcludes the section of a heading, down to the next heading of its level', async () => {
    const site = memorySite({
      'A.md': '![[B#Second]]',
      'B.md': '## First\n\none\n\n## Second\n\ntwo\n\n### Nested\n\nnested\n\n## Third\n\nthree',
    });
    const html = await site.render('A.md');
    expect(html).toContain('<h2>Second</h2><p>two</p><h3>Nested</h3><p>nested</p></div>');
    expect(html).not.toContain('one');
    expect(html).not.toContain('three');
    expect(html).toContain('href="/b/#second"');
  });

  it('transcludes one block: a paragraph, or a list item as a list', async () => {
    const site = memorySite({ 'A.md': '![[B#^para]]\n\n![[B#^item]]', 'B.md': 'Other text\n\nThe paragraph ^para\n\n- no\n- the item ^item\n- no either' });
    const html = await site.render('A.md');
    expect(html).toContain('<div class="embed-content"><p>The paragraph</p></div>');
    expect(html).toMatch(/<div class="embed-content"><ul>\s*<li>the item<\/li>\s*<\/ul><\/div>/);
    expect(html).not.toContain('Other text');
    expect(html).not.toContain('no either');
  });

  it('transcludes a section of the same note with ![[#Heading]]', async () => {
    const html = await memorySite({ 'A.md': '## Part\n\npart text\n\n## Copy\n\n![[#Part]]' }).render('A.md');
    expect(count(html, 'part text')).toBe(2);
  });

  it('stops a cycle A → B → A, showing the repeated embed as a link', async () => {
    const site = memorySite({ 'A.md': 'A text\n\n![[B]]', 'B.md': 'B text\n\n![[A]]' });
    const html = await site.render('A.md');
    expect(count(html, 'A text')).toBe(1);
    expect(count(html, 'B text')).toBe(1);
    expect(html).toContain('<a class="internal embed-stopped" href="/a/" title="Embed not expanded: it would repeat itself or nest too deep">A</a>');
  });

  it('stops a note embedding itself', async () => {
    const html = await memorySite({ 'A.md': 'Self text\n\n![[A]]' }).render('A.md');
    expect(count(html, 'Self text')).toBe(1);
    expect(html).toContain('embed-stopped');
  });

  it('stops at the depth limit (4 levels of embeds)', async () => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 8; i++) files[`N${i}.md`] = `level ${i} text${i < 8 ? `\n\n![[N${i + 1}]]` : ''}`;
    const html = await memorySite(files).render('N1.md');
    for (let i = 1; i <= 5; i++) expect(html).toContain(`level ${i} text`);
    expect(html).not.toContain('level 6 text');
    expect(html).toContain('<a class="internal embed-stopped" href="/n6/"');
  });

  it('draws the same note twice on a page when it is embedded twice (not a cycle)', async () => {
    const html = await memorySite({ 'A.md': '![[B]]\n\n![[B]]', 'B.md': 'B text' }).render('A.md');
    expect(count(html, 'B text')).toBe(2);
    expect(html).not.toContain('embed-stopped');
  });

  it('shows a placeholder for an embed of an unpublished note', async () => {
    const html = await memorySite({ 'A.md': '![[Draft]]', 'Draft.md': '---\ndraft: true\n---\nsecret' }).render('A.md');
    expect(html).toContain('Missing embed: Draft');
    expect(html).not.toContain('secret');
  });
});

describe('renderNote output', () => {
  it('returns a table of contents of headings down to level 4', async () => {
    const site = memorySite({ 'A.md': '# One\n\n## Два\n\n#### Four\n\n##### Five' });
    const ctx = { index: site.index, tagUrl: () => '/t/', bodyOf: (n: { body: string }) => n.body, strictLineBreaks: false, siteLang: 'en' };
    const { toc } = await renderNote(site.note('A.md'), ctx as never);
    expect(toc).toEqual([
      { depth: 1, text: 'One', id: 'one' },
      { depth: 2, text: 'Два', id: 'два' },
      { depth: 4, text: 'Four', id: 'four' },
    ]);
  });

  it('renders callouts with their canonical kind', async () => {
    const html = await memorySite({ 'A.md': '> [!FAQ] Question?\n> Answer' }).render('A.md');
    expect(html).toContain('data-callout-kind="question"');
    expect(calloutKind('error')).toBe('danger');
    expect(calloutKind('my-custom')).toBe('note');
  });

  it('draws mermaid blocks for the browser, escaped', async () => {
    const html = await memorySite({ 'A.md': '```mermaid\ngraph TD\n    A-->B<C\n```' }).render('A.md');
    expect(html).toContain('<pre class="mermaid">graph TD\n    A-->B&#x3C;C</pre>');
  });
});

describe('web images and transcluded same-note links', () => {
  it("applies Obsidian's size syntax to web images", async () => {
    const html = await memorySite({ 'N.md': '![250](https://example.com/a.png) ![Logo|100x40](https://example.com/b.png)' }).render('N.md');
    expect(html).toContain('<img src="https://example.com/a.png" alt="" width="250">');
    expect(html).toContain('<img src="https://example.com/b.png" alt="Logo" width="100" height="40">');
  });

  it('points [[#Heading]] inside an embed at the note it came from', async () => {
    const site = memorySite({
      'Target.md': '## Part\n\nSee [[#Other]].\n\n## Other\n\ntext',
      'Src.md': '![[Target#Part]]',
    });
    expect(await site.render('Target.md')).toContain('href="#other"');
    expect(await site.render('Src.md')).toContain('href="/target/#other"');
  });
});

describe('the note title', () => {
  it('is not repeated when the note opens with `# Title`', async () => {
    const site = memorySite({ 'One to one.md': '# One to one\n\nText.\n\n## Part', 'Other.md': '# Something else\n\nText.' });
    const html = await site.render('One to one.md');
    expect(html).not.toContain('<h1');
    expect((await renderNote(site.note('One to one.md'), { index: site.index, labels: renderLabels('en'), siteLang: 'en', tagUrl: (t) => t, bodyOf: (n) => n.body, strictLineBreaks: false })).titleId).toBe('one-to-one');
    expect(html).toContain('<h2 id="part">Part</h2>');
    expect(await site.render('Other.md')).toContain('<h1 id="something-else">Something else</h1>');
  });
});

describe('schema and table views', () => {
  it('marks ```sql-schema and ```sql-table blocks as views of a page database', async () => {
    const html = await memorySite({ 'N.md': '```sql-schema\nusers, profiles\n```\n\n```sql-table users db=bank\n```\n' }).render('N.md');
    expect(html).toContain('<div class="sql-schema-view" data-db="main" data-tables="users,profiles">');
    expect(html).toContain('<div class="sql-table-view" data-db="bank" data-table="users">');
  });
});

describe('code block headers', () => {
  it('puts one header over every highlighted block, the same code twice too: language, Copy, out of the index', async () => {
    const block = '```python\nprint(1)\n```';
    const html = await memorySite({ 'A.md': [block, '', block, '', '```\nplain\n```', '', '```mermaid\ngraph TD; A-->B\n```'].join('\n') }, '/').render('A.md');
    expect(count(html, '<div class="code-header" data-pagefind-ignore="">')).toBe(3);
    expect(count(html, '<span class="code-lang">Python</span>')).toBe(2);
    // Plain text names no language; a Mermaid diagram is no code block.
    expect(count(html, '<span class="code-lang"></span>')).toBe(1);
    const copy = renderLabels('en').code;
    expect(count(html, `<button type="button" class="code-copy" title="${copy.copyHint}" data-copied="${copy.copied}">${copy.copy}</button>`)).toBe(3);
    expect(html).toMatch(/<\/div><pre class="shiki[^"]*"[^>]*data-language="python"/);
  });

  it('gives a schema or table view placeholder no header: the page replaces it with the view', async () => {
    const html = await memorySite({ 'A.md': '```sql-schema\n```\n\n```sql-table users\n```' }, '/').render('A.md');
    expect(html).toContain('sql-schema-view');
    expect(html).not.toContain('code-header');
  });
});

describe('code highlighting', () => {
  it('bounds a line by its length, not by time, so every build highlights it the same way', async () => {
    const long = `SELECT ${Array.from({ length: 400 }, (_, i) => `c${i}`).join(', ')} FROM t;`;
    const html = await memorySite({ 'A.md': `\`\`\`sql\nSELECT 1 FROM t;\n${long}\n\`\`\`` }, '/').render('A.md');
    const lines = [...html.matchAll(/<span class="line">(.*?)<\/span>(?=\n|<\/code>)/gs)].map((m) => m[1]);
    expect(lines).toHaveLength(2);
    // The short line is tokenized (keywords coloured), the long one (over 2,000 characters) is one plain token.
    expect(lines[0].match(/<span style=/g)?.length).toBeGreaterThan(2);
    expect(lines[1].match(/<span/g)).toHaveLength(1);
    expect(lines[1]).toContain('c399 FROM t;');
  });
});

describe('home cards', () => {
  const site = memorySite({
    'index.md': [
      '---', 'lang: en', '---', 'Intro with [[A]] in prose.', '',
      '- [[A]] — the author words this.',
      '- [[B|Bee]], [[A]] and [[en/C]]: two new cards, A once in this list.',
      '- Plain words, no note.',
      '- [[Nowhere]] is missing.', '',
      'Then:', '',
      '- [[B]] again', '',
    ].join('\n'),
    'A.md': '---\ndescription: What A is about.\nlang: en\n---\nBody of A.',
    'B.md': '---\nlang: en\n---\n# B\n\nFirst paragraph of B, its description.',
    'en/C.md': '---\nlang: ru\n---\nОписание заметки C.',
    'Other.md': '- [[A]] stays a list item',
  });

  it("turns the home note's lists of note links into cards with each note's description, once per note", async () => {
    const html = await site.render('index.md');
    expect(html).toContain('<ul class="home-cards">');
    const cards = [...html.matchAll(/<li class="home-card"[^>]*>([\s\S]*?)<\/li>/g)].map((m) => m[0]);
    expect(cards).toHaveLength(4);
    expect(cards[0]).toContain('<p class="home-card-title"><a class="internal" href="/a/" data-slug="a">A</a></p>');
    expect(cards[0]).toContain('<p class="home-card-description">What A is about.</p>');
    expect(cards[0]).not.toContain('the author words this');
    expect(cards[1]).toContain('>Bee</a>');
    expect(cards[1]).toContain('First paragraph of B, its description.');
    // A note in another language says so.
    expect(cards[2]).toMatch(/^<li class="home-card" lang="ru">/);
    expect(cards[2]).toContain('Описание заметки C.');
    // Items without a note keep the author's text, a missing note shown as missing.
    expect(html).toContain('<li class="home-card home-card-text">\n<p>Plain words, no note.</p>\n</li>');
    expect(html).toMatch(/<li class="home-card home-card-text">\n<p><span class="unresolved"[^>]*>Nowhere<\/span> is missing.<\/p>/);
    // Each list has its own cards: B again under "Then:".
    expect(html).toMatch(/<p>Then:<\/p>\n<ul class="home-cards">\n<li class="home-card">\n<p class="home-card-title"><a class="internal" href="\/b\/"/);
    expect(html).toContain('<p>Intro with <a class="internal" href="/a/" data-slug="a">A</a> in prose.</p>');
  });

  it('leaves the lists of other notes alone', async () => {
    const html = await site.render('Other.md');
    expect(html).not.toContain('home-card');
    expect(html).toContain('<li><a class="internal" href="/a/" data-slug="a">A</a> stays a list item</li>');
  });
});
