/**
 * A throwaway PostgreSQL cluster for the lab's oracle (Node only): initdb in a temporary
 * directory, a server on 127.0.0.1 and a free port, stopped and deleted afterwards. Tests
 * and `npm run lab -- … --engine postgres` use it when no server is given. The server runs
 * as the `postgres` user when we are root (initdb refuses root), otherwise as ourselves.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian's PostgreSQL 15 (`apt-get install postgresql`); LAB_PG_BINDIR points elsewhere. */
const DEFAULT_BIN_DIR = '/usr/lib/postgresql/15/bin';

export function postgresBinDir(): string {
  return process.env.LAB_PG_BINDIR ?? DEFAULT_BIN_DIR;
}

/** Whether the server binaries are there, so tests can skip with a message instead of failing. */
export function hasPostgres(binDir = postgresBinDir()): boolean {
  return existsSync(path.join(binDir, 'postgres'));
}

export interface Cluster {
  /** postgres://postgres@127.0.0.1:PORT/postgres — the superuser, trusted, no password. */
  url: string;
  port: number;
  dir: string;
  /** The server's version string, e.g. `PostgreSQL 15.18 (Debian 15.18-0+deb12u1)`. */
  version: string;
  stop(): Promise<void>;
}

/**
 * Settings for an oracle rather than a production server: nothing here changes how
 * transactions behave, only durability (off: the data is thrown away) and background noise
 * (autovacuum off, so no worker takes locks while a permutation runs).
 */
const SERVER_SETTINGS: Record<string, string> = {
  listen_addresses: '127.0.0.1',
  max_connections: '40',
  max_prepared_transactions: '10',
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  autovacuum: 'off',
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Runs a server binary as the postgres user when we are root. */
function asServerUser(binary: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [binary, args];
  return ['runuser', ['-u', 'postgres', '--', binary, ...args]];
}

export async function startCluster(binDir = postgresBinDir()): Promise<Cluster> {
  if (!hasPostgres(binDir)) {
    throw new Error(
      `PostgreSQL server binaries not found in ${binDir}: install them with \`apt-get install postgresql\` ` +
        '(or set LAB_PG_BINDIR to a directory holding initdb, pg_ctl and postgres)',
    );
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lab-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    await chown(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'server.log');
  const pgCtl = path.join(binDir, 'pg_ctl');
  let running = false;
  const stopNow = () => {
    if (!running) return;
    running = false;
    const [cmd, args] = asServerUser(pgCtl, ['stop', '-D', data, '-m', 'immediate', '-w']);
    try {
      execFileSync(cmd, args, { stdio: 'ignore' });
    } catch {
      // Already gone: nothing left to stop.
    }
  };
  // A test runner or CLI that exits without stopping us must not leave a server behind.
  const onExit = () => {
    stopNow();
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  try {
    const [initCmd, initArgs] = asServerUser(path.join(binDir, 'initdb'), [
      '-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions',
    ]);
    await run(initCmd, initArgs);
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const options = [`-p ${port}`, `-k ${dir}`, ...Object.entries(SERVER_SETTINGS).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
      const [ctlCmd, ctlArgs] = asServerUser(pgCtl, ['start', '-D', data, '-l', log, '-w', '-t', '60', '-o', options]);
      try {
        await run(ctlCmd, ctlArgs);
      } catch (error) {
        // Another process may have taken the port between freePort() and the server's bind.
        if (attempt < 3) continue;
        const serverLog = await readFile(log, 'utf8').catch(() => '');
        throw new Error(`pg_ctl start failed: ${(error as Error).message}\n${serverLog}`);
      }
      running = true;
      const [psqlCmd, psqlArgs] = asServerUser(path.join(binDir, 'psql'), [
        '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-XAtc', 'SELECT version()',
      ]);
      const version = (await run(psqlCmd, psqlArgs)).stdout.trim().replace(/ on .*$/, '');
      return {
        url: `postgres://postgres@127.0.0.1:${port}/postgres`,
        port,
        dir,
        version,
        async stop() {
          stopNow();
          process.removeListener('exit', onExit);
          await rm(dir, { recursive: true, force: true });
        },
      };
    }
  } catch (error) {
    stopNow();
    process.removeListener('exit', onExit);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
