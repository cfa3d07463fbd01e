/**
 * The order a page's SQL blocks run in. Each database (`db=`) is a chain of its own: its
 * setup blocks first, then its other blocks in page order. Running a block first runs the
 * blocks before it in its chain that have not run yet.
 */
export interface ChainBlock {
  id: number;
  db: string;
  setup: boolean;
}

export function chainOf<T extends ChainBlock>(blocks: readonly T[], db: string): T[] {
  const own = blocks.filter((b) => b.db === db);
  return [...own.filter((b) => b.setup), ...own.filter((b) => !b.setup)];
}

/** Blocks to run, in order, so that `target` runs in the state the author meant. */
export function planRun<T extends ChainBlock>(blocks: readonly T[], ran: ReadonlySet<number>, target: number): T[] {
  const block = blocks.find((b) => b.id === target);
  if (!block) return [];
  const chain = chainOf(blocks, block.db);
  const before = chain.slice(0, chain.indexOf(block)).filter((b) => !ran.has(b.id));
  return [...before, block];
}

/** "Run all": every block of every database not run yet, chain by chain. */
export function planRunAll<T extends ChainBlock>(blocks: readonly T[], ran: ReadonlySet<number>): T[] {
  const dbs = [...new Set(blocks.map((b) => b.db))];
  return dbs.flatMap((db) => chainOf(blocks, db).filter((b) => !ran.has(b.id)));
}
