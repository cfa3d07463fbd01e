/**
 * The schema as a graph for ELK to lay out: a node per table, sized to its rows (each
 * column's key marks, name and type), and an edge per foreign key, between the rows of
 * the columns it joins. Edges run from the referenced table to the referencing one, so that,
 * laid out left to right, the tables others refer to come first. Nodes are in the order the
 * diagram first saw their tables: with ELK's model order, a new table joins the picture
 * without reshuffling the others. Foreign keys that join the same two tables (posts.author_id
 * and posts.editor_id, both to users.id) leave the referenced table from ports a few pixels
 * apart and carry their columns as a label, so they are drawn as separate, named lines.
 */
import type { ElkExtendedEdge, ElkNode, ElkPort } from 'elkjs/lib/elk-api.js';
import type { ForeignKey, SchemaModel, SchemaTable } from '../../../core/schema/introspect.ts';
import { manyToManyOf, relationshipsOf, type Relationship } from '../../../core/schema/relationships.ts';
import { edgeKey } from './highlight.ts';

/** Width of a text in the diagram's font, in px. */
export type Measure = (text: string, bold?: boolean) => number;

/** In px, for the diagram's 12 px text. */
export const SIZES = { row: 18, header: 24, subtitle: 16, padX: 8, gap: 10, labelLine: 14 };

export interface ColumnRow {
  name: string;
  type: string;
  /** `PK FK UQ NN`; `UQ1`, `UQ2`: the columns of the first, second multi-column unique constraint. */
  marks: string;
  /** Centre of the row, from the top of the box. */
  y: number;
}

export interface TableBox {
  name: string;
  /** An association table's many-to-many: "users ↔ cities". */
  association?: string;
  rows: ColumnRow[];
  width: number;
  height: number;
  /** Where each text column starts in the box. */
  x: { marks: number; name: number; type: number };
}

export interface EdgeInfo {
  /** The foreign key's {@link edgeKey}. */
  key: string;
  relationship: Relationship;
  /** Its label's lines: its columns when another key joins the same tables, then its actions. */
  label: string[];
}

export interface DiagramGraph {
  elk: ElkNode;
  /** By ELK node id. */
  tables: Map<string, TableBox>;
  /** By ELK edge id. */
  edges: Map<string, EdgeInfo>;
}

/** Only the named tables (all when none are named), and the foreign keys between them. */
export function shownSchema(model: SchemaModel, names: readonly string[]): SchemaModel {
  if (names.length === 0) return model;
  const shown = new Set(names);
  return {
    tables: model.tables.filter((t) => shown.has(t.name)),
    foreignKeys: model.foreignKeys.filter((fk) => shown.has(fk.table) && shown.has(fk.refTable)),
  };
}

/** Everything the layout depends on: the same signature, the same picture. */
export function layoutSignature(model: SchemaModel): string {
  return JSON.stringify([model.tables.map((t) => [t.name, t.columns, t.primaryKey, t.uniques]), model.foreignKeys]);
}

function marksOf(table: SchemaTable, foreignKeys: ForeignKey[]): Map<string, string> {
  const composite = table.uniques.filter((u) => u.columns.length > 1);
  const marks = new Map<string, string>();
  for (const column of table.columns) {
    const primary = table.primaryKey?.columns.includes(column.name) ?? false;
    marks.set(
      column.name,
      [
        ...(primary ? ['PK'] : []),
        ...(foreignKeys.some((fk) => fk.columns.includes(column.name)) ? ['FK'] : []),
        ...(table.uniques.some((u) => u.columns.length === 1 && u.columns[0] === column.name) ? ['UQ'] : []),
        ...composite.flatMap((u, i) => (u.columns.includes(column.name) ? [`UQ${i + 1}`] : [])),
        // A primary key is NOT NULL anyway.
        ...(column.notNull && !primary ? ['NN'] : []),
      ].join(' '),
    );
  }
  return marks;
}

function tableBox(table: SchemaTable, model: SchemaModel, association: string | undefined, measure: Measure): TableBox {
  const marks = marksOf(table, model.foreignKeys.filter((fk) => fk.table === table.name));
  const widest = (texts: string[]) => Math.max(0, ...texts.map((text) => measure(text)));
  const marksWidth = widest([...marks.values()]);
  const nameWidth = widest(table.columns.map((c) => c.name));
  const typeWidth = widest(table.columns.map((c) => c.type));
  const { padX, gap, row, header, subtitle } = SIZES;
  const x = { marks: padX, name: padX + (marksWidth > 0 ? marksWidth + gap : 0), type: 0 };
  x.type = x.name + nameWidth + gap;
  const top = header + (association ? subtitle : 0);
  const width = Math.ceil(
    Math.max(x.type + typeWidth + padX, 2 * padX + measure(table.name, true), association ? 2 * padX + measure(association) : 0),
  );
  return {
    name: table.name,
    ...(association ? { association } : {}),
    rows: table.columns.map((c, i) => ({ name: c.name, type: c.type, marks: marks.get(c.name) ?? '', y: top + i * row + row / 2 })),
    width,
    height: top + Math.max(1, table.columns.length) * row + 4,
    x,
  };
}

/** `shift`: px up or down from the row's centre, to keep parallel keys apart. */
function portAt(id: string, box: TableBox, column: string | undefined, side: 'EAST' | 'WEST', shift = 0): ElkPort {
  const y = (box.rows.find((r) => r.name === column)?.y ?? SIZES.header / 2) + shift;
  return { id, x: side === 'EAST' ? box.width : 0, y, width: 0, height: 0, layoutOptions: { 'elk.port.side': side } };
}

export function actionsOf(fk: ForeignKey): string[] {
  return [...(fk.onDelete !== 'NO ACTION' ? [`ON DELETE ${fk.onDelete}`] : []), ...(fk.onUpdate !== 'NO ACTION' ? [`ON UPDATE ${fk.onUpdate}`] : [])];
}

/** `order`: table names in the order to keep; tables it does not name go last, as the model has them. */
export function diagramGraph(model: SchemaModel, order: readonly string[], measure: Measure): DiagramGraph {
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  const sorted = [...model.tables].sort((a, b) => rank(a.name) - rank(b.name));
  const associations = new Map<string, string[]>();
  for (const m of manyToManyOf(model)) associations.set(m.via, [...(associations.get(m.via) ?? []), `${m.left.refTable} ↔ ${m.right.refTable}`]);

  const tables = new Map<string, TableBox>();
  const nodes = new Map<string, ElkNode & { ports: ElkPort[] }>();
  sorted.forEach((table, i) => {
    const box = tableBox(table, model, associations.get(table.name)?.join(', '), measure);
    const id = `t${i}`;
    tables.set(id, box);
    nodes.set(table.name, { id, width: box.width, height: box.height, ports: [], layoutOptions: { 'elk.portConstraints': 'FIXED_POS' } });
  });
  const boxOf = (name: string) => tables.get(nodes.get(name)!.id)!;

  const edges = new Map<string, EdgeInfo>();
  const elkEdges: ElkExtendedEdge[] = [];
  const relationships = relationshipsOf(model).sort((a, b) => rank(a.foreignKey.table) - rank(b.foreignKey.table));
  const pairOf = (fk: ForeignKey) => JSON.stringify([fk.refTable, fk.table]);
  const parallel = new Map<string, ForeignKey[]>();
  for (const { foreignKey: fk } of relationships) parallel.set(pairOf(fk), [...(parallel.get(pairOf(fk)) ?? []), fk]);
  relationships.forEach((relationship, i) => {
    const fk = relationship.foreignKey;
    const [from, to] = [nodes.get(fk.refTable), nodes.get(fk.table)];
    if (!from || !to) return;
    const siblings = parallel.get(pairOf(fk))!;
    const shift = (siblings.indexOf(fk) - (siblings.length - 1) / 2) * Math.min(8, SIZES.row / siblings.length);
    from.ports.push(portAt(`p${i}r`, boxOf(fk.refTable), fk.refColumns[0], 'EAST', shift));
    to.ports.push(portAt(`p${i}f`, boxOf(fk.table), fk.columns[0], 'WEST'));
    const label = [...(siblings.length > 1 ? [fk.columns.join(', ')] : []), ...actionsOf(fk)];
    const id = `e${i}`;
    edges.set(id, { key: edgeKey(fk.table, fk.name), relationship, label });
    elkEdges.push({
      id,
      sources: [`p${i}r`],
      targets: [`p${i}f`],
      ...(label.length > 0
        ? { labels: [{ text: label.join('\n'), width: Math.ceil(Math.max(...label.map((a) => measure(a)))) + 4, height: label.length * SIZES.labelLine }] }
        : {}),
    });
  });
  return { elk: { id: 'schema', children: [...nodes.values()], edges: elkEdges }, tables, edges };
}
