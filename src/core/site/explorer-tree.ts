/** The explorer's folder tree, from the graph data's folders and titles: folders first, then notes, each by name. */
import type { GraphData } from './vault-graph.ts';

export interface TreeFolder {
  name: string;
  /** Vault path, '' for the top level. */
  path: string;
  folders: TreeFolder[];
  /** Note ids (see GraphData). */
  notes: number[];
}

export function folderTree(data: GraphData, lang: string): TreeFolder {
  const root: TreeFolder = { name: '', path: '', folders: [], notes: [] };
  const byPath = new Map([['', root]]);
  const folderOf = (path: string): TreeFolder => {
    let folder = byPath.get(path);
    if (folder) return folder;
    const cut = path.lastIndexOf('/');
    const parent = folderOf(cut < 0 ? '' : path.slice(0, cut));
    folder = { name: path.slice(cut + 1), path, folders: [], notes: [] };
    parent.folders.push(folder);
    byPath.set(path, folder);
    return folder;
  };
  data.titles.forEach((_, id) => folderOf(data.folders[data.folder[id]]).notes.push(id));
  const collator = new Intl.Collator(lang, { numeric: true });
  const sort = (folder: TreeFolder) => {
    folder.folders.sort((a, b) => collator.compare(a.name, b.name));
    folder.notes.sort((a, b) => collator.compare(data.titles[a], data.titles[b]));
    folder.folders.forEach(sort);
  };
  sort(root);
  return root;
}
