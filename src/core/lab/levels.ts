/**
 * Isolation level names as authors, readers and the CLI write them, and as verdicts print
 * them. Browser-safe.
 */
import type { IsolationLevel } from './scenario.ts';

export const LEVELS: readonly IsolationLevel[] = ['read committed', 'repeatable read', 'serializable'];

/**
 * `Read Committed`, `read_committed`, `REPEATABLE  READ`… → the level. READ UNCOMMITTED is
 * accepted and is READ COMMITTED: PostgreSQL runs it exactly so (it never shows dirty data).
 */
export function parseLevel(text: string): { level: IsolationLevel; uncommitted: boolean } | undefined {
  const name = text.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
  if (name === 'read uncommitted') return { level: 'read committed', uncommitted: true };
  const level = LEVELS.find((l) => l === name);
  return level && { level, uncommitted: false };
}

/** READ COMMITTED, as verdicts and transcripts print a level. */
export function levelTitle(level: IsolationLevel): string {
  return level.toUpperCase();
}
