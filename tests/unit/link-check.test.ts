import { describe, expect, it } from 'vitest';
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from '../../src/core/diagnostics.ts';
import { analyzeNote } from '../../src/core/markdown/analyze.ts';
import { buildFailure } from '../../src/shell/report.ts';
import { memorySite } from './helpers.ts';

describe('links found in a note', () => {
  it('records every form with its target, alias, kind and file position', () => {
    const facts = analyzeNote('x\n\nSee [[Note]], [[Note|text]] and ![[pic.png|300]].\n[md](Other%20note.md#Part) ![img](a.png) [web](https://x.org)');
    expect(facts.links.map(({ context, ...l }) => l)).toEqual([
      { target: 'Note', embed: false, syntax: 'wiki', written: '[[Note]]', line: 3, column: 5 },
      { target: 'Note', alias: 'text', embed: false, syntax: 'wiki', written: '[[Note|text]]', line: 3, column: 15 },
      { target: 'pic.png', alias: '300', embed: true, syntax: 'wiki', written: '![[pic.png|300]]', line: 3, column: 33 },
      { target: 'Other note.md#Part', embed: false, syntax: 'markdown', written: '[md](Other%20note.md#Part)', line: 4, column: 1 },
      { target: 'a.png', embed: true, syntax: 'markdown', written: '![img](a.png)', line: 4, column: 28 },
    ]);
  });

  it('keeps the sentence around a link as its context, shortened around the link when long', () => {
    const facts = analyzeNote(`- item with [[Note|a link]] inside\n\n${'word '.repeat(80)}[[Far]] ${'tail '.repeat(80)}`);
    expect(facts.links[0].context).toBe('item with a link inside');
    const far = facts.links[1].context;
    expect(far.startsWith('…') && far.endsWith('…')).toBe(true);
    expect(far).toContain('Far');
    expect(far.length).toBeLessThanOrEqual(202);
  });
});

describe('checkLinks: diagnostics', () => {
  it('reports an unresolved link at its file line and column', () => {
    const site = memorySite({ 'A.md': '---\ntitle: A\n---\nText\n\nSee [[Nowhere]] here.' });
    expect(site.diagnostics).toEqual([
      { file: 'A.md', line: 6, column: 5, severity: 'warning', code: 'unresolved-link', message: 'unresolved link [[Nowhere]]' },
    ]);
  });

  it('reports an unresolved Markdown link', () => {
    const site = memorySite({ 'A.md': '[text](Missing%20note.md)' });
    expect(site.codes('unresolved-link').map((d) => d.message)).toEqual(['unresolved link [text](Missing%20note.md)']);
  });

  it('prints a link exactly as written, an escaped table pipe included', () => {
    const site = memorySite({ 'A.md': '| a |\n|---|\n| [[Highlighter\\|evidenziazioni]] |\n' });
    expect(site.codes('unresolved-link').map((d) => d.message)).toEqual(['unresolved link [[Highlighter\\|evidenziazioni]]']);
  });

  it('reports a wikilink broken over lines at its place, which Obsidian shows as text', () => {
    const site = memorySite({ 'A.md': 'Intro\nsee [[Note|the\ntext]] and ![[B|x\ny]].\n', 'Note.md': 'n', 'B.md': 'b' });
    expect(site.codes('link-syntax').map((d) => [d.line, d.column, d.message])).toEqual([
      [2, 5, 'link "[[Note|the\\ntext]]" is broken over lines, so it is shown as text, not a link; keep it on one line'],
      [3, 12, 'link "![[B|x\\ny]]" is broken over lines, so it is shown as text, not a link; keep it on one line'],
    ]);
  });

  it('counts links to unpublished notes as unresolved, and says why', () => {
    const site = memorySite({
      'A.md': '[[Draft]] [[Private]] [[notes/Private]] ![[Draft]]',
      'Draft.md': '---\ndraft: true\n---\nx',
      'notes/Private.md': '---\npublish: false\n---\nx',
    });
    expect(site.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['unresolved-link', 'unresolved link [[Draft]] (Draft.md is not published)'],
      ['unresolved-link', 'unresolved link [[Private]] (notes/Private.md is not published)'],
      ['unresolved-link', 'unresolved link [[notes/Private]] (notes/Private.md is not published)'],
      ['missing-embed', 'embedded file not found: ![[Draft]] (Draft.md is not published)'],
    ]);
    expect(site.backlinks.size).toBe(0);
  });

  it('does not blame an unpublished note in another folder for [[folder/Name]]', () => {
    const site = memorySite({ 'A.md': '[[other/Private]]', 'notes/Private.md': '---\npublish: false\n---\nx' });
    expect(site.diagnostics.map((d) => d.message)).toEqual(['unresolved link [[other/Private]]']);
  });

  it('warns about an ambiguous link only where Obsidian falls back to the alphabet (paths equally short)', () => {
    const site = memorySite({ 'A.md': 'See [[Dup]].', 'x/Dup.md': 'x', 'y/Dup.md': 'y' });
    expect(site.codes('ambiguous-link')).toEqual([
      {
        file: 'A.md', line: 1, column: 5, severity: 'warning', code: 'ambiguous-link',
        message: 'ambiguous link [[Dup]] matches 2 files (x/Dup.md, y/Dup.md); using x/Dup.md',
      },
    ]);
    expect(site.backlinks.get('x/Dup.md')?.map((b) => b.from.path)).toEqual(['A.md']);
  });

  it('gives only an info line where Obsidian’s rules pick one: the shortest path, or the source’s folder', () => {
    const shortest = memorySite({ 'A.md': 'See [[Dup]].', 'x/Dup.md': 'x', 'y/z/Dup.md': 'y' });
    expect(shortest.codes('ambiguous-link').map((d) => [d.severity, d.message])).toEqual([
      ['info', "link [[Dup]] matches 2 files (x/Dup.md, y/z/Dup.md); Obsidian's rule (shortest path) picks x/Dup.md"],
    ]);
    const folder = memorySite({ 'y/z/A.md': '[[Dup]]', 'x/Dup.md': 'x', 'y/z/Dup.md': 'y' });
    expect(folder.codes('ambiguous-link').map((d) => [d.severity, d.message])).toEqual([
      ['info', "link [[Dup]] matches 2 files (y/z/Dup.md, x/Dup.md); Obsidian's rule (same folder) picks y/z/Dup.md"],
    ]);
    expect(folder.backlinks.get('y/z/Dup.md')?.map((b) => b.from.path)).toEqual(['y/z/A.md']);
    // Not a problem: a strict build ships.
    expect(buildFailure(folder.diagnostics, true)).toBeUndefined();
    expect(buildFailure(memorySite({ 'A.md': '[[Dup]]', 'x/Dup.md': 'x', 'y/Dup.md': 'y' }).diagnostics, true)).toBe('strict mode: 1 diagnostic(s); see above.');
  });

  it('reports a missing heading and a missing block, and still links the note', async () => {
    const site = memorySite({ 'A.md': '[[B#Nope]] [[B#^gone]] [[#Not here]]', 'B.md': '## Yes\n\ntext ^here' });
    expect(site.diagnostics.map((d) => [d.code, d.column, d.message])).toEqual([
      ['missing-heading', 1, 'heading "Nope" not found in B.md: [[B#Nope]]'],
      ['missing-block', 12, 'block ^gone not found in B.md: [[B#^gone]]'],
      ['missing-heading', 24, 'heading "Not here" not found in A.md: [[#Not here]]'],
    ]);
    expect(await site.render('A.md')).toContain('<a class="internal" href="/b/" data-slug="b">B > Nope</a>');
  });

  it('is silent about a vault whose links all resolve', () => {
    const site = memorySite({
      'Home.md': '[[A]] [[A#Part]] [[A#^blk]] [[folder/B]] [[b]] [[B.md]] [[file.pdf]] ![[A]] ![[pic.png|300]] [x](A.md)',
      'A.md': '## Part\n\ntext ^blk',
      'folder/B.md': 'b',
      'file.pdf': 'pdf',
      'pic.png': 'png',
    });
    expect(site.diagnostics).toEqual([]);
  });
});

describe('checkLinks: embed cycles', () => {
  it('reports A → B → A once, as embed-cycle, where the cycle closes', () => {
    const site = memorySite({ 'A.md': 'a\n\n![[B]]', 'B.md': 'b\n\n![[A]]' });
    expect(site.codes('embed-cycle')).toEqual([
      {
        file: 'B.md', line: 3, column: 1, severity: 'warning', code: 'embed-cycle',
        message: 'embeds form a cycle (A.md → B.md → A.md); the repeated embed is shown as a link',
      },
    ]);
  });

  it('reports a longer cycle with its whole path', () => {
    const site = memorySite({ 'A.md': '![[B]]', 'B.md': '![[C]]', 'C.md': '![[A]]', 'D.md': '![[A]]' });
    expect(site.codes('embed-cycle').map((d) => [d.file, d.message])).toEqual([
      ['C.md', expect.stringContaining('(A.md → B.md → C.md → A.md)')],
    ]);
  });

  it('reports a note embedding itself', () => {
    const site = memorySite({ 'A.md': 'x\n\n![[A]]' });
    expect(site.codes('embed-cycle').map((d) => d.message)).toEqual([expect.stringContaining('(A.md → A.md)')]);
  });

  it('does not report a note embedding a section of itself', () => {
    const site = memorySite({ 'A.md': '## Part\n\ntext\n\n## Copy\n\n![[#Part]]' });
    expect(site.codes('embed-cycle')).toEqual([]);
  });

  it('does not report plain links back and forth, or the same note embedded twice', () => {
    const site = memorySite({ 'A.md': '[[B]] ![[C]] ![[C]]', 'B.md': '[[A]]', 'C.md': 'c' });
    expect(site.diagnostics).toEqual([]);
  });
});

describe('checkLinks: backlinks', () => {
  const site = memorySite({
    'Target.md': 'Links to [[Target]] itself and [[#Part]].\n\n## Part',
    'A.md': 'First mention of [[Target]].\n\nSecond, [[target|aliased]].\n\nSame sentence twice [[Target]] [[Target]].\n\nFourth [[Target#Part]].',
    'B.md': '- a list item about [[Target]]',
    'C.md': '![[Target]]',
    'D.md': '[md link](Target.md)',
    'E.md': 'No links, [[file.pdf]] only.',
    'file.pdf': 'pdf',
  });

  it('lists each linking note once, in vault order', () => {
    expect(site.backlinks.get('Target.md')?.map((b) => b.from.path)).toEqual(['A.md', 'B.md', 'C.md', 'D.md']);
  });

  it('keeps up to three distinct contexts per linking note', () => {
    const a = site.backlinks.get('Target.md')!.find((b) => b.from.path === 'A.md')!;
    expect(a.contexts).toEqual(['First mention of Target.', 'Second, aliased.', 'Same sentence twice Target Target.']);
  });

  it('gives the context of a list item, an embed and a Markdown link', () => {
    const contexts = Object.fromEntries(site.backlinks.get('Target.md')!.map((b) => [b.from.path, b.contexts]));
    expect(contexts['B.md']).toEqual(['a list item about Target']);
    expect(contexts['C.md']).toEqual(['Target']);
    expect(contexts['D.md']).toEqual(['md link']);
  });

  it('does not count a note linking to itself, or links to files', () => {
    expect(site.backlinks.has('file.pdf')).toBe(false);
    expect(site.backlinks.get('Target.md')!.some((b) => b.from.path === 'Target.md')).toBe(false);
  });
});

describe('diagnostics', () => {
  const d = (file: string, line: number, column: number, message = 'm'): Diagnostic => ({
    file, line, column, message, severity: 'warning', code: 'unresolved-link',
  });

  it('formats as path:line:col: severity: message [code]', () => {
    expect(formatDiagnostic(d('Notes/A.md', 3, 7, 'unresolved link [[X]]'))).toBe('Notes/A.md:3:7: warning: unresolved link [[X]] [unresolved-link]');
  });

  it('sorts by file, line, column, then message', () => {
    const sorted = sortDiagnostics([d('b.md', 1, 1), d('a.md', 2, 1), d('a.md', 1, 5, 'z'), d('a.md', 1, 5, 'a'), d('a.md', 1, 2)]);
    expect(sorted.map((x) => `${x.file}:${x.line}:${x.column}:${x.message}`)).toEqual([
      'a.md:1:2:m', 'a.md:1:5:a', 'a.md:1:5:z', 'a.md:2:1:m', 'b.md:1:1:m',
    ]);
  });
});
