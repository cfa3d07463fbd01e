/**
 * Draws a laid-out schema as SVG: tables as boxes listing their columns, foreign keys as
 * lines between the columns they join with crow's-foot ends (how many rows on each side),
 * their ON DELETE / ON UPDATE actions (and the columns of parallel keys) as labels, and the last run's highlights as classes
 * the stylesheet colours in either theme. Names come from the database: they are set as
 * text, never parsed.
 */
import type { ElkEdgeSection, ElkExtendedEdge, ElkNode, ElkPoint } from 'elkjs/lib/elk-api.js';
import type { SchemaWords } from '../../../core/schema/changes.ts';
import { describeRelationship } from '../../../core/schema/relationships.ts';
import { SIZES, type DiagramGraph, type EdgeInfo, type TableBox } from './schema-graph.ts';
import type { Highlight } from './highlight.ts';

const NS = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, String(value));
  if (text !== undefined) el.textContent = text;
  return el;
}

const classes = (...names: (string | false | undefined)[]) => names.filter(Boolean).join(' ');

/** Crow's-foot notation: how many rows can be at this end of a relationship. */
export type EndKind = 'one' | 'zero-or-one' | 'zero-or-many';

const SPREAD = 6;
const round = (n: number) => Math.round(n * 10) / 10;

/**
 * The marks at an end `at` of a line that goes on toward `toward`: bars for one, a circle
 * for zero, a crow's foot (three prongs spreading at the table) for many.
 */
export function endMarks(at: ElkPoint, toward: ElkPoint, kind: EndKind): SVGElement[] {
  const length = Math.hypot(toward.x - at.x, toward.y - at.y) || 1;
  const u = { x: (toward.x - at.x) / length, y: (toward.y - at.y) / length };
  const n = { x: -u.y, y: u.x };
  const along = (d: number, side = 0) => `${round(at.x + u.x * d + n.x * side)} ${round(at.y + u.y * d + n.y * side)}`;
  const bar = (d: number) => `M${along(d, SPREAD)}L${along(d, -SPREAD)}`;
  const circle = (d: number) => svg('circle', { class: 'schema-end-zero', cx: round(at.x + u.x * d), cy: round(at.y + u.y * d), r: 3.5 });
  switch (kind) {
    case 'one':
      return [svg('path', { class: 'schema-end', d: `${bar(5)}${bar(10)}` })];
    case 'zero-or-one':
      return [svg('path', { class: 'schema-end', d: bar(6) }), circle(14)];
    case 'zero-or-many':
      return [svg('path', { class: 'schema-end', d: `M${along(0, SPREAD)}L${along(12)}M${along(0)}L${along(12)}M${along(0, -SPREAD)}L${along(12)}` }), circle(16.5)];
  }
}

function pointsOf(section: ElkEdgeSection): ElkPoint[] {
  return [section.startPoint, ...(section.bendPoints ?? []), section.endPoint];
}

function edgeGroup(edge: ElkExtendedEdge, info: EdgeInfo, highlight: Highlight, t: SchemaWords): SVGGElement | undefined {
  const section = edge.sections?.[0];
  if (!section) return undefined;
  const { relationship, key } = info;
  const fk = relationship.foreignKey;
  const g = svg('g', {
    class: classes('schema-edge', relationship.kind, highlight.fired.has(key) && 'is-fired', highlight.blocker === key && 'is-blocker'),
    'data-constraint': fk.name,
    'data-table': fk.table,
    'data-ref-table': fk.refTable,
    'data-kind': relationship.kind,
  });
  g.append(svg('title', {}, `${fk.name}: ${describeRelationship(relationship, t)}`));
  const points = pointsOf(section);
  g.append(svg('path', { class: 'schema-edge-line', d: points.map((p, i) => `${i === 0 ? 'M' : 'L'}${round(p.x)} ${round(p.y)}`).join('') }));
  // The start is at the referenced table: one row there, or none when the key may be NULL.
  g.append(...endMarks(points[0], points[1], relationship.optional ? 'zero-or-one' : 'one'));
  g.append(...endMarks(points[points.length - 1], points[points.length - 2], relationship.kind === 'one-to-one' ? 'zero-or-one' : 'zero-or-many'));
  const label = edge.labels?.[0];
  if (label && label.x !== undefined && label.y !== undefined) {
    g.append(svg('rect', { class: 'schema-edge-label-bg', x: round(label.x), y: round(label.y), width: label.width ?? 0, height: label.height ?? 0, rx: 3 }));
    const text = svg('text', { class: 'schema-edge-label', x: round(label.x + 2), y: round(label.y) });
    for (const line of info.label) text.append(svg('tspan', { x: round(label.x + 2), dy: SIZES.labelLine }, line));
    g.append(text);
  }
  return g;
}

function tableGroup(node: ElkNode, box: TableBox, highlight: Highlight): SVGGElement {
  const blocked = highlight.blockedKey?.table === box.name ? highlight.blockedKey.columns : [];
  const g = svg('g', {
    class: classes('schema-table', highlight.tables.has(box.name) && 'is-touched', box.association && 'is-association', blocked.length > 0 && 'is-blocked'),
    'data-table': box.name,
    transform: `translate(${round(node.x ?? 0)} ${round(node.y ?? 0)})`,
  });
  const top = SIZES.header + (box.association ? SIZES.subtitle : 0);
  g.append(
    svg('rect', { class: 'schema-table-box', width: box.width, height: box.height, rx: 5 }),
    svg('path', { class: 'schema-table-rule', d: `M0 ${top}H${box.width}` }),
    svg('text', { class: 'schema-table-name', x: SIZES.padX, y: SIZES.header / 2 + 4 }, box.name),
  );
  if (box.association) g.append(svg('text', { class: 'schema-association', x: SIZES.padX, y: SIZES.header + SIZES.subtitle / 2 + 2 }, box.association));
  for (const row of box.rows) {
    const line = svg('g', { class: classes('schema-column', blocked.includes(row.name) && 'is-blocker'), 'data-column': row.name });
    if (blocked.includes(row.name)) line.append(svg('rect', { class: 'schema-column-mark', x: 1, y: row.y - SIZES.row / 2, width: box.width - 2, height: SIZES.row }));
    const baseline = row.y + 4;
    if (row.marks) line.append(svg('text', { class: 'schema-marks', x: box.x.marks, y: baseline }, row.marks));
    line.append(svg('text', { class: 'schema-column-name', x: box.x.name, y: baseline }, row.name));
    line.append(svg('text', { class: 'schema-column-type', x: box.x.type, y: baseline }, row.type));
    g.append(line);
  }
  return g;
}

/** `t`: the words of the lines' titles, in the page's language. */
export function drawDiagram(graph: DiagramGraph, layout: ElkNode, highlight: Highlight, t: SchemaWords): SVGSVGElement {
  const width = Math.ceil(layout.width ?? 0);
  const height = Math.ceil(layout.height ?? 0);
  const root = svg('svg', { class: 'schema-svg', width, height, viewBox: `0 0 ${width} ${height}` });
  const edges = svg('g', { class: 'schema-edges' });
  for (const edge of layout.edges ?? []) {
    const info = graph.edges.get(edge.id);
    const g = info && edgeGroup(edge, info, highlight, t);
    if (g) edges.append(g);
  }
  const tables = svg('g', { class: 'schema-tables' });
  for (const node of layout.children ?? []) {
    const box = graph.tables.get(node.id);
    if (box) tables.append(tableGroup(node, box, highlight));
  }
  // Lines over the boxes they end at (ELK routes them around the others); lit-up and
  // blocking ones over the rest.
  root.append(tables, edges);
  for (const lit of edges.querySelectorAll('.is-fired, .is-blocker')) edges.append(lit);
  return root;
}
