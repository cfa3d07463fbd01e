/**
 * Mermaid is large (its core and a diagram's chunks, about 0.2–0.3 MB gzip, four times a
 * note page without it), so a page fetches it (its prebuilt modules, served by the site: see
 * src/shell/published-files.ts) only once the reader has done something on the page (moved
 * the pointer, touched, scrolled, pressed a key, or arrived by a link) and one of its diagrams
 * is about to be seen: within a screen's height of the viewport, or when the page is printed.
 * A page opened and left untouched loads no Mermaid, not even for a diagram in its first
 * screen; the first movement draws it. A diagram the reader never scrolls near is never drawn
 * and costs nothing; until it is drawn, its box shows its source text, as it does without
 * JavaScript. Drawn diagrams are redrawn in the other theme when the reader switches.
 */
interface Mermaid {
  initialize(config: Record<string, unknown>): void;
  run(options: { nodes: HTMLElement[]; suppressErrors: boolean }): Promise<void>;
}

/**
 * How far ahead of the viewport a diagram starts loading: one screen, so that a reader
 * scrolling at reading speed finds it drawn, and it grows from its source's height to its
 * own while off-screen, shifting nothing the reader sees.
 */
const AHEAD = '100% 0px';

/** What the reader does first on a page: any of these, on the window, in its capture phase. */
const INPUT_EVENTS = ['pointerdown', 'pointermove', 'touchstart', 'wheel', 'keydown', 'scroll'];

let readerActed: Promise<void> | undefined;

/**
 * Settles at the reader's first input on this document, at once if they have acted already:
 * the page was opened at a heading (`#…`) or scrolled (a reload keeps the place), or reached
 * by a link inside the site (client-side navigation: its URL is not the document's first).
 * The page's own scripts scroll nothing, so nothing but the reader settles it.
 */
function whenReaderActs(): Promise<void> {
  readerActed ??= new Promise<void>((resolve) => {
    const opened = performance.getEntriesByType('navigation')[0]?.name;
    if (location.hash !== '' || scrollY > 0 || (opened !== undefined && opened !== location.href)) return resolve();
    const listening = new AbortController();
    const acted = () => {
      listening.abort();
      resolve();
    };
    for (const type of INPUT_EVENTS) addEventListener(type, acted, { capture: true, passive: true, signal: listening.signal });
  });
  return readerActed;
}

/** `signal` ends the watching and redrawing (the reader has left the page). */
export function drawMermaidWhenSeen(moduleUrl: string, signal: AbortSignal): void {
  const blocks = [...document.querySelectorAll<HTMLElement>('pre.mermaid')];
  if (blocks.length === 0) return;
  for (const block of blocks) block.dataset.source ??= block.textContent ?? '';
  const drawn: HTMLElement[] = [];
  let mermaid: Promise<Mermaid> | undefined;
  // One drawing at a time: Mermaid's configuration (the theme) is global.
  let queue = Promise.resolve();

  const draw = (nodes: HTMLElement[]) => {
    if (nodes.length === 0) return;
    queue = queue.then(async () => {
      mermaid ??= import(/* @vite-ignore */ moduleUrl).then((m: { default: Mermaid }) => m.default);
      const api = await mermaid;
      if (signal.aborted) return;
      const root = document.documentElement;
      const dark = root.dataset.theme ? root.dataset.theme === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
      // Mermaid 12 lays flowcharts and state diagrams out with ELK by default (0.5 MB gzip);
      // dagre (14 KB) was its default before. A diagram whose own config says `layout: elk`
      // still gets ELK.
      api.initialize({ startOnLoad: false, theme: dark ? 'dark' : 'default', securityLevel: 'strict', layout: 'dagre' });
      for (const block of nodes) {
        // The box keeps its height while Mermaid works in it (it lays the diagram out inside,
        // then replaces it), so the text below moves at most once, by the difference between
        // the source's height and the diagram's, and not at all when a diagram is redrawn.
        block.style.height = `${block.offsetHeight}px`;
        block.style.overflow = 'hidden';
        block.removeAttribute('data-processed');
        block.textContent = block.dataset.source ?? '';
      }
      try {
        await api.run({ nodes, suppressErrors: true });
      } finally {
        for (const block of nodes) {
          block.style.height = '';
          block.style.overflow = '';
          if (!drawn.includes(block)) drawn.push(block);
        }
      }
    }).catch((error: unknown) => console.error('Mermaid:', error));
  };

  const waiting = new Set(blocks);
  const drawWaiting = (nodes: HTMLElement[]) => {
    for (const block of nodes) {
      waiting.delete(block);
      observer.unobserve(block);
    }
    draw(nodes);
  };
  // Near the viewport now: drawn once the reader has acted (and still near then).
  const near = new Set<HTMLElement>();
  let acted = false;
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) near.add(entry.target as HTMLElement);
        else near.delete(entry.target as HTMLElement);
      }
      if (acted) drawWaiting([...near].filter((block) => waiting.has(block)));
    },
    { rootMargin: AHEAD },
  );
  for (const block of blocks) observer.observe(block);
  void whenReaderActs().then(() => {
    acted = true;
    if (!signal.aborted) drawWaiting([...near].filter((block) => waiting.has(block)));
  });
  // The browser prints the page as it is when printing starts, and Mermaid loads and draws
  // asynchronously: printing from the browser's menu draws the diagrams not reached yet, but that
  // first print shows their source. Ctrl+P / ⌘P opens the print dialog once they are drawn.
  addEventListener('beforeprint', () => drawWaiting([...waiting]), { signal });
  document.addEventListener(
    'keydown',
    (event) => {
      if (event.key.toLowerCase() !== 'p' || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || waiting.size === 0) return;
      event.preventDefault();
      drawWaiting([...waiting]);
      void queue.then(() => print());
    },
    { signal },
  );
  document.addEventListener('themechange', () => draw([...drawn]), { signal });
  signal.addEventListener('abort', () => observer.disconnect());
}
