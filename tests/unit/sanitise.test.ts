/**
 * Note HTML is data: the sanitiser takes out everything that would run script as the site
 * (issue 18), reports each removal at its line:col, keeps the site's own markup, and a
 * note's `<base>` cannot retarget its page or a page that embeds it (issue 20, item 10).
 */
import path from 'node:path';
import type { Root } from 'hast';
import { describe, expect, it } from 'vitest';
import { renderNote } from '../../src/core/render/render-note.ts';
import { siteRenderContext } from '../../src/core/render/site-context.ts';
import { sanitiseElementsInPlace } from '../../src/core/render/sanitise.ts';
import { buildSite } from '../../src/node/site/build-site.ts';
import { checkVault } from '../../src/node/site/check-vault.ts';
import { NotePool } from '../../src/node/workers/pool.ts';
import { memorySite, tempVault } from './helpers.ts';

async function render(files: Record<string, string>, note = 'A.md') {
  const site = memorySite(files);
  const rendered = await renderNote(site.note(note), siteRenderContext(site.site));
  return { html: rendered.html, found: rendered.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`), diagnostics: rendered.diagnostics };
}

/** Each payload, where it sits in the note, and what the report must say there. */
const CASES: [name: string, source: string, where: string, message: string, gone: RegExp][] = [
  ['script', 'Text <script>window.x=1</script>', '1:6', 'removed <script> and its content', /<script|window\.x/],
  ['img onerror', 'Text <img src="x" onerror="alert(1)">', '1:6', 'removed the onerror attribute of <img>', /onerror/],
  ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>', '1:1', 'removed the srcdoc attribute of <iframe>', /srcdoc|alert/],
  ['iframe javascript:', '<iframe src="javascript:alert(1)"></iframe>', '1:1', 'removed the src attribute of <iframe> (a javascript: URL)', /javascript/],
  ['iframe from an unknown host', '<iframe src="https://evil.example/x"></iframe>', '1:1', 'removed the src attribute of <iframe>', /evil/],
  ['details ontoggle', '<details open ontoggle="alert(1)"><summary>s</summary>t</details>', '1:1', 'removed the ontoggle attribute of <details>', /ontoggle/],
  ['onmouseover in a heading', '## Title <span onmouseover="alert(1)">x</span>', '1:10', 'removed the onmouseover attribute of <span>', /onmouseover/],
  ['javascript: link', '[x](javascript:alert(1))', '1:1', 'removed a javascript: link', /javascript/i],
  ['upper-case JAVASCRIPT:', 'See [x](JAVASCRIPT:alert(1))', '1:5', 'removed a javascript: link', /javascript/i],
  ['autolink', 'See <javascript:alert(1)>', '1:5', 'removed a javascript: link', /href/],
  ['entity-encoded', '[x](&#106;avascript:alert(1))', '1:1', 'removed a javascript: link', /href/],
  ['reference link', '[x][r]\n\n[r]: javascript:alert(1)', '1:1', 'removed a javascript: link', /href/],
  ['tab inside the scheme', '<a href="java\tscript:alert(1)">x</a>', '1:1', 'removed a javascript: link', /href/],
  ['vbscript:', '[x](vbscript:msgbox(1))', '1:1', 'removed a vbscript: link', /vbscript/],
  ['data: link', '[x](data:text/html,<script>alert(1)</script>)', '1:1', 'removed a data: link', /data:/],
  ['data: html image', '<img src="data:text/html;base64,PHNjcmlwdD4=">', '1:1', 'removed the src attribute of <img> (a data: URL)', /data:/],
  ['base', '<base href="https://evil.example/">', '1:1', 'removed <base>', /<base/],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', '1:1', 'removed <meta>', /<meta/],
  ['link', '<link rel="stylesheet" href="https://evil.example/x.css">', '1:1', 'removed <link>', /<link/],
  ['form', '<form action="https://evil.example"><input name="p"></form>', '1:1', 'removed <form>', /<form/],
  ['object', '<object data="x.swf"></object>', '1:1', 'removed <object> and its content', /<object/],
  ['embed', '<embed src="x.swf">', '1:1', 'removed <embed> and its content', /<embed/],
  ['style element', '<style>body{display:none}</style>', '1:1', 'removed <style> and its content', /display:none/],
  ['fixed-position style', '<div style="position:fixed;inset:0">x</div>', '1:1', 'removed the style attribute of <div>', /position/],
  ['svg', '<svg><script>alert(1)</script></svg>', '1:1', 'removed <svg>', /<svg|alert/],
  ['a name that clobbers document', '<img src="a.png" name="querySelector">', '1:1', 'removed the name attribute of <img>', /querySelector/],
  ["an id of the site's own", '<div id="kb:main">x</div>', '1:1', 'removed the id attribute of <div>', /kb:main/],
];

describe('sanitising note HTML', () => {
  for (const [name, source, where, message, gone] of CASES) {
    it(`removes ${name} and says so at its place`, async () => {
      const { html, found } = await render({ 'A.md': source });
      expect(html).not.toMatch(gone);
      expect(found).toContain(`A.md:${where} ${message}`);
    });
  }

  it('reports at the line in the note, frontmatter counted, in callouts, tables, lists and footnotes', async () => {
    const note = [
      '---', 'title: T', '---', '', // lines 1–4
      '> [!note] <img src=x onerror=a()>', // 5
      '> <b onclick=b()>body</b>', // 6
      '', '| a |', '|---|', '| <i onmouseover=c()>x</i> |', // 10
      '', '- <u onfocus=d()>item</u>', // 12
      '', 'Text[^1]', '', '[^1]: <s onblur=e()>note</s>', // 16
    ].join('\n');
    const { html, found } = await render({ 'A.md': note });
    expect(html).not.toMatch(/on(?:error|click|mouseover|focus|blur)=/);
    expect(found).toEqual([
      'A.md:5:11 removed the onerror attribute of <img>',
      'A.md:6:3 removed the onclick attribute of <b>',
      'A.md:10:3 removed the onmouseover attribute of <i>',
      'A.md:12:3 removed the onfocus attribute of <u>',
      'A.md:16:7 removed the onblur attribute of <s>',
    ]);
  });

  it('keeps what Obsidian allows', async () => {
    const source = [
      '<kbd>Ctrl</kbd> <sup>1</sup> <sub>2</sub> <mark>m</mark> <u>u</u> <span class="x" style="color: red">s</span>',
      '<details><summary>More</summary>hidden</details>',
      '<iframe src="https://www.youtube.com/embed/abc" allowfullscreen></iframe>',
      '<video src="https://example.com/v.mp4" controls></video> <audio src="a.mp3" controls></audio>',
      '<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot"> <a href="https://example.com" title="t">web</a> <a href="mailto:a@b.c">mail</a>',
    ].join('\n');
    const { html, found } = await render({ 'A.md': source });
    expect(found).toEqual([]);
    for (const kept of ['<kbd>Ctrl</kbd>', '<sup>1</sup>', '<sub>2</sub>', '<mark>m</mark>', '<u>u</u>', '<span class="x" style="color: red">s</span>',
      '<details><summary>More</summary>hidden</details>', 'src="https://www.youtube.com/embed/abc"', 'allowfullscreen', '<video src="https://example.com/v.mp4" controls>',
      '<audio src="a.mp3" controls>', 'src="data:image/png;base64,iVBORw0KGgo="', 'href="https://example.com"', 'href="mailto:a@b.c"']) {
      expect(html).toContain(kept);
    }
  });

  it("keeps the site's own markup: ids unprefixed, footnotes, callouts, tasks, math, code, Mermaid, SQL, labs, embeds, media", async () => {
    const files = {
      'A.md': [
        '## Heading one', '', 'Block text ^blk', '', '- [x] done', '', '$x^2$', '', '```python', 'x = 1', '```', '',
        '```mermaid', 'graph TD; A-->B', '```', '', '```sql db=bank', 'SELECT 1;', '```', '', '```lab', 'A: SELECT 1;', '```', '',
        '> [!tip] Title', '> body', '', 'Foot[^1]', '', '[^1]: note', '', '![[B]]', '', '![[doc.pdf#page=2]]', '', '![[pic.png|100]]', '',
        '[[#Heading one]] [[A#^blk]]',
      ].join('\n'),
      'B.md': 'Embedded <b>text</b>',
      'doc.pdf': '',
      'pic.png': '',
    };
    const { html, found } = await render(files);
    expect(found).toEqual([]);
    for (const kept of ['<h2 id="heading-one">', 'id="^blk"', 'href="#heading-one"', 'href="/a/#%5Eblk"', 'id="user-content-fn-1"', 'href="#user-content-fn-1"',
      'data-footnote-ref', 'data-callout-kind="tip"', 'class="callout"', 'type="checkbox"', 'class="katex"', '<math', 'class="shiki',
      'style="color:var(--shiki-', '<pre class="mermaid">', 'data-sql-block="0"', 'data-db="bank"', 'class="lab"', 'data-lab="{&#x22;source&#x22;:&#x22;A: SELECT 1;&#x22;',
      // A Python block, for the runner: its number and the note line of its first line of code.
      'data-python-block="0" data-line="10"',
      'data-embed-src="B.md"', '<b>text</b>', 'class="embed-pdf"', 'src="/doc.pdf#page=2"', 'class="embed-image"', 'width="100"']) {
      expect(html).toContain(kept);
    }
  });

  it('finds nothing to remove in the fixture vault and the sample vault', async () => {
    for (const dir of ['tests/fixtures/vault', 'src/content']) {
      const site = await buildSite({ vaultDir: path.resolve(dir), base: '/', gitDates: false });
      const ctx = siteRenderContext(site);
      const found = [];
      for (const note of site.notes) found.push(...(await renderNote(note, ctx)).diagnostics);
      expect(found, dir).toEqual([]);
    }
  });

  it("reports an embedded note's problems once, at that note, and sanitises them on the embedding page", async () => {
    // The footnote's definition is gathered at the end of the embedding page, outside the
    // embed, and its <details> closes the footnote's paragraph.
    const files = { 'A.md': 'Before\n\n![[B]]\n\n![[B]]', 'B.md': 'x\n\n<img src=x onerror=alert(1)>\n\nClaim[^1]\n\n[^1]: <details ontoggle=alert(1)>d</details>' };
    const page = await render(files, 'A.md');
    expect(page.html).toContain('data-embed-src="B.md"');
    expect(page.html).not.toMatch(/onerror|ontoggle/);
    expect(page.found).toEqual([]);
    expect((await render(files, 'B.md')).found).toEqual(['B.md:3:1 removed the onerror attribute of <img>', 'B.md:7:7 removed the ontoggle attribute of <details>']);
  });

  it("does not let a note's <base href> retarget its page or a page that embeds it (issue 20, item 10)", async () => {
    const files = { 'A.md': '[[B]] ![[B]] ![[pic.png]]', 'B.md': '<base href="https://evil.example/">\n\n[[A]]', 'pic.png': '' };
    for (const note of ['A.md', 'B.md']) {
      const { html } = await render(files, note);
      expect(html).not.toMatch(/<base|evil\.example/);
    }
    expect((await render(files, 'B.md')).found).toEqual(['B.md:1:1 removed <base>']);
  });

  it('reaches npm run check, and comes back from render threads', async () => {
    const vault = tempVault({ 'A.md': '# A\n\nHi <img src=x onerror=alert(1)>\n', 'B.md': 'Fine' });
    try {
      const report = await checkVault({ vaultDir: vault.dir, base: '/', gitDates: false }, async () => '');
      const unsafe = report.diagnostics.filter((d) => d.code === 'unsafe-html');
      expect(unsafe.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.message}`)).toEqual(['A.md:3:4 warning removed the onerror attribute of <img>']);
      const pool = new NotePool(1);
      try {
        pool.useSite(report.site);
        const outcome = await pool.render('A.md');
        expect('rendered' in outcome && outcome.rendered.diagnostics.map((d) => d.message)).toEqual(['removed the onerror attribute of <img>']);
      } finally {
        await pool.close();
      }
    } finally {
      vault.remove();
    }
  });

  it("gives .mdx notes' Markdown elements the same rules and leaves their components alone", () => {
    const component = { type: 'mdxJsxFlowElement', name: 'Widget', attributes: [], children: [] };
    const tree = {
      type: 'root',
      children: [
        { type: 'element', tagName: 'a', properties: { href: 'javascript:alert(1)', className: ['internal'] }, children: [{ type: 'text', value: 'x' }] },
        { type: 'element', tagName: 'script', properties: {}, children: [{ type: 'text', value: 'alert(1)' }] },
        { type: 'element', tagName: 'img', properties: { src: 'a.png', onError: 'alert(1)' }, children: [] },
        component,
      ],
    } as unknown as Root;
    sanitiseElementsInPlace(tree);
    expect(tree.children).toEqual([
      { type: 'element', tagName: 'a', properties: { className: ['internal'] }, children: [{ type: 'text', value: 'x' }] },
      { type: 'element', tagName: 'img', properties: { src: 'a.png' }, children: [] },
      component,
    ]);
  });
});
