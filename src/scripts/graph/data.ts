/** The vault's graph data (src/core/site/vault-graph.ts), fetched once per visit, for the graph view and the explorer. */
import type { GraphData } from '../../core/site/vault-graph.ts';

let cached: Promise<GraphData> | undefined;

/** The site's graph data (src/pages/graph/data.json.ts), under the site's base. */
export function loadGraph(): Promise<GraphData> {
  const url = `${document.documentElement.dataset.base ?? '/'}graph/data.json`;
  cached ??= fetch(url).then((response) => {
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.json() as Promise<GraphData>;
  });
  cached.catch(() => (cached = undefined));
  return cached;
}
