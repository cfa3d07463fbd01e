/**
 * The graph panel's switch, loaded with the page: it stays tiny, and the drawing code
 * (src/scripts/graph/view.ts, with force-graph) loads only when the reader opens the graph.
 */
export function setupGraphPanel(): (() => void) | void {
  const panel = document.querySelector<HTMLElement>('.graph-panel');
  if (!panel) return;
  const body = panel.querySelector<HTMLElement>('.graph-body')!;
  const toggle = panel.querySelector<HTMLButtonElement>('.graph-toggle');
  const strings = JSON.parse(panel.dataset.strings ?? '{}') as Record<string, string>;
  let view: Promise<{ destroy(): void }> | undefined;
  const open = () => {
    view ??= import('./view.ts').then((module) => module.drawGraph(panel));
    view.catch(() => (view = undefined));
  };
  if (!toggle) open();
  toggle?.addEventListener('click', () => {
    const opening = body.hidden;
    body.hidden = !opening;
    toggle.setAttribute('aria-expanded', String(opening));
    toggle.textContent = opening ? strings.hide : strings.show;
    if (opening) open();
  });
  return () => void view?.then((v) => v.destroy());
}
