/**
 * The explorer's tree (markup: src/components/Explorer.astro). Folders are <details>, so
 * they open and close with the keyboard too; the tree is drawn once per visit (the element
 * persists across client-side navigation) and the current note is marked on every page.
 */
import { folderTree, type TreeFolder } from '../core/site/explorer-tree.ts';
import type { GraphData } from '../core/site/vault-graph.ts';
import { loadGraph } from './graph/data.ts';
import { EXPLORER_KEY, remember, remembered } from './remembered.ts';

const FOLDERS_KEY = 'kb:explorer-folders';
/** Where the explorer is a left sidebar (the same width as in global.css and Layout.astro's first script). */
const SIDEBAR = '(min-width: 75rem)';

function openFolders(): Set<string> {
  try {
    return new Set(JSON.parse(remembered(FOLDERS_KEY) ?? '[]') as string[]);
  } catch {
    return new Set();
  }
}

function drawFolder(folder: TreeFolder, data: GraphData, base: string, open: Set<string>): HTMLLIElement[] {
  const folders = folder.folders.map((child) => {
    const item = document.createElement('li');
    const details = document.createElement('details');
    details.dataset.folder = child.path;
    details.open = open.has(child.path);
    const summary = document.createElement('summary');
    summary.textContent = child.name;
    const list = document.createElement('ul');
    list.setAttribute('role', 'list');
    list.append(...drawFolder(child, data, base, open));
    details.append(summary, list);
    item.append(details);
    return item;
  });
  const notes = folder.notes.map((id) => {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = base + data.slugs[id];
    link.textContent = data.titles[id];
    item.append(link);
    return item;
  });
  return [...folders, ...notes];
}

/** Marks the current page's link, opening the folders around it. */
function markCurrent(tree: HTMLElement): void {
  for (const link of tree.querySelectorAll('[aria-current]')) link.removeAttribute('aria-current');
  const here = decodeURI(location.pathname);
  const link = [...tree.querySelectorAll<HTMLAnchorElement>('a')].find((a) => decodeURI(new URL(a.href).pathname) === here);
  if (!link) return;
  link.setAttribute('aria-current', 'page');
  for (let el = link.parentElement; el && el !== tree; el = el.parentElement) if (el instanceof HTMLDetailsElement) el.open = true;
}

export function setupExplorer(): void {
  const explorer = document.querySelector<HTMLElement>('.explorer');
  const toggle = document.querySelector<HTMLButtonElement>('.explorer-toggle');
  if (!explorer || !toggle) return;
  const tree = explorer.querySelector<HTMLUListElement>('.explorer-tree')!;
  const draw = async () => {
    if (!tree.dataset.drawn) {
      tree.dataset.drawn = 'pending';
      const data = await loadGraph();
      const base = document.documentElement.dataset.base ?? '/';
      const lang = document.documentElement.dataset.uiLang ?? 'en';
      tree.replaceChildren(...drawFolder(folderTree(data, lang), data, base, openFolders()));
      tree.dataset.drawn = 'yes';
      tree.addEventListener('toggle', saveFolders, true);
    }
    if (tree.dataset.drawn === 'yes') markCurrent(tree);
  };
  const saveFolders = () => {
    const open = [...tree.querySelectorAll<HTMLDetailsElement>('details[open]')].map((d) => d.dataset.folder!);
    remember(FOLDERS_KEY, JSON.stringify(open));
  };
  // Shown by the page's `data-explorer` (CSS), which the page's first script sets from the
  // same remembered choice before the first paint, so a remembered sidebar never shifts the page.
  const show = (visible: boolean) => {
    if (visible) document.documentElement.dataset.explorer = 'open';
    else delete document.documentElement.dataset.explorer;
    toggle.setAttribute('aria-expanded', String(visible));
    if (visible) void draw().catch(() => (tree.dataset.drawn = ''));
  };
  // The header persists across navigation: bind its button once.
  if (!toggle.dataset.bound) {
    toggle.dataset.bound = 'yes';
    toggle.addEventListener('click', () => {
      const visible = document.documentElement.dataset.explorer !== 'open';
      remember(EXPLORER_KEY, visible ? '1' : '0');
      show(visible);
    });
  }
  // A sidebar stays open from page to page; on narrower screens the explorer is a menu, closed on each new page.
  show(remembered(EXPLORER_KEY) === '1' && window.matchMedia(SIDEBAR).matches);
}
