/**
 * `npm run check` gives every SQL block a time limit (sql-checker.ts): an endless block is
 * reported at its line as `sql-timeout` and the note's later blocks and the other notes are
 * still checked; a timer PGlite cannot run (statement_timeout) is reported at its statement; and a block that writes files writes them only inside PGlite's in-memory
 * file system, never on the machine's.
 */
import { runProjectCli } from '../support/run-command.ts';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/core/diagnostics.ts';
import { buildSite } from '../../src/node/site/build-site.ts';
import { checkSiteSql } from '../../src/node/sql/check-site.ts';
import { pgliteDataDir } from '../../src/node/sql/datadir.ts';
import { tempVault } from './helpers.ts';

const markers = mkdtempSync(path.join(os.tmpdir(), 'vault-kb-markers-'));
const fence = (sql: string, info = 'sql') => `\`\`\`${info}\n${sql}\n\`\`\`\n`;
const endless = [
  'WITH RECURSIVE r AS (SELECT 1 UNION ALL SELECT 1 FROM r) SELECT count(*) FROM r;',
  'SELECT pg_sleep(1e6);',
  "DO $$ BEGIN LOOP PERFORM 1; END LOOP; END $$;",
];
// Lines: 1 title, 2 blank, 3 fence of the table, 6 blank; then each endless block takes 4 lines.
const runaway = [
  '# Runaway', '', fence('CREATE TABLE t (x int);'),
  ...endless.map((sql) => fence(sql)),
  // Runs only if the blocks after a stopped one still run, on the table the first block made.
  fence('INSERT INTO t VALUES (1);', 'sql expect-error=23505'),
].join('\n');
const writer = [
  '# Writer', '',
  fence(`COPY (SELECT 'MARKER-COPY') TO '${markers}/copy.txt';`),
  fence(`SELECT lo_export(lo_from_bytea(0, 'MARKER-LO'::bytea), '${markers}/lo.txt');`),
  fence(`COPY (SELECT 'MARKER-COPY-2') TO '/tmp/${path.basename(markers)}-copy.txt';`),
].join('\n');
// A timer PGlite cannot run is refused at its statement, and the blocks after it still run.
const timers = ['# Timers', '', fence("SELECT 1;\n  SET LOCAL statement_timeout = '1min';"), fence("SELECT 2;", 'sql')].join('\n');
const vault = tempVault({ 'Runaway.md': runaway, 'Writer.md': writer, 'Broken.md': fence('SELECT * FROM missing_table;'), 'Timers.md': timers });
afterAll(() => {
  vault.remove();
  rmSync(markers, { recursive: true, force: true });
});

describe('a time limit per SQL block', () => {
  it('reports each endless block at its line, then checks the later blocks and the other notes', async () => {
    const site = await buildSite({ vaultDir: vault.dir, base: '/', gitDates: false });
    // Well above what a finished block takes on a loaded machine (a fresh thread's first block
    // once took over 1 s while the tests ran beside four other jobs).
    const { diagnostics } = await checkSiteSql(site, await pgliteDataDir(), { timeoutSeconds: 3 });
    const lines = diagnostics.map(formatDiagnostic).sort();
    const timeouts = [7, 11, 15].map((line) => `Runaway.md:${line}:1: error: SQL block timed out after 3 s; it was stopped, and the note's other blocks were checked without it [sql-timeout]`);
    expect(lines).toEqual(expect.arrayContaining(timeouts));
    expect(lines).toContain('Runaway.md:19:1: error: expected this block to fail with 23505, but it ran without an error [sql-expected-error]');
    expect(lines).toContainEqual(expect.stringMatching(/^Broken\.md:2:15: error: 42P01 relation "missing_table" does not exist \[sql-error\]$/));
    expect(lines.filter((l) => l.startsWith('Runaway.md'))).toHaveLength(4);
    expect(lines.filter((l) => l.startsWith('Timers.md'))).toEqual([
      'Timers.md:5:3: error: 0A000 statement_timeout cannot be set here: this in-browser PostgreSQL has no timer to interrupt a statement, so it would never fire [sql-error]',
    ]);
  }, 120_000);

  it('writes nothing on the machine: COPY … TO and lo_export stay in PGlite\'s memory', async () => {
    const site = await buildSite({ vaultDir: vault.dir, base: '/', gitDates: false });
    const { diagnostics } = await checkSiteSql({ ...site, notes: site.notes.filter((n) => n.path === 'Writer.md') }, await pgliteDataDir());
    expect(diagnostics.map((d) => d.file)).not.toContain('Runaway.md');
    expect(existsSync(path.join(markers, 'copy.txt'))).toBe(false);
    expect(existsSync(path.join(markers, 'lo.txt'))).toBe(false);
    expect(existsSync(`/tmp/${path.basename(markers)}-copy.txt`)).toBe(false);
  }, 60_000);
});

describe('npm run check --sql-timeout', () => {
  it('takes the limit from the command line, and VAULT_SQL_TIMEOUT', async () => {
    const run = (args: string[], env: Record<string, string> = {}) =>
      runProjectCli('check', ['--vault', vault.dir, ...args], { env: { VAULT_KB_THREADS: '1', ...env }, timeoutMs: 55_000 });
    const flag = await run(['--sql-timeout', '1']);
    expect(flag.status).toBe(1);
    expect(flag.stdout).toContain('Runaway.md:7:1: error: SQL block timed out after 1 s');
    const bad = await run([], { VAULT_SQL_TIMEOUT: 'soon' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('SQL time limit must be a positive number of seconds, got "soon"');
  }, 120_000);
});
