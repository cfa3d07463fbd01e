/**
 * Names of PostgreSQL's built-in types by OID, as `format_type` prints them, for result
 * headers. These OIDs are fixed in PostgreSQL's catalog; types a reader creates are looked
 * up from the database when it is safe to (see session.ts).
 */
const BUILT_IN: Record<number, string> = {
  16: 'boolean', 17: 'bytea', 18: '"char"', 19: 'name', 20: 'bigint', 21: 'smallint', 23: 'integer',
  24: 'regproc', 25: 'text', 26: 'oid', 27: 'tid', 28: 'xid', 29: 'cid', 114: 'json', 142: 'xml',
  650: 'cidr', 700: 'real', 701: 'double precision', 774: 'macaddr8', 790: 'money', 829: 'macaddr',
  869: 'inet', 1000: 'boolean[]', 1001: 'bytea[]', 1005: 'smallint[]', 1007: 'integer[]', 1009: 'text[]',
  1014: 'character[]', 1015: 'character varying[]', 1016: 'bigint[]', 1021: 'real[]', 1022: 'double precision[]',
  1028: 'oid[]', 1033: 'aclitem', 1042: 'character', 1043: 'character varying', 1082: 'date',
  1083: 'time without time zone', 1114: 'timestamp without time zone', 1115: 'timestamp without time zone[]',
  1182: 'date[]', 1184: 'timestamp with time zone', 1185: 'timestamp with time zone[]', 1186: 'interval',
  1231: 'numeric[]', 1266: 'time with time zone', 1560: 'bit', 1562: 'bit varying', 1700: 'numeric',
  2202: 'regprocedure', 2205: 'regclass', 2206: 'regtype', 2249: 'record', 2275: 'cstring', 2278: 'void',
  2950: 'uuid', 2951: 'uuid[]', 3220: 'pg_lsn', 3614: 'tsvector', 3615: 'tsquery', 3734: 'regconfig',
  3802: 'jsonb', 3807: 'jsonb[]', 3904: 'int4range', 3906: 'numrange', 3908: 'tsrange', 3910: 'tstzrange',
  3912: 'daterange', 3926: 'int8range', 4072: 'jsonpath', 5038: 'pg_snapshot', 5069: 'xid8',
};

export function builtInTypeName(oid: number): string | undefined {
  return BUILT_IN[oid];
}

/** A type name with its modifier, as `format_type(oid, typmod)` would print it, for the common cases. */
export function typeWithModifier(name: string, oid: number, modifier: number): string {
  if (modifier < 0) return name;
  if (oid === 1043 || oid === 1042) return `${name}(${modifier - 4})`;
  if (oid === 1700) {
    const precision = ((modifier - 4) >> 16) & 0xffff;
    const scale = (modifier - 4) & 0xffff;
    return `${name}(${precision},${scale})`;
  }
  return name;
}
