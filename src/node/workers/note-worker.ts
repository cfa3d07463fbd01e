/**
 * What a build hands to worker threads (see pool.ts): reading and analysing notes (phase
 * one) and rendering them (phase two). Runs as plain Node (native TypeScript); SQL checks
 * have threads of their own (sql-worker.ts), which a time limit can terminate.
 */
import { readFileSync } from 'node:fs';
import { LinkIndex } from '../../core/links/link-index.ts';
import { renderNote, type RenderContext, type RenderedNote } from '../../core/render/render-note.ts';
import { renderLabels } from '../../core/render/labels.ts';
import { readNotesHere, type ReadResult } from '../site/build-site.ts';
import type { Note, VaultItem } from '../../core/site/model.ts';
import { tagKey, tagUrl } from '../../core/site/tag-pages.ts';
import { noteText } from '../../core/vault/decode.ts';
import { noteBody } from '../../core/vault/frontmatter.ts';
import type { VaultFile } from '../vault/scan.ts';

export interface RenderModel {
  base: string;
  lang: string;
  strictLineBreaks: boolean;
  items: VaultItem[];
}

export type RenderOutcome = { path: string; rendered: RenderedNote } | { path: string; error: string };

export function readNotes(task: { files: VaultFile[]; gitDates: Map<string, Date>; cacheDir?: string }): Promise<ReadResult[]> {
  return readNotesHere(task.files, task.gitDates, task.cacheDir);
}

let loaded: { modelId: number; ctx: RenderContext } | undefined;

/**
 * The render context for the model in shared memory, decoded once per thread. Known by id:
 * each message hands the thread a new SharedArrayBuffer object over the same memory.
 */
function contextFor(model: SharedArrayBuffer, modelId: number): RenderContext {
  if (loaded?.modelId !== modelId) {
    // TextDecoder does not read shared memory directly: copy it out first.
    const { base, lang, strictLineBreaks, items } = JSON.parse(new TextDecoder().decode(new Uint8Array(model).slice())) as RenderModel;
    const ctx: RenderContext = {
      index: new LinkIndex(items),
      labels: renderLabels(lang),
      siteLang: lang,
      tagUrl: (name) => tagUrl(base, tagKey(name)),
      bodyOf: (note: Note) => noteBody(noteText(readFileSync(note.absPath))),
      strictLineBreaks,
    };
    loaded = { modelId, ctx };
  }
  return loaded.ctx;
}

export async function renderOne(task: { path: string; model: SharedArrayBuffer; modelId: number }): Promise<RenderOutcome> {
  const ctx = contextFor(task.model, task.modelId);
  try {
    return { path: task.path, rendered: await renderNote(ctx.index.get(task.path) as Note, ctx) };
  } catch (error) {
    return { path: task.path, error: (error as Error).message };
  }
}

