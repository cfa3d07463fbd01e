import { describe, expect, it } from 'vitest';
import { analyzeNote } from '../../src/core/markdown/analyze.ts';
import { stripComments } from '../../src/core/markdown/comments.ts';
import { memorySite } from './helpers.ts';

describe('stripComments', () => {
  it('removes an inline comment', () => {
    expect(stripComments('before %%secret%% after')).toBe('before  after');
  });

  it('removes several comments on one line', () => {
    expect(stripComments('a %%x%% b %%y%% c')).toBe('a  b  c');
  });

  it('removes a multi-line comment, keeping its newlines so line numbers stay', () => {
    const source = 'keep %%start\nhidden line\nend%% tail\nnext';
    const out = stripComments(source);
    expect(out).toBe('keep \n\n tail\nnext');
    expect(out.split('\n').length).toBe(source.split('\n').length);
  });

  it('removes a block comment on its own lines', () => {
    expect(stripComments('%%\nprivate\n%%\nvisible')).toBe('\n\n\nvisible');
  });

  it('removes everything after an unclosed %%', () => {
    expect(stripComments('seen %%never closed\nstill hidden')).toBe('seen \n');
  });

  it('keeps %% inside fenced code', () => {
    const source = '```\n%%kept%%\n```\n%%gone%%';
    expect(stripComments(source)).toBe('```\n%%kept%%\n```\n');
  });

  it('keeps %% inside ~~~ fences and longer fences, until the matching close', () => {
    expect(stripComments('~~~~\n```\n%%kept%%\n~~~~\n%%gone%%x')).toBe('~~~~\n```\n%%kept%%\n~~~~\nx');
    expect(stripComments('````md\n```\n%%kept%%\n```\n%%still code%%\n````\n%%gone%%')).toBe(
      '````md\n```\n%%kept%%\n```\n%%still code%%\n````\n',
    );
  });

  it('keeps %% in fenced code inside a quote or a list item', () => {
    expect(stripComments('> ```\n> %%kept%%\n> ```\n%%gone%%')).toBe('> ```\n> %%kept%%\n> ```\n');
    expect(stripComments('- item\n\n    ```\n    %%kept%%\n    ```\n%%gone%%')).toBe('- item\n\n    ```\n    %%kept%%\n    ```\n');
    expect(stripComments('1. ```sql\n   select 1 %%kept%%\n   ```')).toBe('1. ```sql\n   select 1 %%kept%%\n   ```');
  });

  it('keeps %% in CRLF fences', () => {
    expect(stripComments('```\r\n%%kept%%\r\n```\r\n%%gone%%x\r\n')).toBe('```\r\n%%kept%%\r\n```\r\nx\r\n');
  });

  it('keeps %% inside inline code', () => {
    expect(stripComments('use `%%` and `a %%b%% c` then %%gone%%')).toBe('use `%%` and `a %%b%% c` then ');
    expect(stripComments('``a `%%` b`` %%x%%')).toBe('``a `%%` b`` ');
  });

  it('removes a comment that contains backticks', () => {
    expect(stripComments('a %%`code` in comment%% b')).toBe('a  b');
  });

  it('does not treat a fence inside a comment as a fence', () => {
    expect(stripComments('%%\n```\n%%\nvisible %%x%%')).toBe('\n\n\nvisible ');
  });

  it('returns text without %% unchanged', () => {
    const source = 'plain text, 100% sure';
    expect(stripComments(source)).toBe(source);
  });
});

describe('comments in notes', () => {
  it('hides links, tags and headings inside comments from the analysis', () => {
    const facts = analyzeNote('Visible [[Shown]] %%[[Hidden]] #hiddentag%%\n\n%%\n## Hidden heading\n%%\n\n## Shown heading #shown');
    expect(facts.links.map((l) => l.target)).toEqual(['Shown']);
    expect(facts.tags.map((t) => t.name)).toEqual(['shown']);
    expect(facts.headings.map((h) => h.text)).toEqual(['Shown heading #shown']);
  });

  it('keeps file line numbers after a multi-line comment', () => {
    const facts = analyzeNote('%%\none\ntwo\n%%\n[[Link]]');
    expect(facts.links[0]).toMatchObject({ target: 'Link', line: 5, column: 1 });
  });

  it('leaves no trace of a comment in the page, and keeps code as written', async () => {
    const html = await memorySite({ 'N.md': 'Public %%private words%% text.\n\n```\n%%literal%%\n```\n\n`%%inline%%`' }).render('N.md');
    expect(html).not.toContain('private words');
    expect(html).toContain('Public  text.');
    expect(html).toContain('%%literal%%');
    expect(html).toContain('<code>%%inline%%</code>');
  });
});
