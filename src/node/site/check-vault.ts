/**
 * The whole check of a vault, for `npm run check`: every note read and its links checked,
 * every note rendered (a crash is an error, unsafe HTML a warning), every runnable SQL block
 * run as the page would (doc-tests), each under a time limit, on threads while the notes are
 * rendered. Per-note work runs on all cores when the vault is big enough.
 */
import { readFile } from 'node:fs/promises';
import type { Diagnostic } from '../../core/diagnostics.ts';
import { mayHavePythonBlocks } from '../../core/python/blocks.ts';
import { renderNote } from '../../core/render/render-note.ts';
import { siteRenderContext } from '../../core/render/site-context.ts';
import { checkSiteSql, startPythonCheckers, type SiteSqlOptions, type StartedPython } from '../sql/check-site.ts';
import type { VaultFile } from '../vault/scan.ts';
import { NotePool, threadsFor } from '../workers/pool.ts';
import { buildSite, readNotesHere, type NoteReader } from './build-site.ts';
import type { Site, SiteOptions } from '../../core/site/model.ts';

export interface CheckReport {
  site: Site;
  diagnostics: Diagnostic[];
  sqlNotes: number;
  /** Seconds per phase. */
  timings: { read: number; render: number; sql: number };
}

/** What the check has done so far (`done` of `total` in that step), for a progress display. */
export type CheckProgress = (step: 'read' | 'render' | 'snippets', done: number, total: number) => void;

export function renderCrash(path: string, message: string): Diagnostic {
  return { file: path, line: 1, column: 1, severity: 'error', code: 'render-crash', message: `rendering failed: ${message}` };
}

/** Renders every note: its crash, or what its sanitiser removed. */
async function renderAll(site: Site, pool: NotePool | undefined, progress: CheckProgress): Promise<Diagnostic[]> {
  let rendered = 0;
  const done = () => progress('render', ++rendered, site.notes.length);
  if (pool && threadsFor(site.notes.length) > 1) {
    pool.useSite(site);
    const outcomes = await Promise.all(site.notes.map((note) => pool.render(note.path).finally(done)));
    return outcomes.flatMap((o) => ('error' in o ? [renderCrash(o.path, o.error)] : o.rendered.diagnostics));
  }
  const ctx = siteRenderContext(site);
  const found: Diagnostic[] = [];
  for (const note of site.notes) {
    await renderNote(note, ctx).then(
      (rendered) => found.push(...rendered.diagnostics),
      (error: Error) => found.push(renderCrash(note.path, error.message)),
    );
    done();
  }
  return found;
}

/** How many of the notes look as if they have Python blocks, from their text (mayHavePythonBlocks). */
async function likelyPythonNotes(files: VaultFile[]): Promise<number> {
  const texts = await Promise.all(files.map((f) => readFile(f.absPath, 'utf8').catch(() => '')));
  return texts.filter(mayHavePythonBlocks).length;
}

/** `sqlOptions.pythonFiles`: given when Python blocks are on (vaultKb({ python: true }) or VAULT_PYTHON=1). */
export async function checkVault(
  options: SiteOptions,
  dataDirFile: () => Promise<string>,
  sqlOptions: SiteSqlOptions = {},
  progress: CheckProgress = () => {},
): Promise<CheckReport> {
  const threads = threadsFor(Infinity);
  const pool = threads > 1 ? new NotePool(threads) : undefined;
  const seconds = (from: number) => (performance.now() - from) / 1000;
  let python: Promise<StartedPython | undefined> | undefined;
  try {
    // The Python threads start as soon as the notes are listed, and load their interpreters
    // while the notes are read and rendered. Reading waits until they are started (a few
    // tenths of a second): this thread, busy reading, would otherwise start them only after.
    const readStartingPython: NoteReader = async (files, ...rest) => {
      const { pythonFiles } = sqlOptions;
      if (pythonFiles) {
        python = likelyPythonNotes(files).then(async (notes) => (notes > 0 ? startPythonCheckers(await dataDirFile(), notes, { ...sqlOptions, pythonFiles }) : undefined));
        // A failure is checkSiteSql's to report.
        await python.catch(() => undefined);
      }
      return (pool?.readNotes ?? readNotesHere)(files, ...rest);
    };
    let at = performance.now();
    const site = await buildSite(options, new Map(), readStartingPython);
    const read = seconds(at);
    progress('read', site.notes.length, site.notes.length);
    // The doc-tests run on threads of their own (their Python interpreters load for seconds)
    // while this thread or the pool renders.
    const sqlStart = performance.now();
    const checkingSql = site.notes.some((n) => n.facts.sqlBlocks > 0 || (sqlOptions.pythonFiles && n.facts.pythonBlocks > 0))
      ? dataDirFile().then((file) => checkSiteSql(site, file, sqlOptions, python))
      : Promise.resolve({ diagnostics: [], notes: 0 });
    const sqlDone = checkingSql.then(() => seconds(sqlStart));
    sqlDone.catch(() => undefined);
    at = performance.now();
    const rendering = await renderAll(site, pool, progress);
    const render = seconds(at);
    const sql = await checkingSql;
    progress('snippets', sql.notes, sql.notes);
    return {
      site,
      diagnostics: [...site.diagnostics, ...rendering, ...sql.diagnostics],
      sqlNotes: sql.notes,
      timings: { read, render, sql: await sqlDone },
    };
  } finally {
    // The Python threads started while reading: done, unused (fences only shown), or left by a failure.
    await python?.then((started) => Promise.all(started?.checkers.map((c) => c.close()) ?? []), () => undefined);
    await pool?.close();
  }
}
