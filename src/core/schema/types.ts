/**
 * The schema's data, shared by the SQL results, the change capture, the diagram and the
 * lab: a database's tables and foreign keys as introspect.ts reads them, and the changes
 * a statement made as capture.ts logs them and changes.ts arranges them. Types only, and
 * importing nothing, so any module can use them without an import cycle.
 */

export type ReferentialAction = 'NO ACTION' | 'RESTRICT' | 'CASCADE' | 'SET NULL' | 'SET DEFAULT';

export interface SchemaColumn {
  name: string;
  type: string;
  notNull: boolean;
  hasDefault: boolean;
  /** A generated column: computed, never written. */
  generated?: boolean;
}

export interface SchemaKey {
  name: string;
  columns: string[];
}

export interface SchemaTable {
  oid: number;
  /** `users` in the public schema, `sales.orders` elsewhere. */
  name: string;
  columns: SchemaColumn[];
  primaryKey?: SchemaKey;
  /** Unique constraints and unique indexes (full, on plain columns). */
  uniques: SchemaKey[];
  /** The table has triggers of the reader's own (they may change other tables). */
  hasTriggers: boolean;
}

export interface ForeignKey {
  name: string;
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
}

export interface SchemaModel {
  tables: SchemaTable[];
  foreignKeys: ForeignKey[];
}

export type RowOp = 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE';

export interface LoggedChange {
  table: string;
  /**
   * A referential action or a trigger changed it, not the statement itself. Known only on
   * the tables the capture watches ({@link watchedTables}): elsewhere the table tells.
   */
  nested?: boolean;
  op: RowOp;
  old?: Record<string, unknown>;
  new?: Record<string, unknown>;
}

type Row = Record<string, unknown>;

export type ChangeCause =
  | { kind: 'direct' }
  | { kind: 'referential'; constraint: string; action: string }
  | { kind: 'trigger'; table?: string };

export interface ChangeNode {
  table: string;
  op: RowOp;
  cause: ChangeCause;
  rows: { old?: Row; new?: Row }[];
  children: ChangeNode[];
}
