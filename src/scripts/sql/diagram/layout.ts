/**
 * Lays the diagram's graph out with ELK's layered algorithm (elkjs), in a worker of its own
 * started on the first diagram, so only pages that draw one ever fetch its ~1.6 MB script
 * (src/core/site/elk-files.ts), and the page's thread stays free while it runs.
 * Left to right on a wide column; top to bottom (layers stacked) on a phone, where a row of
 * tables would be too small to read once fitted to the screen.
 */
import ELK from 'elkjs/lib/elk-api.js';
import type { ELK as ElkApi, ElkNode } from 'elkjs/lib/elk-api.js';
import { ELK_WORKER } from '../../../core/site/elk-files.ts';

interface Engine {
  elk: ElkApi;
  /** Rejects if the worker's script cannot be loaded: ELK's own promise would then never settle. */
  failed: Promise<never>;
}

let engine: Engine | undefined;

function start(): Engine {
  let fail: (error: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);
  const workerFactory = (url?: string) => {
    const worker = new Worker(url ?? '');
    worker.addEventListener('error', () => {
      // The next diagram tries again.
      engine = undefined;
      fail(new Error(`the diagram's layout engine could not be loaded from ${url}`));
    });
    return worker;
  };
  return { elk: new ELK({ workerUrl: `${import.meta.env.BASE_URL}${ELK_WORKER}`, workerFactory }), failed };
}

function layOutWith(graph: ElkNode): Promise<ElkNode> {
  engine ??= start();
  return Promise.race([engine.elk.layout(graph), engine.failed]);
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
  if (direction === 'RIGHT') return layOutWith({ ...graph, layoutOptions: { ...OPTIONS, 'elk.direction': direction } });
  // Top to bottom, one table a layer (so a column as wide as the widest table), instead of
  // layers of several tables side by side that a phone cannot hold.
  const rank = new Map(stacked(graph).map((id, i) => [id, String(i)]));
  const children = graph.children?.map((child) => ({ ...child, layoutOptions: { ...child.layoutOptions, 'elk.partitioning.partition': rank.get(child.id)! } }));
  return layOutWith({ ...graph, children, layoutOptions: { ...OPTIONS, 'elk.direction': direction, 'elk.partitioning.activate': 'true', 'elk.layered.nodePlacement.strategy': 'SIMPLE' } });
}
