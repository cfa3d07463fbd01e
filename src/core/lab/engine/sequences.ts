/**
 * Sequences are not transactional: PostgreSQL hands out each value once, whatever becomes of
 * the transaction. The lab runs a statement on PGlite more than once when it has to wait
 * (once before the wait, again after it) and probes UPDATE and DELETE before running them;
 * PostgreSQL evaluates `nextval()` once. So a rerun replays the values of the statement's
 * first run, and a probe gives back what it took.
 */
import { machineryQuery } from '../../sql/machinery-query.ts';
import type { ProtocolDatabase } from '../../sql/session.ts';
import { quoteIdentifier } from '../../sql/quote.ts';

/** Each sequence's `last_value` and `is_called`, as `setval` takes them. */
export type SequenceState = Map<string, { value: string; called: boolean }>;

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

async function rows(db: ProtocolDatabase, sql: string): Promise<string[][]> {
  const { rows, error } = await machineryQuery(db, sql);
  if (error) throw new Error(`lab engine: ${String(error.message)} (in: ${sql.slice(0, 120)})`);
  return rows as string[][];
}

export class Sequences {
  private readonly db: ProtocolDatabase;
  /** Qualified, quoted names of the database's sequences (the setup made them; sessions cannot add any). */
  private readonly names: string[];
  /** The ones that count down. */
  private readonly descending: Set<string>;

  private constructor(db: ProtocolDatabase, found: string[][]) {
    this.db = db;
    this.names = found.map(([schema, name]) => `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`);
    this.descending = new Set(found.filter(([, , step]) => step.startsWith('-')).map(([schema, name]) => `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`));
  }

  static async load(db: ProtocolDatabase): Promise<Sequences> {
    return new Sequences(db, await rows(db, 'SELECT schemaname, sequencename, increment_by::text FROM pg_sequences ORDER BY 1, 2'));
  }

  /** The state now; undefined when there are no sequences (nothing to keep). */
  async save(): Promise<SequenceState | undefined> {
    if (this.names.length === 0) return undefined;
    const sql = this.names.map((n) => `SELECT ${literal(n)}, last_value::text, is_called FROM ${n}`).join(' UNION ALL ');
    return new Map((await rows(this.db, sql)).map(([name, value, called]) => [name, { value, called: called === 't' }]));
  }

  async restore(state: SequenceState | undefined): Promise<void> {
    if (!state || state.size === 0) return;
    const calls = [...state].map(([name, { value, called }]) => `setval(${literal(name)}, ${value}, ${called})`);
    await rows(this.db, `SELECT ${calls.join(', ')}`);
  }

  /** Per sequence, the further along of two states: what is handed out stays handed out. */
  furthest(a: SequenceState | undefined, b: SequenceState | undefined): SequenceState | undefined {
    if (!a || !b) return a ?? b;
    const position = (name: string, s: { value: string; called: boolean }) =>
      (this.descending.has(name) ? -1n : 1n) * BigInt(s.value) * 2n + (s.called ? 1n : 0n);
    return new Map(
      [...a].map(([name, state]) => {
        const other = b.get(name);
        return [name, other && position(name, other) > position(name, state) ? other : state];
      }),
    );
  }
}
