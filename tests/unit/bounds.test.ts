/**
 * Bounded parsing (limits.ts, bounds.ts): the inputs that made the build hang or take
 * minutes (issue 18 "bounded work", issue 20 items 4 to 6) are parsed with a diagnostic at
 * their place and a safe rendering, ordinary notes pass through unchanged, CRLF notes render
 * like their LF originals, and link handling is linear in the number of links (measured as
 * work done, not time).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { boundText } from '../../src/core/markdown/bounds.ts';
import { MAX_INDENT, MAX_INLINE_MARKERS, MAX_LINE_LENGTH, MAX_NESTING, MAX_NOTE_LENGTH, MAX_PARAGRAPH_LINES, MAX_TAGS } from '../../src/core/markdown/limits.ts';
import { noteBody } from '../../src/core/vault/frontmatter.ts';
import { PROJECT_ROOT } from '../support/build.ts';
import { memorySite } from './helpers.ts';

/** Characters of plain text produced for callers of text.ts: the analysis's work per link. */
const textWork = vi.hoisted(() => ({ chars: 0 }));
vi.mock('../../src/core/markdown/text.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/core/markdown/text.ts')>();
  return {
    ...original,
    plainText: (node: Parameters<typeof original.plainText>[0]) => {
      const text = original.plainText(node);
      textWork.chars += text.length;
      return text;
    },
  };
});

function limitDiagnostics(files: Record<string, string>) {
  return memorySite(files).codes('note-limit').map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`);
}

const deepQuote = `intro\n\n${'>'.repeat(10_000)} deep\n`;
const oneLineList = `${'- '.repeat(10_000)}x\n`;
const staircase = Array.from({ length: 1_000 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n');
const emphasis = `${'*a*'.repeat(10_000)}\n`;
const brackets = `${'['.repeat(10_000)}x\n`;

describe('hostile nesting and markers', () => {
  it('caps 10,000 levels of blockquote at MAX_NESTING, with the rest shown as text', async () => {
    const site = memorySite({ 'Deep.md': deepQuote });
    expect(site.codes('note-limit')).toEqual([
      expect.objectContaining({ file: 'Deep.md', line: 3, column: MAX_NESTING + 1, message: expect.stringContaining(`more than ${MAX_NESTING} nested`) }),
    ]);
    const html = await site.render('Deep.md');
    expect(html.match(/<blockquote>/g)).toHaveLength(MAX_NESTING);
    expect(html).toContain(`<p>${'>'.repeat(10_000 - MAX_NESTING)} deep</p>`);
  });

  it('caps a 10,000-level list written on one line', async () => {
    const site = memorySite({ 'List.md': oneLineList });
    expect(site.codes('note-limit').map((d) => [d.line, d.column])).toEqual([[1, 2 * MAX_NESTING + 1]]);
    expect((await site.render('List.md')).match(/<ul>/g)).toHaveLength(MAX_NESTING);
  });

  it('drops indentation past MAX_INDENT in a 1,000-level indented list, one diagnostic per line', async () => {
    // 1,000 levels of two spaces are 1 MB: the note is also cut at MAX_NOTE_LENGTH, after line 701.
    const site = memorySite({ 'Stairs.md': staircase });
    const problems = site.codes('note-limit');
    expect(problems[0]).toMatchObject({ line: 702, column: 1, message: expect.stringContaining('the note is longer than') });
    const indented = problems.slice(1);
    const firstCut = Math.floor(MAX_INDENT / 2) + 1;
    expect(indented[0]).toMatchObject({ line: firstCut + 1, column: 1, message: expect.stringContaining(`${MAX_INDENT} columns`) });
    expect(indented.map((d) => d.line)).toEqual(Array.from({ length: 701 - firstCut }, (_, i) => firstCut + 1 + i));
    const html = await site.render('Stairs.md');
    expect(html).toContain('level 0');
    expect(html).toContain('level 700');
    expect(html).toContain('is too long to show');
  });

  it.each([
    ['emphasis', emphasis, 1 + (3 * MAX_INLINE_MARKERS) / 2],
    ['brackets', brackets, 1 + MAX_INLINE_MARKERS],
  ])('escapes %s markers past MAX_INLINE_MARKERS in a paragraph', async (_name, body, column) => {
    const site = memorySite({ 'Marks.md': body });
    expect(site.codes('note-limit').map((d) => [d.line, d.column])).toEqual([[1, column]]);
    expect(await site.render('Marks.md')).toContain('<p>');
  });

  it('cuts a line longer than MAX_LINE_LENGTH and a note longer than MAX_NOTE_LENGTH, with a visible notice', async () => {
    const longLine = `${'word '.repeat(MAX_LINE_LENGTH / 5 + 10)}\n`;
    expect(limitDiagnostics({ 'Line.md': `ok\n${longLine}` })).toEqual([expect.stringMatching(new RegExp(`^Line.md:2:${MAX_LINE_LENGTH + 1}: line longer than`))]);
    const bigNote = 'a short paragraph of prose\n\n'.repeat(MAX_NOTE_LENGTH / 20);
    const site = memorySite({ 'Big.md': bigNote });
    expect(site.codes('note-limit')).toEqual([expect.objectContaining({ message: expect.stringContaining('the note is longer than') })]);
    const html = await site.render('Big.md');
    expect(html).toContain('is too long to show');
    expect(html.length).toBeLessThan(MAX_NOTE_LENGTH * 1.5);
  });

  it('splits a paragraph longer than MAX_PARAGRAPH_LINES, keeping file lines in positions', () => {
    const lines = Array.from({ length: 2 * MAX_PARAGRAPH_LINES + 10 }, (_, i) => `line ${i + 1} of prose`);
    lines.push('', '## After', '', 'See [[Elsewhere]].');
    const site = memorySite({ 'Long.md': lines.join('\n') });
    expect(site.codes('note-limit').map((d) => d.line)).toEqual([MAX_PARAGRAPH_LINES + 1, 2 * MAX_PARAGRAPH_LINES + 1]);
    const facts = site.note('Long.md').facts;
    expect(facts.headings).toEqual([expect.objectContaining({ text: 'After', line: lines.length - 2 })]);
    expect(facts.links).toEqual([expect.objectContaining({ target: 'Elsewhere', line: lines.length, column: 5 })]);
    expect(site.codes('unresolved-link')).toEqual([expect.objectContaining({ line: lines.length, column: 5 })]);
  });

  it(`keeps the first ${MAX_TAGS} tags of a note and reports the rest, which stay text`, async () => {
    const body = Array.from({ length: MAX_TAGS + 20 }, (_, i) => `#t${i}`).join('\n');
    const site = memorySite({ 'Tags.md': body });
    expect(site.note('Tags.md').tags).toHaveLength(MAX_TAGS);
    expect(site.codes('note-limit')).toEqual([expect.objectContaining({ line: MAX_TAGS + 1, column: 1 })]);
    const html = await site.render('Tags.md');
    expect(html).toContain(`href="/tags/t${MAX_TAGS - 1}/"`);
    expect(html).not.toContain(`href="/tags/t${MAX_TAGS}/"`);
    expect(html).toContain(`#t${MAX_TAGS}`);
  });
});

describe('ordinary notes', () => {
  const vault = path.join(PROJECT_ROOT, 'src/content');
  const notes = readdirSync(vault, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md'));

  it('finds the sample vault', () => expect(notes.length).toBeGreaterThan(10));

  it.each(notes)('%s passes through unchanged (same text, so the same positions and HTML)', (note) => {
    const body = noteBody(readFileSync(path.join(vault, note), 'utf8'));
    expect(boundText(body)).toEqual({ text: body, problems: [], addedLines: [] });
  });
});

describe('CRLF line endings', () => {
  const note = [
    '---', 'title: Windows note', 'tags: [crlf]', 'aliases: [Win]', '---',
    '# Heading one', '', '> [!warning] Title', '> body of the callout', '',
    'A paragraph with [[Other]], [[Other#Section|an alias]], #inline-tag and a block id ^block-1', '',
    '- item one', '- item two ^item-id', '', '```sql', 'SELECT 1;', '```', '', '```output', ' ?column? ', '----------', '        1', '(1 row)', '```', '',
    '%% a comment %%', '$$', 'x^2', '$$', '',
    '## Section', 'Text.', '',
  ].join('\n');
  const other = '# Other\n\n## Section\n\nSee [[Windows note#^block-1]] and [[Windows note#Heading one]].\n';

  it('renders a CRLF copy of a note exactly as its LF original, with the same facts', async () => {
    const lf = memorySite({ 'Note.md': note, 'Other.md': other });
    const crlf = memorySite({ 'Note.md': note.replace(/\n/g, '\r\n'), 'Other.md': other.replace(/\n/g, '\r\n') });
    const lfHtml = await lf.render('Note.md');
    expect(lfHtml).toContain('callout');
    expect(await crlf.render('Note.md')).toBe(lfHtml);
    expect(await crlf.render('Other.md')).toBe(await lf.render('Other.md'));
    const { body: _lfBody, ...lfNote } = lf.note('Note.md');
    const { body: _crlfBody, ...crlfNote } = crlf.note('Note.md');
    expect(crlfNote).toEqual(lfNote);
    expect(crlf.diagnostics).toEqual(lf.diagnostics);
  });

  it('renders `> [!warning] Title\\r\\n> body\\r\\n` as a callout', async () => {
    const html = await memorySite({ 'C.md': '> [!warning] Title\r\n> body\r\n' }).render('C.md');
    expect(html).toContain('data-callout-type="warning"');
    expect(html).not.toContain('[!warning]');
  });
});

describe('link handling is linear in the number of links', () => {
  const paragraphOf = (n: number) => `${Array.from({ length: n }, () => '[[Alpha]]').join(' ')}\n`;
  const workFor = async (n: number) => {
    textWork.chars = 0;
    const site = memorySite({ 'Alpha.md': '# Alpha\n', 'Links.md': paragraphOf(n) });
    expect(site.note('Links.md').facts.links).toHaveLength(n);
    expect(site.backlinks.get('Alpha.md')).toHaveLength(1);
    await site.render('Links.md');
    return textWork.chars;
  };

  it('does twice the work for twice the links in one paragraph', async () => {
    const [small, big] = [await workFor(1_000), await workFor(2_000)];
    expect(small).toBeGreaterThan(1_000);
    // Quadratic work (each link's context from the whole paragraph's text) would be 4x.
    expect(big / small).toBeLessThan(2.2);
  });

  it('handles a paragraph of 20,000 links (300 KB)', async () => {
    const site = memorySite({ 'Alpha.md': '# Alpha\n', 'Links.md': paragraphOf(20_000) });
    expect(site.note('Links.md').facts.links).toHaveLength(20_000);
    expect((await site.render('Links.md')).match(/href="\/alpha\/"/g)).toHaveLength(20_000);
  });
});

describe('long ordinary content is not capped', () => {
  it('a list of 2,000 items with links and emphasis keeps every link', () => {
    const list = Array.from({ length: 2_000 }, (_, i) => `- [item ${i}](Target.md) is **bold** and _leaning_`).join('\n');
    const site = memorySite({ 'Index.md': list, 'Target.md': 'target' });
    expect(site.codes('note-limit')).toEqual([]);
    expect(site.note('Index.md').facts.links).toHaveLength(2_000);
  });
});
