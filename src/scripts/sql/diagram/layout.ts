/**
 * Lays the diagram's graph out with ELK's layered algorithm (elkjs). The bundled build
 * (~1.6 MB) is imported on first use, so only pages that draw a diagram ever fetch it; it
 * runs on the page's thread, which for a schema of tens of tables takes milliseconds.
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
  'elk.direction': 'RIGHT',
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

export async function layOut(graph: ElkNode): Promise<ElkNode> {
  return (await engine()).layout({ ...graph, layoutOptions: OPTIONS });
}
