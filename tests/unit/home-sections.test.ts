import { describe, expect, it } from 'vitest';
import { homeSections, readingOrder } from '../../src/core/site/home-sections.ts';
import { memorySite } from './helpers.ts';

const titles = (notes: readonly { title: string }[]) => notes.map((n) => n.title);

describe('home sections', () => {
  const files = {
    'index.md': 'Start with [[Intro]], then [[guide/Second]]. ![[Embedded]]',
    'Intro.md': 'Next: [[guide/Third]] and [[en/One]], back [[index]].',
    'guide/Second.md': 'See [[guide/Fourth]] and [[Zeta]].',
    'guide/Third.md': 'third',
    'guide/Fourth.md': 'fourth',
    'en/One.md': 'one',
    'Embedded.md': 'embedded only',
    'Alpha.md': 'not linked',
    'Zeta.md': 'linked from Second',
  };

  it('orders notes as a reader meets them from the home note, breadth first; the unreached by title', () => {
    const { site } = memorySite(files);
    expect(titles(readingOrder(site))).toEqual(['index', 'Intro', 'Second', 'Third', 'One', 'Fourth', 'Zeta', 'Alpha', 'Embedded']);
  });

  it('leaves out the notes the home note links to; groups the rest by folder, top level first, folders as first met', () => {
    const { site } = memorySite(files);
    expect(homeSections(site).map((s) => [s.folder, titles(s.notes)])).toEqual([
      ['', ['Zeta', 'Alpha', 'Embedded']],
      ['guide', ['Third', 'Fourth']],
      ['en', ['One']],
    ]);
  });

  it('without a home note, lists every note by folder and title', () => {
    const { site } = memorySite({ 'b/Two.md': 'x', 'b/One.md': '[[Two]]', 'Top.md': 'y', 'a/Three.md': 'z' });
    expect(site.home).toBeUndefined();
    expect(homeSections(site).map((s) => [s.folder, titles(s.notes)])).toEqual([
      ['', ['Top']],
      ['a', ['Three']],
      ['b', ['One', 'Two']],
    ]);
  });
});
