/**
 * Lays the diagram's graph out with ELK's layered algorithm (elkjs). The bundled build
 * (~1.6 MB) is imported on first use, so only pages that draw a diagram ever fetch it; it
 * runs on the page's thread, which for a schema of tens of tables takes milliseconds.
 * Left to right on a wide column; top to bottom (layers stacked) on a phone, where a row of
 * tables would be too small to read once fitted to the screen.
 */
import type { ELK, ElkNode } from 'elkjs/lib/elk-api.js';

let elk: Promise<ELK> | undefined;

function engine(): Promise<ELK> {
  elk ??= import('elkjs/lib/elk.bundled.js').then(({ default: Elk }) => new Elk());
  // A failed download is tried again on the next diagram.
  elk.catch(() => (elk = undefined));
  return elk;
}

const OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.edgeRouting': 'ORTHOGONAL',
  // Stability: nodes, edges and separate groups of tables keep the order they are given in
  // (the order the diagram first saw them), so a new table does not reshuffle the others.
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.considerModelOrder.components': 'MODEL_ORDER',
  // Of ELK's node placers, the one that moved the fewest old tables when one was added.
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.randomSeed': '1',
  'elk.spacing.nodeNode': '28',
  'elk.layered.spacing.nodeNodeBetweenLayers': '56',
  'elk.spacing.edgeNode': '14',
  'elk.spacing.edgeEdge': '10',
  'elk.spacing.edgeLabel': '4',
  'elk.spacing.componentComponent': '32',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.padding': '[top=12,left=12,bottom=12,right=12]',
};

/**
 * The nodes in the order to stack them: referenced tables above the tables that refer to
 * them (by depth along the edges, a cycle cut where it closes), the graph's order within a depth.
 */
export function stacked(graph: ElkNode): string[] {
  const nodes = graph.children ?? [];
  const owner = new Map(nodes.flatMap((node) => (node.ports ?? []).map((port) => [port.id, node.id] as const)));
  const parents = new Map<string, string[]>(nodes.map((node) => [node.id, []]));
  for (const edge of graph.edges ?? []) {
    const [from, to] = [owner.get(edge.sources[0]) ?? edge.sources[0], owner.get(edge.targets[0]) ?? edge.targets[0]];
    if (from !== to) parents.get(to)?.push(from);
  }
  const depths = new Map<string, number>();
  const depth = (id: string, seen: Set<string>): number => {
    const known = depths.get(id);
    if (known !== undefined) return known;
    const next = new Set(seen).add(id);
    const d = Math.max(0, ...(parents.get(id) ?? []).filter((p) => !seen.has(p)).map((p) => depth(p, next) + 1));
    depths.set(id, d);
    return d;
  };
  const ids = nodes.map((node) => node.id);
  return [...ids].sort((a, b) => depth(a, new Set()) - depth(b, new Set()) || ids.indexOf(a) - ids.indexOf(b));
}

export type Direction = 'RIGHT' | 'DOWN';

export async function layOut(graph: ElkNode, direction: Direction): Promise<ElkNode> {
  if (direction === 'RIGHT') return (await engine()).layout({ ...graph, layoutOptions: { ...OPTIONS, 'elk.direction': direction } });
  // Top to bottom, one table a layer (so a column as wide as the widest table), instead of
  // layers of several tables side by side that a phone cannot hold.
  const rank = new Map(stacked(graph).map((id, i) => [id, String(i)]));
  const children = graph.children?.map((child) => ({ ...child, layoutOptions: { ...child.layoutOptions, 'elk.partitioning.partition': rank.get(child.id)! } }));
  return (await engine()).layout({ ...graph, children, layoutOptions: { ...OPTIONS, 'elk.direction': direction, 'elk.partitioning.activate': 'true', 'elk.layered.nodePlacement.strategy': 'SIMPLE' } });
}
