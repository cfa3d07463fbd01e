/**
 * The vault as a graph, for the graph view and the explorer: emitted once per build as a
 * compact JSON file that pages fetch only when a reader opens either. Ids, titles, folders,
 * links and tags; never the notes' text. Arrays instead of objects keep it small: a node
 * is its position in `titles`.
 */
import type { Note, Site } from './model.ts';

export interface GraphData {
  /** Note titles; a note's id is its index here. */
  titles: string[];
  /** Each note's address below the site's base, not percent-encoded (see {@link graphSlug}). */
  slugs: string[];
  /** Each note's vault folder, an index into `folders`. */
  folder: number[];
  /** Vault folders, '' for the top level. */
  folders: string[];
  /** Links as flat pairs of ids, `[a, b, a, c, …]`, one per pair of notes whichever way they link. */
  links: number[];
  /** Tags as first written, without `#`. */
  tags: string[];
  /** Each tag's page below the site's base. */
  tagSlugs: string[];
  /** For each tag, the ids of the notes tagged with it directly. */
  tagged: number[][];
}

/** A note's address below the base as the graph knows it: `folder/note/`, '' for the home page. */
export function graphSlug(note: Note): string {
  return note.slug ? `${note.slug}/` : '';
}

export function buildGraph(site: Site): GraphData {
  const ids = new Map(site.notes.map((note, i) => [note.path, i]));
  const folders: string[] = [];
  const folderIds = new Map<string, number>();
  const folder = site.notes.map((note) => {
    const name = note.path.includes('/') ? note.path.slice(0, note.path.lastIndexOf('/')) : '';
    let id = folderIds.get(name);
    if (id === undefined) {
      id = folders.push(name) - 1;
      folderIds.set(name, id);
    }
    return id;
  });
  const links: number[] = [];
  const seen = new Set<string>();
  site.notes.forEach((target, to) => {
    for (const { from } of site.backlinks.get(target.path) ?? []) {
      const a = ids.get(from.path);
      if (a === undefined || a === to) continue;
      const key = a < to ? `${a} ${to}` : `${to} ${a}`;
      if (seen.has(key)) continue;
      seen.add(key);
      links.push(a, to);
    }
  });
  const tagList = [...site.tags.values()].filter((tag) => tag.direct.length > 0);
  return {
    titles: site.notes.map((note) => note.title),
    slugs: site.notes.map(graphSlug),
    folder,
    folders,
    links,
    tags: tagList.map((tag) => tag.name),
    tagSlugs: tagList.map((tag) => decodeURI(tag.url.slice(site.options.base.length))),
    tagged: tagList.map((tag) => tag.direct.map((note) => ids.get(note.path)!)),
  };
}

/** Each note's neighbours, linked either way. */
export function adjacency(data: GraphData): Set<number>[] {
  const around = data.titles.map(() => new Set<number>());
  for (let i = 0; i < data.links.length; i += 2) {
    around[data.links[i]].add(data.links[i + 1]);
    around[data.links[i + 1]].add(data.links[i]);
  }
  return around;
}

/** The notes within `depth` links of `start` (itself included), nearest first. */
export function neighbourhood(around: readonly Set<number>[], start: number, depth: number): number[] {
  const found = [start];
  const seen = new Set(found);
  let frontier = [start];
  for (let d = 0; d < depth && frontier.length > 0; d++) {
    const next: number[] = [];
    for (const id of frontier) {
      for (const other of around[id]) {
        if (seen.has(other)) continue;
        seen.add(other);
        next.push(other);
      }
    }
    found.push(...next);
    frontier = next;
  }
  return found;
}
