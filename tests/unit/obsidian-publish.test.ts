/**
 * Obsidian's rendering defaults and Obsidian Publish's frontmatter: single newlines break
 * the line unless `strictLineBreaks`, `permalink` sets a note's URL (links and backlinks
 * follow, a clash is reported), `cssclasses` lands on the article, the home note is also
 * found by its `Home` alias, and the site title defaults to the home note's.
 */
import { describe, expect, it } from 'vitest';
import { cssClasses } from '../../src/core/site/css-classes.ts';
import { resolveConfig } from '../../src/shell/config.ts';
import { memorySite } from './helpers.ts';

describe('line breaks', () => {
  const note = '**Term**\nits definition\n\nA `code\nspan` and\n```\nfenced\ncode\n```\n';

  it('break a paragraph at a single newline, as Obsidian does by default', async () => {
    const html = await memorySite({ 'A.md': note }).render('A.md');
    expect(html).toContain('<strong>Term</strong><br>\nits definition');
    // Not inside code.
    expect(html).toContain('<code>code span</code>');
    expect(html).toContain('<span>fenced</span></span>\n<span class="line"><span>code</span>');
    expect(html.match(/<br>/g)).toHaveLength(1);
  });

  it('join the lines with strictLineBreaks, as CommonMark does', async () => {
    const html = await memorySite({ 'A.md': note }, '/', { strictLineBreaks: true }).render('A.md');
    expect(html).toContain('<strong>Term</strong>\nits definition');
    expect(html).not.toContain('<br>');
  });

  it('is configured by the option or STRICT_LINE_BREAKS', () => {
    expect(resolveConfig({}, {}, '/p').strictLineBreaks).toBe(false);
    expect(resolveConfig({ strictLineBreaks: true }, {}, '/p').strictLineBreaks).toBe(true);
    expect(resolveConfig({ strictLineBreaks: true }, { STRICT_LINE_BREAKS: '0' }, '/p').strictLineBreaks).toBe(false);
    expect(resolveConfig({}, { STRICT_LINE_BREAKS: '1' }, '/p').strictLineBreaks).toBe(true);
  });
});

describe('permalink', () => {
  it('sets the note’s URL; links and backlinks follow it', async () => {
    const site = memorySite({
      'Folder/Long name.md': '---\npermalink: /start/here/\n---\nText.',
      'B.md': 'See [[Long name]] and [the note](Folder/Long%20name.md).',
    });
    expect(site.note('Folder/Long name.md').url).toBe('/start/here/');
    const html = await site.render('B.md');
    expect(html).toContain('href="/start/here/"');
    expect(html).not.toContain('/folder/');
    expect(site.backlinks.get('Folder/Long name.md')?.map((b) => b.from.path)).toEqual(['B.md']);
  });

  it('reports a clash, and the note that asked keeps the URL', () => {
    const site = memorySite({ 'A.md': '---\npermalink: b\n---\nA.', 'B.md': 'B.' });
    expect(site.note('A.md').url).toBe('/b/');
    expect(site.note('B.md').url).toBe('/b-2/');
    expect(site.codes('duplicate-url').map((d) => `${d.file} ${d.message}`)).toEqual(['B.md URL /b is already used by A.md; published as /b-2']);
  });
});

describe('cssclasses', () => {
  it('takes a list, a string, or the older cssclass, dropping what is not a class name', () => {
    expect(cssClasses({ frontmatter: { cssclasses: ['wide', 'list-cards', 'x" onclick="y'] } })).toEqual(['wide', 'list-cards']);
    expect(cssClasses({ frontmatter: { cssclasses: 'wide cards' } })).toEqual(['wide', 'cards']);
    expect(cssClasses({ frontmatter: { cssclass: 'wide' } })).toEqual(['wide']);
    expect(cssClasses({ frontmatter: {} })).toEqual([]);
  });
});

describe('the home note', () => {
  it('is a root note named index, home or README, else a root note with the alias Home', () => {
    const site = memorySite({ '由此开始.md': '---\naliases: [Obsidian/Index, Home]\n---\n欢迎', 'Sub/Other.md': '---\naliases: [Home]\n---\nx', 'Z.md': 'z' });
    expect(site.home?.path).toBe('由此开始.md');
    expect(site.note('由此开始.md').url).toBe('/');
    expect(memorySite({ 'index.md': 'i', 'A.md': '---\naliases: [home]\n---\nx' }).home?.path).toBe('index.md');
  });

  it('gives the site its title unless one is configured (README: `title`)', () => {
    expect(resolveConfig({}, { VAULT_DIR: '/vaults/obsidian-help-zh' }, '/p').title).toBe('');
    expect(resolveConfig({ title: 'KB' }, { VAULT_DIR: '/vaults/x' }, '/p').title).toBe('KB');
    expect(resolveConfig({ title: 'KB' }, { SITE_TITLE: 'Env' }, '/p').title).toBe('Env');
  });
});

describe('tasks and footnotes', () => {
  it('checks the box of a custom task mark and exposes every mark as data-task', async () => {
    const html = await memorySite({ 'A.md': '- [?] question\n- [-] cancelled\n- [/] half done\n- [x] done\n- [ ] open\n- [link](https://example.org) not a task\n' }).render('A.md');
    for (const [mark, text] of [['?', 'question'], ['-', 'cancelled'], ['/', 'half done'], ['x', 'done']]) {
      expect(html).toMatch(new RegExp(`<li class="task-list-item" data-task="\\${mark}"><label><input type="checkbox" checked disabled> ?${text}</label>`));
    }
    expect(html).toMatch(/<li class="task-list-item" data-task=" "><label><input type="checkbox" disabled> ?open/);
    expect(html).not.toContain('[?]');
    expect(html).toMatch(/<li><a [^>]*href="https:\/\/example.org"[^>]*>link<\/a> not a task<\/li>/);
  });

  it('numbers inline footnotes with the others, in order, markup inside kept', async () => {
    const html = await memorySite({ 'A.md': 'One[^a], two^[inline *with* [[B]] and [brackets]], three^[plain].\n\n[^a]: The first.\n', 'B.md': 'b' }).render('A.md');
    const refs = [...html.matchAll(/<sup><a [^>]*>(\d+)<\/a><\/sup>/g)].map((m) => m[1]);
    expect(refs).toEqual(['1', '2', '3']);
    expect(html).not.toContain('^[');
    const notes = html.slice(html.indexOf('<section'));
    expect(notes).toMatch(/The first\.[\s\S]*inline <em>with<\/em> <a [^>]*href="\/b\/"[^>]*>B<\/a> and \[brackets\][\s\S]*plain/);
  });
});

describe('callouts', () => {
  it('accept a no-break space after the marker, with a title or without', async () => {
    const html = await memorySite({ 'A.md': '> [!abstract]\u00a0Summary\n> body\n\n> [!tip]\u00a0\n> body two\n' }).render('A.md');
    expect(html).not.toContain('[!');
    expect(html).toMatch(/data-callout-kind="abstract"[\s\S]*<span class="callout-title-inner">Summary<\/span>/);
    expect(html).toMatch(/data-callout-kind="tip"[\s\S]*<span class="callout-title-inner">Tip<\/span>/);
  });

  it('keep a title with markup in one inline box after the kind’s Lucide icon', async () => {
    const html = await memorySite({ 'A.md': '> [!warning] Read **this** and [[B]] with `code`\n> body\n', 'B.md': 'b' }).render('A.md');
    const title = /<div data-callout-title>([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
    expect(title).toMatch(/^<svg class="callout-icon"[^>]*aria-hidden="true"[^>]*><path /);
    expect(title).toMatch(/<\/svg>\s*<span class="callout-title-inner">Read <strong>this<\/strong> and <a [^>]*>B<\/a> with <code>code<\/code><\/span>\s*$/);
  });

  it('give every kind and alias an icon', async () => {
    const kinds = ['note', 'abstract', 'summary', 'info', 'todo', 'tip', 'success', 'question', 'faq', 'warning', 'failure', 'danger', 'error', 'bug', 'example', 'quote', 'custom'];
    const html = await memorySite({ 'A.md': kinds.map((k) => `> [!${k}]\n> x\n`).join('\n') }).render('A.md');
    expect(html.match(/<svg class="callout-icon"/g)).toHaveLength(kinds.length);
  });
});
