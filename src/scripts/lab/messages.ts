/** What the page and the lab's worker (worker.ts) say to each other. Types only. */
import type { LabRunProgress, LabRunRequest } from '../../core/lab/replayer.ts';
import type { Failed, LoadEvent } from '../db/messages.ts';
import type { Assets } from '../sql/messages.ts';

export type ToLabWorker =
  /** `assets`: PostgreSQL's files, when a worker of the page has them already (src/scripts/sql/page-assets.ts). */
  | { type: 'init'; dataDirUrl: string; assets?: Assets }
  /** Start PostgreSQL ahead of the first step. */
  | { type: 'boot'; id: number }
  | { type: 'advance'; id: number; request: LabRunRequest };

/** Loading news as the SQL worker words it, then the answers to requests. */
export type FromLabWorker =
  | LoadEvent
  | { type: 'assets'; assets: Assets }
  | { type: 'booted'; id: number }
  /** Request `id` starts its setup or a step: the page times each (client.ts). */
  | { type: 'stepping'; id: number }
  | { type: 'advanced'; id: number; progress: LabRunProgress; elapsedMs: number }
  | Failed;
