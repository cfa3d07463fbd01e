/**
 * Draws the graph panel with force-graph (canvas, d3-force): the whole vault, or the notes
 * within one or two links of the current one; tags as extra nodes on request. Loaded on
 * demand by panel.ts, with the graph's data (fetched once per visit). Clicking a note opens
 * it; the list under the drawing offers the same notes to the keyboard, and focusing one
 * highlights it in the drawing.
 */
import ForceGraph from 'force-graph';
import { navigate } from 'astro:transitions/client';
import type { Plural } from '../../components/i18n.ts';
import { adjacency, neighbourhood, type GraphData } from '../../core/site/vault-graph.ts';
import { loadGraph } from './data.ts';
import { plural } from '../sql/strings.ts';

/** Links above which the layout runs without drawing them. */
const BIG_GRAPH_LINKS = 3000;

interface Node {
  /** A note's id; tags come after the notes. */
  id: number;
  title: string;
  url: string;
  tag: boolean;
  degree: number;
  x?: number;
  y?: number;
}
interface Link {
  source: number;
  target: number;
}
interface Strings {
  loading: string;
  failed: string;
  links: Plural;
}

/**
 * Colours from the stylesheet, so the graph follows the theme. The variables hold
 * light-dark() pairs, which a canvas cannot read: a probe element resolves each to rgb().
 */
function palette(element: HTMLElement) {
  const probe = document.createElement('span');
  probe.hidden = true;
  element.append(probe);
  const css = (name: string) => {
    probe.style.color = name.startsWith('--') ? `var(${name})` : name;
    return getComputedStyle(probe).color;
  };
  const colours = {
    accent: css('--accent'), node: css('--muted'), tag: css('--ok'), text: css('--fg'),
    link: css('color-mix(in srgb, var(--muted) 45%, transparent)'),
  };
  probe.remove();
  return colours;
}

/** The notes to draw (and, with tags, the tags they carry), with the links between them. */
function selection(data: GraphData, around: Set<number>[], base: string, current: number, depth: number, withTags: boolean) {
  const ids = current >= 0 ? neighbourhood(around, current, depth) : data.titles.map((_, i) => i);
  const shown = new Set(ids);
  const nodes: Node[] = ids.map((id) => ({ id, title: data.titles[id], url: base + data.slugs[id], tag: false, degree: around[id].size }));
  const links: Link[] = [];
  for (let i = 0; i < data.links.length; i += 2) {
    if (shown.has(data.links[i]) && shown.has(data.links[i + 1])) links.push({ source: data.links[i], target: data.links[i + 1] });
  }
  if (withTags) {
    data.tagged.forEach((notes, t) => {
      const members = notes.filter((id) => shown.has(id));
      if (members.length === 0) return;
      const id = data.titles.length + t;
      nodes.push({ id, title: `#${data.tags[t]}`, url: base + data.tagSlugs[t], tag: true, degree: members.length });
      for (const note of members) links.push({ source: note, target: id });
    });
  }
  return { nodes, links };
}

export async function drawGraph(panel: HTMLElement): Promise<{ destroy(): void }> {
  const strings = JSON.parse(panel.dataset.strings ?? '{}') as Strings;
  const status = panel.querySelector<HTMLElement>('.graph-status')!;
  const host = panel.querySelector<HTMLElement>('.graph-canvas')!;
  const list = panel.querySelector<HTMLUListElement>('.graph-list ul')!;
  const count = panel.querySelector<HTMLElement>('.graph-count')!;
  const depthBox = panel.querySelector<HTMLInputElement>('.graph-depth');
  const tagsBox = panel.querySelector<HTMLInputElement>('.graph-tags')!;
  status.textContent = strings.loading;
  let data: GraphData;
  try {
    data = await loadGraph();
  } catch (error) {
    status.textContent = strings.failed;
    throw error;
  }
  const started = performance.now();
  status.textContent = '';
  const around = adjacency(data);
  const base = document.documentElement.dataset.base ?? '/';
  const current = panel.dataset.note !== undefined ? data.slugs.indexOf(panel.dataset.note) : -1;
  const local = panel.dataset.note !== undefined;
  /** Names are drawn around a note and in small vaults; in big ones, once zoomed in. */
  const namesAlways = local || data.titles.length <= 150;
  let colours = palette(panel);
  let moved = false;
  for (const type of ['wheel', 'pointerdown']) host.addEventListener(type, () => (moved = true), { once: true, passive: true });
  /**
   * A big graph draws its links once the layout has settled: 40,000 lines per frame made
   * every frame of the layout a long task (100 ms and more without a GPU), and input waited.
   */
  const bigGraph = data.links.length / 2 > BIG_GRAPH_LINKS;
  let linksShown = !bigGraph;
  let focused = -1;

  const graph = new ForceGraph<Node, Link>(host)
    .width(host.clientWidth)
    .height(host.clientHeight)
    .nodeId('id')
    .nodeLabel((node) => {
      const label = document.createElement('span');
      label.textContent = node.title;
      return label;
    })
    .nodeVal((node) => 1 + Math.sqrt(node.degree))
    .nodeColor((node) => (node.id === current || node.id === focused ? colours.accent : node.tag ? colours.tag : colours.node))
    .linkColor(() => colours.link)
    // Links are not hoverable: force-graph would otherwise paint each one apart, in its own
    // colour, on its hidden picking canvas; at 40,000 links that took seconds per refresh.
    .linkPointerAreaPaint(() => undefined)
    .linkVisibility(() => linksShown)
    .nodeCanvasObjectMode(() => 'after')
    .nodeCanvasObject((node, ctx, scale) => {
      if (!namesAlways && scale < 2.5 && node.id !== focused) return;
      ctx.font = `${12 / scale}px system-ui, sans-serif`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      ctx.fillStyle = colours.text;
      ctx.fillText(node.title, node.x ?? 0, (node.y ?? 0) + 6 / scale);
    })
    .onNodeClick((node) => void navigate(node.url))
    .cooldownTime(local ? 3000 : 6000)
    .onEngineStop(() => {
      panel.dataset.layout = 'settled';
      // Notes without links drift outwards: bring everything into view, unless the reader has moved it.
      if (!moved) graph.zoomToFit(400, 30);
      if (!linksShown) {
        linksShown = true;
        graph.linkVisibility(graph.linkVisibility());
      }
    });
  let firstFrame = true;
  graph.onRenderFramePost(() => {
    if (!firstFrame) return;
    firstFrame = false;
    // The benchmark (bench/graph.ts) and the tests wait for this.
    panel.dataset.state = 'ready';
    panel.dataset.readyMs = String(Math.round(performance.now() - started));
  });

  // The list is drawn when opened: at 5,000 notes its elements cost more than the graph's first frame.
  const details = list.closest('details')!;
  const collator = new Intl.Collator(document.documentElement.dataset.uiLang);
  let listed: Node[] = [];
  const fillList = () => {
    if (!details.open || list.dataset.filled === 'yes') return;
    list.dataset.filled = 'yes';
    const items = [...listed]
      .sort((a, b) => Number(a.tag) - Number(b.tag) || collator.compare(a.title, b.title))
      .map((node) => {
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.href = node.url;
        link.textContent = node.title;
        link.dataset.node = String(node.id);
        if (node.id === current) link.setAttribute('aria-current', 'page');
        const degree = document.createElement('span');
        degree.className = 'count';
        degree.textContent = ` ${plural(strings.links, node.degree)}`;
        item.append(link, degree);
        return item;
      });
    list.replaceChildren(...items);
  };
  details.addEventListener('toggle', fillList);

  const redraw = () => {
    linksShown = !bigGraph;
    panel.dataset.layout = 'running';
    const shown = selection(data, around, base, current, depthBox?.checked ? 2 : 1, tagsBox.checked);
    graph.graphData(shown);
    listed = shown.nodes;
    count.textContent = String(shown.nodes.filter((node) => !node.tag).length);
    list.dataset.filled = '';
    fillList();
  };
  redraw();
  depthBox?.addEventListener('change', redraw);
  tagsBox.addEventListener('change', redraw);

  const byId = (id: number) => graph.graphData().nodes.find((node) => node.id === id);
  list.addEventListener('focusin', (event) => {
    const id = Number((event.target as HTMLElement).dataset.node ?? -1);
    focused = id;
    const node = byId(id);
    graph.nodeColor(graph.nodeColor());
    if (node?.x !== undefined && node.y !== undefined) graph.centerAt(node.x, node.y, 300);
  });
  list.addEventListener('focusout', () => {
    focused = -1;
    graph.nodeColor(graph.nodeColor());
  });

  // For the end-to-end tests and bench/graph.ts: where a note is drawn, the zoom, when the data came.
  (panel as HTMLElement & { graphView?: unknown }).graphView = {
    screenOf(title: string) {
      const node = graph.graphData().nodes.find((n) => n.title === title);
      return node?.x === undefined || node.y === undefined ? undefined : graph.graph2ScreenCoords(node.x, node.y);
    },
    zoom: () => graph.zoom(),
    dataAt: started,
  };

  const resize = new ResizeObserver(() => graph.width(host.clientWidth).height(host.clientHeight));
  resize.observe(host);
  const recolour = () => {
    colours = palette(panel);
    graph.nodeColor(graph.nodeColor());
  };
  document.addEventListener('themechange', recolour);
  const scheme = matchMedia('(prefers-color-scheme: dark)');
  scheme.addEventListener('change', recolour);
  return {
    destroy() {
      resize.disconnect();
      document.removeEventListener('themechange', recolour);
      scheme.removeEventListener('change', recolour);
      graph._destructor();
    },
  };
}
