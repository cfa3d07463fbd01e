import { describe, expect, it } from 'vitest';
import { analyzeNote } from '../../src/core/markdown/analyze.ts';
import { cutAtWord, DESCRIPTION_LENGTH } from '../../src/core/markdown/description.ts';
import { memorySite } from './helpers.ts';

const summary = (body: string) => analyzeNote(body).excerpt;

describe('a note summary', () => {
  it('is the first paragraph as plain text: emphasis, links and inline code read as their text', () => {
    expect(summary('# Title\n\nSome **bold**, _italic_, ==marked== and `code()` with a [link](https://example.com).\n\nSecond.'))
      .toBe('Some bold, italic, marked and code() with a link.');
  });

  it('reads wikilinks as the reader sees them and leaves embeds, images, HTML, maths and footnote marks out', () => {
    expect(summary('See [[Other note]], [[Target#Part|the part]] and [[Deep/Note#Heading]].'))
      .toBe('See Other note, the part and Deep/Note > Heading.');
    expect(summary('![[diagram.png]] Text ![alt](pic.png) with <span>html</span> and $x^2$ here[^1].\n\n[^1]: a note'))
      .toBe('Text with html and here.');
  });

  it('skips a short line that only points at another note, and keeps prose that links', () => {
    expect(summary('English version: [[One-to-one relationships]].\n\nA user has at most one profile.')).toBe('A user has at most one profile.');
    expect(summary('Русская версия: [Один к одному](Один%20к%20одному.md)\n\nПрофиль один.')).toBe('Профиль один.');
    expect(summary('See [[Other]] and [[Third]].\n\nThe real start.')).toBe('The real start.');
    expect(summary('Read [[Sessions]] first, it explains the rest.')).toBe('Read Sessions first, it explains the rest.');
  });

  it('skips callouts, quotes, code blocks, tables, comments and paragraphs of only an embed', () => {
    const body = [
      '> [!warning] Careful', '> Not this.', '',
      '> A quote, not this either.', '',
      '```sql', 'SELECT 1;', '```', '',
      '| a | b |', '| - | - |', '| cell | cell |', '',
      '![[diagram.png]]', '',
      '%%private remark%% The real start.',
    ].join('\n');
    expect(summary(body)).toBe('The real start.');
  });

  it('is empty when the note has no prose', () => {
    expect(summary('# Only a heading\n\n```sql\nSELECT 1;\n```')).toBe('');
  });

  it('is cut at a word, with an ellipsis, within the length', () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const cut = summary(words);
    expect(cut.length).toBeLessThanOrEqual(DESCRIPTION_LENGTH);
    expect(cut.endsWith('…')).toBe(true);
    expect(words.startsWith(cut.slice(0, -1))).toBe(true);
    // The word before the ellipsis is whole.
    expect(words.split(' ')).toContain(cut.slice(0, -1).split(' ').pop());
  });

  it('cuts Cyrillic at a word and drops a dangling comma', () => {
    expect(cutAtWord('Сессия хранит объекты, пока транзакция не закончится', 25)).toBe('Сессия хранит объекты…');
    const long = 'Каскадное удаление убирает дочерние строки вместе с родительской. '.repeat(6);
    const cut = summary(long);
    expect(cut.length).toBeLessThanOrEqual(DESCRIPTION_LENGTH);
    expect(long.split(/[\s.]+/)).toContain(cut.slice(0, -1).split(' ').pop());
  });

  it('cuts Chinese between words, which have no spaces, and counts characters not UTF-16 units', () => {
    const text = '会话在事务结束之前保存对象。'.repeat(20);
    const cut = cutAtWord(text, 20, 'zh');
    expect([...cut].length).toBeLessThanOrEqual(20);
    expect(text.startsWith(cut.slice(0, -1))).toBe(true);
    const emoji = '😀'.repeat(30);
    expect([...cutAtWord(emoji, 10)].length).toBeLessThanOrEqual(10);
  });

  it('cuts a single word longer than the limit inside it', () => {
    expect(cutAtWord('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('keeps short text as it is', () => {
    expect(cutAtWord('Short.', 10)).toBe('Short.');
  });

  it('gives way to the frontmatter description', () => {
    const site = memorySite({ 'Home.md': 'home', 'A.md': '---\ndescription: Given by hand\n---\nFirst paragraph.', 'B.md': 'First paragraph.' });
    expect(site.notes.find((n) => n.path === 'A.md')?.description).toBe('Given by hand');
    expect(site.notes.find((n) => n.path === 'B.md')?.description).toBe('First paragraph.');
  });
});
