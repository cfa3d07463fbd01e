/**
 * What kind of statement a lab step sends, and whether the lab can run it faithfully. The
 * engine models transactions (BEGIN, SET TRANSACTION, COMMIT, ROLLBACK), reads (SELECT,
 * with FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE, NOWAIT, SKIP LOCKED on one table),
 * and single-table INSERT, UPDATE and DELETE. Anything else is refused with a message naming
 * it: a silently wrong result would teach a wrong fact.
 */
import type { IsolationLevel } from '../scenario.ts';

export type RowLockMode = 'key share' | 'share' | 'no key update' | 'update';

export type Classified =
  | { kind: 'begin'; level?: IsolationLevel; uncommitted?: boolean; readOnly?: boolean }
  | { kind: 'set-transaction'; level?: IsolationLevel; uncommitted?: boolean; readOnly?: boolean }
  | { kind: 'set-session'; name: string; value: string }
  | { kind: 'show' }
  | { kind: 'commit'; chain?: boolean }
  | { kind: 'rollback'; chain?: boolean }
  | { kind: 'select'; lock?: { mode: RowLockMode; wait: 'wait' | 'nowait' | 'skip locked'; table?: string } }
  | { kind: 'insert'; table: string }
  | { kind: 'update'; table: string }
  | { kind: 'delete'; table: string }
  | { kind: 'refused'; reason: string };

const LEVELS: Record<string, IsolationLevel> = {
  'read uncommitted': 'read committed',
  'read committed': 'read committed',
  'repeatable read': 'repeatable read',
  serializable: 'serializable',
};

/** Session settings a step may change: they only steer the planner or name the default level. */
const SETTINGS = new Set(['default_transaction_isolation', 'enable_seqscan', 'enable_indexscan', 'enable_bitmapscan', 'enable_indexonlyscan', 'deadlock_timeout', 'search_path', 'datestyle', 'client_min_messages']);

/** Functions and columns whose results depend on the single backend the lab really runs on. */
const BACKEND_BOUND = /\b(currval|lastval|pg_advisory\w*|pg_try_advisory\w*|txid_\w+|pg_current_xact_id\w*|pg_current_snapshot|pg_snapshot_\w+|pg_export_snapshot|pg_backend_pid|pg_sleep\w*|pg_locks|pg_stat_activity|pg_blocking_pids)\b|\b(xmin|xmax|cmin|cmax|ctid)\b/i;

function words(sql: string): string[] {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''")
    .toLowerCase()
    .split(/[\s;(),]+/)
    .filter(Boolean);
}

function levelIn(text: string): IsolationLevel | undefined {
  const match = /isolation\s+level\s+(read\s+uncommitted|read\s+committed|repeatable\s+read|serializable)/i.exec(text);
  return match ? LEVELS[match[1].toLowerCase().replace(/\s+/g, ' ')] : undefined;
}

/** The level a BEGIN or SET TRANSACTION names, and whether it was READ UNCOMMITTED (run as READ COMMITTED, shown as named). */
function characteristics(text: string): { level?: IsolationLevel; uncommitted?: boolean; readOnly?: boolean } {
  const level = levelIn(text);
  return { ...(level && { level }), ...(/isolation\s+level\s+read\s+uncommitted/i.test(text) && { uncommitted: true }), readOnly: accessMode(text) };
}

/** `COMMIT AND CHAIN` starts a new transaction like the one it ends. */
const chained = (text: string) => /\band\s+chain\b/i.test(text);

function accessMode(text: string): boolean | undefined {
  if (/\bread\s+only\b/i.test(text)) return true;
  if (/\bread\s+write\b/i.test(text)) return false;
  return undefined;
}

const refuse = (reason: string): Classified => ({ kind: 'refused', reason });

/** A table name as the catalog spells it: unquoted parts fold to lower case, quoted ones are kept. */
function quotedName(text: string): string {
  const parts = text.match(/"(?:[^"]|"")*"|[^.]+/g) ?? [];
  const folded = parts.map((p) => (p.startsWith('"') ? p.slice(1, -1).replace(/""/g, '"') : p.toLowerCase()));
  return (folded[0] === 'public' && folded.length > 1 ? folded.slice(1) : folded).join('.');
}

/** The table after `keyword`, for the single-table DML the lab models. */
function tableAfter(sql: string, keyword: RegExp): string | undefined {
  const match = new RegExp(`${keyword.source}\\s+(?:only\\s+)?((?:"[^"]+"|[\\w$]+)(?:\\.(?:"[^"]+"|[\\w$]+))?)`, 'i').exec(sql);
  return match ? quotedName(match[1]) : undefined;
}

export function classify(sql: string): Classified {
  const w = words(sql);
  const [first, second] = w;
  const text = sql.replace(/--[^\n]*/g, ' ').replace(/\s+/g, ' ').trim();
  if (BACKEND_BOUND.test(text.replace(/'(?:[^']|'')*'/g, "''"))) {
    const what = BACKEND_BOUND.exec(text)![0];
    return refuse(`\`${what}\` depends on PostgreSQL's backends and transaction ids, which the lab emulates on one backend; it cannot show a faithful value`);
  }
  if (first === 'begin' || (first === 'start' && second === 'transaction')) {
    return { kind: 'begin', ...characteristics(text) };
  }
  if (first === 'set' && (second === 'transaction' || (second === 'session' && w[2] === 'characteristics'))) {
    if (second === 'session') return refuse('SET SESSION CHARACTERISTICS is not modelled; use SET default_transaction_isolation');
    return { kind: 'set-transaction', ...characteristics(text) };
  }
  if (first === 'set' || first === 'reset') {
    const name = (second === 'session' || second === 'local' ? w[2] : second) ?? '';
    if (second === 'local') return refuse('SET LOCAL is not modelled');
    if (!SETTINGS.has(name)) return refuse(`the setting \`${name}\` is not modelled (the lab models ${[...SETTINGS].join(', ')})`);
    const value = /(?:=|\bto\b)\s*(.+)$/i.exec(text)?.[1]?.replace(/;$/, '').trim() ?? 'DEFAULT';
    return { kind: 'set-session', name, value: first === 'reset' ? 'DEFAULT' : value };
  }
  if (first === 'show') return { kind: 'show' };
  if (first === 'commit' || first === 'end') return /\bprepared\b/i.test(text) ? refuse('two-phase commit is not modelled') : { kind: 'commit', chain: chained(text) };
  if (first === 'rollback' || first === 'abort') {
    if (/\bto\b/i.test(text) || /\bprepared\b/i.test(text)) return refuse('savepoints and two-phase commit are not modelled');
    return { kind: 'rollback', chain: chained(text) };
  }
  if (first === 'select' || first === 'with' || first === 'table' || first === 'values') {
    if (first === 'with' && w.some((x) => x === 'insert' || x === 'update' || x === 'delete')) return refuse('data-modifying WITH queries are not modelled');
    // The locking clause ends the query, or comes just before its LIMIT / OFFSET (both orders are SQL).
    const lock = /\bfor\s+(update|no\s+key\s+update|share|key\s+share)\b(\s+of\s+[\w".,\s]+?)?(\s+nowait|\s+skip\s+locked)?(\s+(?:limit|offset)\s+\S+)*\s*;?\s*$/i.exec(text);
    if (!lock) {
      if (/\bfor\s+(update|share|no\s+key|key\s+share)\b/i.test(text)) return refuse('a locking clause inside a subquery or a CTE, or several of them, is not modelled');
      return { kind: 'select' };
    }
    const fromTables = /\bfrom\s+([\s\S]+?)(?:\bwhere\b|\bgroup\b|\border\b|\blimit\b|\bfor\b|$)/i.exec(text)?.[1] ?? '';
    if (/,|\bjoin\b/i.test(fromTables)) return refuse('FOR UPDATE / FOR SHARE over several tables is not modelled');
    const table = quotedName(fromTables.trim().split(/\s+/)[0] ?? '');
    const mode = lock[1].toLowerCase().replace(/\s+/g, ' ') as RowLockMode;
    const wait = lock[3] ? (lock[3].trim().toLowerCase().startsWith('nowait') ? 'nowait' : 'skip locked') : 'wait';
    return { kind: 'select', lock: { mode, wait, table } };
  }
  if (first === 'insert') {
    if (/\bon\s+conflict\b/i.test(text)) return refuse('INSERT … ON CONFLICT is not modelled');
    const table = tableAfter(text, /insert\s+into/);
    return table ? { kind: 'insert', table } : refuse('this INSERT is not understood');
  }
  if (first === 'update') {
    const table = tableAfter(text, /update/);
    if (!table) return refuse('this UPDATE is not understood');
    if (/\bset\b[\s\S]*\bfrom\b/i.test(text.replace(/\([^()]*\)/g, ''))) return refuse('UPDATE … FROM (several tables) is not modelled');
    return { kind: 'update', table };
  }
  if (first === 'delete') {
    const table = tableAfter(text, /delete\s+from/);
    if (!table) return refuse('this DELETE is not understood');
    if (/\busing\b/i.test(text)) return refuse('DELETE … USING (several tables) is not modelled');
    return { kind: 'delete', table };
  }
  if (first === 'savepoint' || first === 'release') return refuse('savepoints are not modelled');
  if (first === 'prepare' && second === 'transaction') return refuse('two-phase commit is not modelled');
  if (first === 'lock') return refuse('LOCK TABLE is not modelled: the lab models row locks only');
  return refuse(`\`${first?.toUpperCase() ?? ''}\` inside concurrent sessions is not modelled (the lab models transactions, SELECT, INSERT, UPDATE and DELETE); put it in the setup`);
}
