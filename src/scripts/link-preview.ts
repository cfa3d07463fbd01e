/**
 * Previews of internal links (markup: src/components/LinkPreview.astro). The target page
 * is fetched (once per visit) and its note shown in a panel beside the link, scrolled to
 * the heading or block the link names. A mouse gets it after a short hover; the keyboard
 * with P on a focused link, which moves focus into the panel (arrows scroll it, Escape
 * returns to the link). Touch screens have no hover, so they never get one.
 */
const SHOW_AFTER_MS = 350;
const HIDE_AFTER_MS = 250;
const LINKS = '.note-content a.internal:not(.file), .backlinks a.internal, .embed-title a.internal';

const pages = new Map<string, Promise<Document>>();

function fetchPage(url: string): Promise<Document> {
  let page = pages.get(url);
  if (!page) {
    page = fetch(url).then(async (response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return new DOMParser().parseFromString(await response.text(), 'text/html');
    });
    page.catch(() => pages.delete(url));
    pages.set(url, page);
  }
  return page;
}

/** The note of a fetched page, ready to show: ids dropped (they would clash with this page's), the target marked. */
function notePart(page: Document, hash: string): { content: HTMLElement; target: Element | null } | undefined {
  const note = page.querySelector('article.note');
  if (!note) return undefined;
  const content = note.cloneNode(true) as HTMLElement;
  const id = hash ? decodeURIComponent(hash.slice(1)) : '';
  const target = id ? [...content.querySelectorAll('[id]')].find((el) => el.id === id) ?? null : null;
  target?.classList.add('link-preview-target');
  for (const el of content.querySelectorAll('script, .sql-runner, .breadcrumbs, .note-meta')) el.remove();
  // The page has one h1, its own: the previewed note's title becomes a plain title line.
  const title = content.querySelector('h1');
  if (title) {
    const line = document.createElement('p');
    line.className = 'link-preview-title';
    line.textContent = title.textContent;
    title.replaceWith(line);
  }
  for (const el of [content, ...content.querySelectorAll('[id]')]) el.removeAttribute('id');
  for (const el of content.querySelectorAll('[aria-labelledby]')) el.removeAttribute('aria-labelledby');
  return { content, target };
}

function place(panel: HTMLElement, link: HTMLElement): void {
  const rect = link.getBoundingClientRect();
  const width = Math.min(30 * 16, window.innerWidth - 16);
  const left = Math.max(8, Math.min(rect.left, window.innerWidth - width - 8));
  const below = window.innerHeight - rect.bottom;
  panel.style.width = `${width}px`;
  panel.style.left = `${left}px`;
  if (below >= 260 || below >= rect.top) {
    panel.style.top = `${rect.bottom + 6}px`;
    panel.style.bottom = '';
  } else {
    panel.style.top = '';
    panel.style.bottom = `${window.innerHeight - rect.top + 6}px`;
  }
}

export function setupLinkPreview(): (() => void) | void {
  const panel = document.querySelector<HTMLElement>('.link-preview');
  if (!panel) return;
  const body = panel.querySelector<HTMLElement>('.link-preview-body')!;
  const controller = new AbortController();
  const { signal } = controller;
  const hover = matchMedia('(hover: hover) and (pointer: fine)');
  let showTimer: number | undefined;
  let hideTimer: number | undefined;
  let shownFor: HTMLAnchorElement | undefined;
  let generation = 0;

  const hide = () => {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    generation++;
    panel.hidden = true;
    body.replaceChildren();
    shownFor = undefined;
  };

  const show = async (link: HTMLAnchorElement, focus: boolean) => {
    const current = ++generation;
    const url = new URL(link.href);
    const hash = url.hash;
    url.hash = '';
    let part: ReturnType<typeof notePart>;
    try {
      part = notePart(await fetchPage(url.href), hash);
    } catch {
      part = undefined;
    }
    if (current !== generation) return;
    shownFor = link;
    if (part) body.replaceChildren(part.content);
    else body.textContent = panel.dataset.failed ?? '';
    panel.hidden = false;
    place(panel, link);
    body.scrollTop = part?.target instanceof HTMLElement ? part.target.offsetTop - 8 : 0;
    if (focus) body.focus();
  };

  const linkOf = (target: EventTarget | null) => (target instanceof Element ? target.closest<HTMLAnchorElement>(LINKS) : null);

  document.addEventListener('mouseover', (event) => {
    if (!hover.matches) return;
    if (panel.contains(event.target as Node)) return clearTimeout(hideTimer);
    const link = linkOf(event.target);
    if (!link) return;
    clearTimeout(hideTimer);
    if (link === shownFor) return;
    clearTimeout(showTimer);
    showTimer = window.setTimeout(() => void show(link, false), SHOW_AFTER_MS);
  }, { signal });
  document.addEventListener('mouseout', (event) => {
    const leaving = linkOf(event.target) ?? (panel.contains(event.target as Node) ? panel : null);
    if (!leaving) return;
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (!panel.hidden) hideTimer = window.setTimeout(hide, HIDE_AFTER_MS);
  }, { signal });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !panel.hidden) {
      const back = shownFor;
      hide();
      back?.focus();
      return;
    }
    const link = linkOf(event.target);
    if (link && (event.key === 'p' || event.key === 'P') && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      void show(link, true);
    }
  }, { signal });
  // Tabbing out of a preview opened from the keyboard closes it.
  panel.addEventListener('focusout', (event) => {
    if (!panel.contains(event.relatedTarget as Node | null)) hide();
  }, { signal });
  document.addEventListener('click', (event) => {
    if (!panel.hidden && !panel.contains(event.target as Node)) hide();
  }, { signal });
  return () => {
    controller.abort();
    hide();
  };
}
