/**
 * The views of relationships and changes on a page, loaded only by pages that place one, with
 * the first run or the prewarm of PostgreSQL (their placeholders come first: view-slots.ts):
 * the ```sql-schema diagrams and ```sql-table views in the note, and under a block what its
 * `show=` asks for: its statements' change trees (`changes`; also under every block of a
 * database a diagram draws), a diagram (`schema`), the tables it touched (`tables`). All of
 * a database's views are redrawn after each run in it, from what the run brought back: its
 * changes and schema (the worker records them only for databases with views) and, for
 * table views, the rows of hidden queries.
 */
import type { SqlStrings } from '../../../components/i18n.ts';
import type { SchemaModel } from '../../../core/schema/introspect.ts';
import type { BlockRun } from '../../../core/sql/results.ts';
import type { SqlBlockView } from '../block-view.ts';
import { SchemaDiagram } from '../diagram/diagram.ts';
import { blockingForeignKey, highlightOf, type Highlight } from '../diagram/highlight.ts';
import { fill } from '../strings.ts';
import { blockedView, changeView } from './change-view.ts';
import { keyColumns, tableChanges, touchedTables } from './row-changes.ts';
import { tableRowsOf, type TableRows } from './table-rows.ts';
import { TableView } from './table-view.ts';
import type { PlacedViews, Slot } from './view-slots.ts';

export interface ViewHost {
  /** A table's rows, by a hidden query in the page's queue. */
  tableRows(db: string, table: string, key: string[]): Promise<BlockRun>;
}

export class PageViews {
  private readonly t: SqlStrings;
  private readonly host: ViewHost;
  /** Each database's schema after its last run that could read it. */
  private readonly schemas = new Map<string, SchemaModel>();
  private readonly diagrams: { slot: Slot; diagram: SchemaDiagram }[] = [];
  private readonly tables: { slot: Slot; table: string; view: TableView }[] = [];
  private readonly blockDiagrams = new Map<SqlBlockView, SchemaDiagram>();
  /** Databases some diagram draws: every statement run in them shows its changes. */
  private readonly drawn = new Set<string>();

  /** `placed`: the note's views, their placeholders already in the page (view-slots.ts). */
  constructor(blocks: readonly SqlBlockView[], t: SqlStrings, host: ViewHost, placed: PlacedViews) {
    this.t = t;
    this.host = host;
    for (const { slot, tables } of placed.diagrams) {
      this.diagrams.push({ slot, diagram: new SchemaDiagram(t, slot.db, tables) });
      this.drawn.add(slot.db);
    }
    for (const { slot, table } of placed.tables) this.tables.push({ slot, table, view: new TableView(t, table) });
    for (const block of blocks) if (block.show.includes('schema')) this.drawn.add(block.db);
  }

  /**
   * After a run in `db`: a block's, or a hidden one that only read the schema. With `pageWide`
   * false, the block's own views only, not the note's diagrams and tables.
   */
  async afterRun(db: string, run: BlockRun, block?: SqlBlockView, pageWide = true): Promise<void> {
    if (run.schema) this.schemas.set(db, run.schema);
    const schema = this.schemas.get(db);
    const highlight = highlightOf(run, schema);
    // One query per table and run, however many views show it.
    const rows = new Map<string, Promise<TableRows | string>>();
    if (block) await this.blockViews(block, run, schema, highlight, rows);
    if (!pageWide) return;
    for (const { slot, table, view } of this.tables) {
      if (slot.db !== db) continue;
      slot.show(view.element);
      await this.fillTable(view, db, table, run, schema, rows);
    }
    for (const { slot, diagram } of this.diagrams) {
      if (slot.db !== db || !schema) continue;
      slot.show(diagram.element);
      await diagram.update(schema, highlight);
    }
  }

  reset(): void {
    this.schemas.clear();
    this.blockDiagrams.clear();
    for (const { slot } of [...this.diagrams, ...this.tables]) slot.reset();
  }

  private async blockViews(block: SqlBlockView, run: BlockRun, schema: SchemaModel | undefined, highlight: Highlight, rows: Map<string, Promise<TableRows | string>>) {
    const t = this.t;
    if (block.show.includes('changes') || this.drawn.has(block.db)) {
      run.statements.forEach((statement, i) => {
        const part = block.statementPart(i);
        if (statement.changes && statement.changes.length > 0) part?.append(changeView(statement.changes, schema, t));
        const blocker = blockingForeignKey(statement.error, schema);
        if (blocker && schema) part?.append(blockedView(blocker, schema, t));
      });
    }
    let diagram: SchemaDiagram | undefined;
    if (block.show.includes('schema')) {
      diagram = this.blockDiagrams.get(block) ?? new SchemaDiagram(t, block.db, []);
      this.blockDiagrams.set(block, diagram);
    }
    const tables = block.show.includes('tables') ? touchedTables(run).map((table) => ({ table, view: new TableView(t, table) })) : [];
    // In the page before drawing: the diagram measures text in the page's font.
    block.showViews([...(diagram ? [diagram.element] : []), ...tables.map((v) => v.view.element)]);
    for (const { table, view } of tables) await this.fillTable(view, block.db, table, run, schema, rows);
    if (diagram && schema) await diagram.update(schema, highlight);
  }

  private async fillTable(view: TableView, db: string, table: string, run: BlockRun, schema: SchemaModel | undefined, rows: Map<string, Promise<TableRows | string>>) {
    const t = this.t;
    // A query in a failed transaction would only fail too.
    if (run.transaction === 'failed') return view.showNote(t.tableFailedTransaction, true);
    const model = schema?.tables.find((x) => x.name === table);
    if (!model) return view.showNote(fill(t.tableMissing, { table }), false);
    let shown = rows.get(table);
    if (!shown) {
      shown = this.host.tableRows(db, table, model.primaryKey?.columns ?? []).then((result) => tableRowsOf(result) ?? result.error?.message ?? '');
      rows.set(table, shown);
    }
    const result = await shown;
    if (typeof result === 'string') return view.showNote(fill(t.tableNotRefreshed, { error: result }), true);
    const key = keyColumns(model);
    view.showRows(result, tableChanges(run, table, key), key);
  }
}
