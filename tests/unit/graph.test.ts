import { describe, expect, it } from 'vitest';
import { folderTree, type TreeFolder } from '../../src/core/site/explorer-tree.ts';
import { adjacency, buildGraph, neighbourhood, type GraphData } from '../../src/core/site/vault-graph.ts';
import { memorySite } from './helpers.ts';

const vault = {
  'Home.md': 'Start with [[A]] and [[b/B]]; #hub',
  'A.md': 'Back [[Home]], on to [[b/B#Part]], itself [[A]], nowhere [[Missing]]. #topic',
  'b/B.md': '---\ntags: [topic]\n---\n## Part\nSee [[C]] and ![[image.png]]',
  'b/C.md': 'A leaf. The secret body text.',
  'Lonely.md': 'No links.',
  'image.png': '',
};

const titleOf = (data: GraphData, id: number) => data.titles[id];
const pairs = (data: GraphData) => {
  const out: string[] = [];
  for (let i = 0; i < data.links.length; i += 2) out.push([titleOf(data, data.links[i]), titleOf(data, data.links[i + 1])].sort().join(' – '));
  return out.sort();
};

describe('graph data', () => {
  const { site } = memorySite(vault, '/kb/');
  const data = buildGraph(site);

  it('has one node per published note, with its title, URL and folder', () => {
    expect([...data.titles].sort()).toEqual(['A', 'B', 'C', 'Home', 'Lonely']);
    const b = data.titles.indexOf('B');
    expect(data.slugs[b]).toBe('b/b/');
    expect(data.folders[data.folder[b]]).toBe('b');
    expect(data.slugs[data.titles.indexOf('Home')]).toBe('');
    expect(data.folders[data.folder[data.titles.indexOf('Lonely')]]).toBe('');
  });

  it('has each pair of linked notes once, whichever way they link, without self-links, missing notes or files', () => {
    expect(pairs(data)).toEqual(['A – B', 'A – Home', 'B – C', 'B – Home']);
  });

  it('lists the notes of each tag', () => {
    const topic = data.tags.indexOf('topic');
    expect(data.tagged[topic].map((id) => titleOf(data, id)).sort()).toEqual(['A', 'B']);
    expect(data.tagSlugs[topic]).toBe('tags/topic/');
    expect(data.tagged[data.tags.indexOf('hub')].map((id) => titleOf(data, id))).toEqual(['Home']);
  });

  it('never carries the notes\' text', () => {
    expect(JSON.stringify(data)).not.toContain('secret');
  });

  it('finds the notes within one and two links', () => {
    const around = adjacency(data);
    const names = (ids: number[]) => ids.map((id) => titleOf(data, id));
    const c = data.titles.indexOf('C');
    expect(names(neighbourhood(around, c, 1))).toEqual(['C', 'B']);
    expect(names(neighbourhood(around, c, 2)).sort()).toEqual(['A', 'B', 'C', 'Home']);
    expect(names(neighbourhood(around, data.titles.indexOf('Lonely'), 2))).toEqual(['Lonely']);
  });
});

describe('explorer tree', () => {
  it('nests folders (empty parents included), folders before notes, each sorted by name', () => {
    const { site } = memorySite({ 'Zeta.md': '', 'alpha.md': '', 'x/y/Deep.md': '', 'x/Mid 10.md': '', 'x/Mid 9.md': '', 'b/B.md': '' });
    const data = buildGraph(site);
    const tree = folderTree(data, 'en');
    const show = (folder: TreeFolder): unknown => ({
      [folder.path || '/']: [...folder.folders.map(show), ...folder.notes.map((id) => data.titles[id])],
    });
    expect(show(tree)).toEqual({ '/': [{ b: ['B'] }, { x: [{ 'x/y': ['Deep'] }, 'Mid 9', 'Mid 10'] }, 'alpha', 'Zeta'] });
  });
});
