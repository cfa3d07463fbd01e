/** The vault's graph data (src/core/site/graph.ts), fetched once per visit, for the graph view and the explorer. */
import type { GraphData } from '../../core/site/graph.ts';

let cached: Promise<GraphData> | undefined;

export function graphDataUrl(): string {
  return `${document.documentElement.dataset.base ?? '/'}graph/data.json`;
}

export function loadGraph(url = graphDataUrl()): Promise<GraphData> {
  cached ??= fetch(url).then((response) => {
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.json() as Promise<GraphData>;
  });
  cached.catch(() => (cached = undefined));
  return cached;
}
