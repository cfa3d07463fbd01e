/**
 * PostgreSQL 15's own grammar, for the lab's statement analysis: libpg_query compiled to
 * WebAssembly (the libpg-query package, its PostgreSQL 15 line). Loaded once, asynchronously;
 * parsing is synchronous after that. The package's entry module starts fetching its .wasm
 * the moment it is imported, from beside the script, which a bundler does not keep; so its
 * emscripten module is loaded here, and a browser passes the URL its bundler gave the .wasm.
 * Browser-safe (Node finds the .wasm beside the module by itself).
 */
import createModule from 'libpg-query/wasm/libpg-query.js';

/** One statement of the parse tree: `{ NodeType: { …fields } }`, as libpg_query prints it in JSON. */
export type ParseNode = Record<string, unknown>;

export interface RawStatement {
  stmt: ParseNode;
  /** Offset of the statement in the text, and its length (to the end of the text when absent). */
  stmt_location?: number;
  stmt_len?: number;
}

export type ParseOutcome = { statements: RawStatement[] } | { error: string; position: number };

interface PgQueryModule {
  _malloc(size: number): number;
  _free(pointer: number): void;
  _wasm_parse_query_raw(query: number): number;
  _wasm_free_parse_result(result: number): void;
  lengthBytesUTF8(text: string): number;
  stringToUTF8(text: string, pointer: number, size: number): void;
  UTF8ToString(pointer: number): string;
  getValue(pointer: number, type: 'i32'): number;
}

let loading: Promise<PgQueryModule> | undefined;
let loaded: PgQueryModule | undefined;

/** Loads the grammar (once; later calls share the first). `wasmUrl`: where the .wasm is served, in a browser. */
export function loadSqlParser(wasmUrl?: string): Promise<void> {
  loading ??= (createModule as (options: object) => Promise<PgQueryModule>)(wasmUrl ? { locateFile: () => wasmUrl } : {}).then((module) => (loaded = module));
  loading.catch(() => (loading = undefined));
  return loading.then(() => undefined);
}

/**
 * The statements of `sql` as PostgreSQL 15 parses them, or its syntax error with the
 * 0-based offset it points at. Throws when loadSqlParser has not finished.
 */
export function parseSql(sql: string): ParseOutcome {
  const pg = loaded;
  if (!pg) throw new Error('lab engine: the SQL parser is not loaded (await loadSqlParser() first)');
  const size = pg.lengthBytesUTF8(sql) + 1;
  const query = pg._malloc(size);
  let result = 0;
  try {
    pg.stringToUTF8(sql, query, size);
    result = pg._wasm_parse_query_raw(query);
    // struct PgQueryParseResult { char *parse_tree; char *stderr_buffer; PgQueryError *error; }
    const tree = pg.getValue(result, 'i32');
    const error = pg.getValue(result + 8, 'i32');
    if (error) {
      // struct PgQueryError { char *message; char *funcname; char *filename; int lineno; int cursorpos; … }
      const message = pg.UTF8ToString(pg.getValue(error, 'i32'));
      return { error: message, position: Math.max(0, pg.getValue(error + 16, 'i32') - 1) };
    }
    const parsed = JSON.parse(pg.UTF8ToString(tree)) as { stmts?: RawStatement[] };
    return { statements: parsed.stmts ?? [] };
  } finally {
    pg._free(query);
    if (result) pg._wasm_free_parse_result(result);
  }
}
