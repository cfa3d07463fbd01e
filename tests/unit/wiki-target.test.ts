import { describe, expect, it } from 'vitest';
import { defaultLinkText, parseEmbedSize, parseLinkTarget } from '../../src/core/links/wiki-target.ts';

describe('parseLinkTarget', () => {
  it('keeps a plain path', () => {
    expect(parseLinkTarget('Note')).toEqual({ path: 'Note' });
    expect(parseLinkTarget('folder/Note')).toEqual({ path: 'folder/Note' });
    expect(parseLinkTarget('Один к одному')).toEqual({ path: 'Один к одному' });
  });

  it('keeps the extension of a path written with one', () => {
    expect(parseLinkTarget('Note.md')).toEqual({ path: 'Note.md' });
    expect(parseLinkTarget('Attachments/report.pdf')).toEqual({ path: 'Attachments/report.pdf' });
  });

  it('trims spaces around the path and the heading', () => {
    expect(parseLinkTarget('  Note  ')).toEqual({ path: 'Note' });
    expect(parseLinkTarget(' Note # Heading ')).toEqual({ path: 'Note', subpath: { kind: 'heading', parts: ['Heading'] } });
  });

  it('splits a heading subpath', () => {
    expect(parseLinkTarget('Note#Heading')).toEqual({ path: 'Note', subpath: { kind: 'heading', parts: ['Heading'] } });
  });

  it('splits nested headings `A#B#C` into parts in order', () => {
    expect(parseLinkTarget('Note#Top#Middle#Leaf')).toEqual({
      path: 'Note',
      subpath: { kind: 'heading', parts: ['Top', 'Middle', 'Leaf'] },
    });
  });

  it('reads `#Heading` as a heading of the same note (empty path)', () => {
    expect(parseLinkTarget('#Уникальное ограничение')).toEqual({
      path: '',
      subpath: { kind: 'heading', parts: ['Уникальное ограничение'] },
    });
  });

  it('reads `#^id` as a block, lower-cased', () => {
    expect(parseLinkTarget('Note#^Block-ID')).toEqual({ path: 'Note', subpath: { kind: 'block', id: 'block-id' } });
    expect(parseLinkTarget('#^abc123')).toEqual({ path: '', subpath: { kind: 'block', id: 'abc123' } });
  });

  it('drops an empty heading (`Note#`)', () => {
    expect(parseLinkTarget('Note#')).toEqual({ path: 'Note' });
  });

  it('strips the backslash a table leaves before an escaped alias pipe', () => {
    // `| [[Note\|alias]] |`: the parser leaves `Note\` as the target.
    expect(parseLinkTarget('Note\\')).toEqual({ path: 'Note' });
    expect(parseLinkTarget('Note#Heading\\')).toEqual({ path: 'Note', subpath: { kind: 'heading', parts: ['Heading'] } });
  });

  it('keeps a pdf page fragment as a heading part, for the embed to forward', () => {
    expect(parseLinkTarget('doc.pdf#page=3')).toEqual({ path: 'doc.pdf', subpath: { kind: 'heading', parts: ['page=3'] } });
  });
});

describe('defaultLinkText', () => {
  it('is the path alone without a subpath', () => {
    expect(defaultLinkText(parseLinkTarget('folder/Note'))).toBe('folder/Note');
  });

  it('joins path and headings with ` > ` as Obsidian shows them', () => {
    expect(defaultLinkText(parseLinkTarget('Note#A#B'))).toBe('Note > A > B');
  });

  it('shows a block as `^id`', () => {
    expect(defaultLinkText(parseLinkTarget('Note#^blk'))).toBe('Note > ^blk');
  });

  it('shows only the heading for a same-note link', () => {
    expect(defaultLinkText(parseLinkTarget('#Heading'))).toBe('Heading');
  });
});

describe('parseEmbedSize', () => {
  it('is empty without an alias', () => {
    expect(parseEmbedSize(undefined)).toEqual({});
    expect(parseEmbedSize('')).toEqual({});
  });

  it('reads `300` as a width', () => {
    expect(parseEmbedSize('300')).toEqual({ width: 300 });
  });

  it('reads `300x200` as width and height', () => {
    expect(parseEmbedSize('300x200')).toEqual({ width: 300, height: 200 });
  });

  it('reads anything else as alt text', () => {
    expect(parseEmbedSize('A diagram')).toEqual({ alt: 'A diagram' });
    expect(parseEmbedSize('300px')).toEqual({ alt: '300px' });
  });

  it('reads alt text and a size together', () => {
    expect(parseEmbedSize('Diagram|640')).toEqual({ alt: 'Diagram', width: 640 });
  });
});
