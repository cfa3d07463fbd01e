/**
 * Mermaid is large, so it is fetched only by pages with diagrams (its prebuilt modules,
 * served by the site: see src/shell/published-files.ts), and the diagrams are redrawn in
 * the other theme when the reader switches.
 */
interface Mermaid {
  initialize(config: Record<string, unknown>): void;
  run(options: { nodes: HTMLElement[]; suppressErrors: boolean }): Promise<void>;
}

/** `signal` ends the redrawing on theme changes (the reader has left the page). */
export async function drawMermaid(moduleUrl: string, signal: AbortSignal): Promise<void> {
  const blocks = [...document.querySelectorAll<HTMLElement>('pre.mermaid')];
  if (blocks.length === 0) return;
  for (const block of blocks) block.dataset.source ??= block.textContent ?? '';
  const { default: mermaid } = (await import(/* @vite-ignore */ moduleUrl)) as { default: Mermaid };
  const draw = async () => {
    const root = document.documentElement;
    const dark = root.dataset.theme ? root.dataset.theme === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
    mermaid.initialize({ startOnLoad: false, theme: dark ? 'dark' : 'default', securityLevel: 'strict' });
    for (const block of blocks) {
      block.removeAttribute('data-processed');
      block.textContent = block.dataset.source ?? '';
    }
    await mermaid.run({ nodes: blocks, suppressErrors: true });
  };
  await draw();
  document.addEventListener('themechange', () => void draw(), { signal });
}
