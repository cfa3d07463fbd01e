/** What running a ```python block produced, as plain data (vault_kb.py builds it): in Node and in the browser alike. */
import type { Notice, SqlError } from '../sql/results.ts';

/** In order: what the code printed, and what SQLAlchemy sent with its outcome. */
export type PythonEvent =
  | { kind: 'stdout' | 'stderr'; text: string }
  | {
      kind: 'sql';
      statement: string;
      /** Python's repr of the parameters, as echo=True shows them. */
      parameters: string | null;
      executemany: boolean;
      /** PostgreSQL's command tag: `INSERT 0 1`, `SELECT 2`. */
      tag?: string | null;
      rowcount?: number;
      notices?: Notice[];
      error?: SqlError;
    }
  | { kind: 'tx'; statement: string };

export interface PythonFrame {
  /** The line in the note (1-based). */
  line: number;
  name: string;
  code: string | null;
}

export interface PythonError {
  /** The exception's class, and the classes it derives from (for expect-error=DBAPIError). */
  type: string;
  types: string[];
  message: string;
  /** The traceback trimmed to the note's code, lines mapped to the note. */
  frames: PythonFrame[];
  /** For a database error: what PostgreSQL said, and the statement that failed. */
  database: (SqlError & { statement: string }) | null;
}

export interface PythonRun {
  events: PythonEvent[];
  error: PythonError | null;
  elapsedMs: number;
}
