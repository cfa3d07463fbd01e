/**
 * Mermaid is large (its core and a diagram's chunks, about 0.2–0.3 MB gzip), so a page fetches it
 * (its prebuilt modules, served by the site: see src/shell/published-files.ts) only when one
 * of its diagrams is about to be seen: within a screen's height of the viewport, or when the
 * page is printed. A diagram the reader never scrolls near is never drawn and costs nothing;
 * until it is drawn, its box shows its source text, as it does without JavaScript. Drawn
 * diagrams are redrawn in the other theme when the reader switches.
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
  const observer = new IntersectionObserver(
    (entries) => drawWaiting(entries.filter((e) => e.isIntersecting && waiting.has(e.target as HTMLElement)).map((e) => e.target as HTMLElement)),
    { rootMargin: AHEAD },
  );
  for (const block of blocks) observer.observe(block);
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
