/**
 * The PGlite lab engine in Node (for `npm run lab` and the tests): runs on PGlite databases
 * booted from the prebuilt data directory, reset between runs.
 */
import { pgliteDataDir } from '../sql/datadir.ts';
import { DatabasePool } from '../sql/node-database.ts';
import { PgliteEngine } from '../../core/lab/pglite-engine.ts';

export async function createPgliteEngine(): Promise<PgliteEngine & { close(): Promise<void> }> {
  const pool = new DatabasePool(await pgliteDataDir());
  return Object.assign(new PgliteEngine(() => pool.open(false)), { close: () => pool.close() });
}
