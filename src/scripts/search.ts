/**
 * Search dialog behaviour. Pagefind keeps one index per language, each with its own
 * stemmer; a Pagefind instance searches only one of them. So every language gets its own
 * instance (the module imported once per language, under distinct URLs), all are queried,
 * and the results are merged into one ranking (src/core/search/ranking.ts: title and heading
 * matches first, as the indexes' scores are not comparable): a Russian query finds Russian
 * inflections, English notes are found from a Russian page too, and a query that names a
 * heading leads to that heading.
 */
import { hasCjk, hasCjkRuns, joinCjk, splitCjk } from '../core/search/cjk.ts';
import { rankHits } from '../core/search/ranking.ts';

interface PagefindResult {
  id: string;
  score: number;
  data(): Promise<{ url: string; content: string; excerpt: string; meta: { title?: string }; filters?: Record<string, string[]>; sub_results?: { title: string; url: string }[] }>;
}
interface PagefindInstance {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  search(query: string | null, options?: { filters?: Record<string, string> }): Promise<{ results: PagefindResult[] } | null>;
  filters(): Promise<Record<string, Record<string, number>>>;
}
interface PagefindModule {
  createInstance(options: { basePath: string }): PagefindInstance;
}

const MAX_RESULTS = 20;
/** Results of a Chinese or Japanese query loaded to find MAX_RESULTS with its characters in a row. */
const MAX_CJK_CANDIDATES = 100;
const DEBOUNCE_MS = 120;

let engines: Promise<PagefindInstance[]> | undefined;

/**
 * Pagefind picks the index of an instance from `<html lang>` at the moment the instance is
 * created, whatever options say; so the attribute is set to each language in turn, just
 * for that synchronous call, and put back.
 */
function createInstanceFor(module: PagefindModule, bundle: string, language: string): PagefindInstance {
  const html = document.documentElement;
  const pageLang = html.getAttribute('lang');
  html.setAttribute('lang', language);
  try {
    return module.createInstance({ basePath: bundle });
  } finally {
    if (pageLang === null) html.removeAttribute('lang');
    else html.setAttribute('lang', pageLang);
  }
}

/**
 * The per-language stemmers are separate WebAssembly builds, and Pagefind keeps the loaded
 * one in module-level state (one per JavaScript realm and worker): two languages in one
 * module copy overwrite each other's memory. So each language imports its own copy of
 * `pagefind.js` (a distinct URL is a distinct module, with its own worker).
 */
async function loadEngines(base: string): Promise<PagefindInstance[]> {
  const bundle = `${base}pagefind/`;
  const entry = (await (await fetch(`${bundle}pagefind-entry.json`)).json()) as { languages: Record<string, unknown> };
  return Promise.all(
    Object.keys(entry.languages).map(async (language) => {
      const url = `${bundle}pagefind.js?language=${encodeURIComponent(language)}`;
      const module = (await import(/* @vite-ignore */ url)) as PagefindModule;
      const instance = createInstanceFor(module, bundle, language);
      await instance.init();
      await instance.options({ baseUrl: base, excerptLength: 24 });
      return instance;
    }),
  );
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || !!el.closest('.cm-editor'));
}

export function setupSearch(): void {
  const dialog = document.querySelector<HTMLDialogElement>('.search-dialog');
  const trigger = document.querySelector<HTMLButtonElement>('.search-trigger');
  if (!dialog || !trigger) return;
  const input = dialog.querySelector<HTMLInputElement>('.search-input')!;
  const tagSelect = dialog.querySelector<HTMLSelectElement>('.search-tag')!;
  const status = dialog.querySelector<HTMLElement>('.search-status')!;
  const list = dialog.querySelector<HTMLOListElement>('.search-results')!;
  const strings = JSON.parse(dialog.dataset.strings ?? '{}') as Record<string, string>;
  const base = document.documentElement.dataset.base ?? '/';
  let generation = 0;
  let timer: number | undefined;

  const ensureEngines = () => {
    engines ??= loadEngines(base);
    engines.catch(() => (engines = undefined));
    return engines;
  };

  const fillTags = async () => {
    if (tagSelect.options.length > 1) return;
    const all = await ensureEngines();
    const tags = new Set<string>();
    const lists = await Promise.all(all.map((engine) => engine.filters()));
    for (const list of lists) for (const tag of Object.keys(list.tag ?? {})) tags.add(tag);
    for (const tag of [...tags].sort()) tagSelect.add(new Option(`#${tag}`, tag));
  };

  const open = () => {
    if (!dialog.open) dialog.showModal();
    input.focus();
    input.select();
    fillTags().catch(() => (status.textContent = strings.unavailable));
  };

  const run = async () => {
    const query = input.value.trim();
    const tag = tagSelect.value;
    const current = ++generation;
    if (!query && !tag) {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    status.textContent = strings.searching;
    let all: PagefindInstance[];
    try {
      all = await ensureEngines();
    } catch {
      status.textContent = strings.unavailable;
      return;
    }
    const options = tag ? { filters: { tag } } : {};
    const responses = await Promise.all(all.map((engine) => engine.search(query ? splitCjk(query) : null, options)));
    // The best of each index: a page that names the query may score low in its own. A Chinese
    // or Japanese query matches its characters anywhere on a page (cjk.ts): more candidates are
    // read, and only the pages that have them in a row are kept.
    const results = responses.flatMap((r) => r?.results.slice(0, hasCjk(query) ? MAX_CJK_CANDIDATES : MAX_RESULTS) ?? []);
    const loaded = await Promise.all(
      results.map(async (r) => {
        const d = await r.data();
        const headings = (d.sub_results ?? []).map((h) => ({ ...h, title: joinCjk(h.title) }));
        return { ...d, excerpt: joinCjk(d.excerpt), score: r.score, title: joinCjk(d.meta.title ?? d.url), headings };
      }),
    );
    const hits = loaded.filter((d) => hasCjkRuns(query, d.content));
    if (current !== generation) return;
    list.replaceChildren(
      ...rankHits(query, hits).slice(0, MAX_RESULTS).map(({ hit: d, url, heading }) => {
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.href = url;
        link.className = 'search-result-title';
        link.textContent = d.title;
        const excerpt = document.createElement('p');
        excerpt.className = 'search-excerpt';
        // Pagefind escapes the page text and only adds <mark> around matches.
        excerpt.innerHTML = d.excerpt;
        item.append(link);
        if (heading) item.append(Object.assign(document.createElement('span'), { className: 'search-result-heading', textContent: ` › ${heading}` }));
        item.append(excerpt);
        return item;
      }),
    );
    status.textContent = hits.length === 0 ? strings.noResults : '';
  };

  const schedule = () => {
    clearTimeout(timer);
    timer = window.setTimeout(run, DEBOUNCE_MS);
  };

  trigger.addEventListener('click', open);
  // The header (and so this dialog) persists across client-side navigation: a result opened from it closes it.
  document.addEventListener('astro:after-swap', () => dialog.close());
  dialog.querySelector('.search-close')!.addEventListener('click', () => dialog.close());
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close();
  });
  input.addEventListener('input', schedule);
  tagSelect.addEventListener('change', run);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      list.querySelector<HTMLAnchorElement>('a')?.focus();
      event.preventDefault();
    }
  });
  list.addEventListener('keydown', (event) => {
    const links = [...list.querySelectorAll<HTMLAnchorElement>('a')];
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (event.key === 'ArrowDown' && at < links.length - 1) links[at + 1].focus();
    else if (event.key === 'ArrowUp') (at > 0 ? links[at - 1] : input).focus();
    else return;
    event.preventDefault();
  });
  document.addEventListener('keydown', (event) => {
    const shortcut = (event.key === 'k' || event.key === 'K') && (event.ctrlKey || event.metaKey);
    if (shortcut || (event.key === '/' && !isTyping(event.target) && !event.altKey && !event.ctrlKey && !event.metaKey)) {
      event.preventDefault();
      open();
    }
  });
}
