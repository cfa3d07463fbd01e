/**
 * One runnable block on the page: its toolbar (Run, Edit/Revert, and Stop when a run
 * takes long), a summary line read out to screen readers, the results, and the editor the
 * highlighted code turns into when the reader edits it or an error position must be shown.
 * It only displays; page.ts decides what runs when. What draws a run's results (and a
 * Python block's transcript) loads with the first run, which waits for PostgreSQL anyway.
 */
import type { SqlStrings } from '../../components/i18n.ts';
import type { PythonRun } from '../../core/python/results.ts';
import type { BlockRun, SqlError } from '../../core/sql/results.ts';
import type { SqlEditor } from './editor.ts';
import { EngineProblem } from '../db/client.ts';
import { importAgain } from '../import-again.ts';
import { expectedErrorOf, isFailure, outcomeOf, pythonOutcomeOf, type ExpectedError, type Outcome } from './outcome.ts';
import { duration, fill, plural, seconds } from './strings.ts';

export interface BlockActions {
  run(block: SqlBlockView): void;
  stop(block: SqlBlockView): void;
}

const loadEditor = importAgain(() => import('./editor.ts'));
/**
 * A module of the runner's that could not load (offline, with the service worker not keeping
 * it): the run ends with the download problem, which says to check the connection and run
 * again, instead of leaving the block and the ones queued after it running for ever; the
 * next run loads it again (import-again.ts).
 */
const asDownload = <T>(loading: Promise<T>): Promise<T> =>
  loading.catch((error: unknown) => {
    throw new EngineProblem({ kind: 'download', detail: error instanceof Error ? error.message : String(error) });
  });

const resultsView = importAgain(() => import('./results-view.ts'));
const expectedOutput = importAgain(() => import('./expected-output.ts'));
const pythonView = importAgain(() => import('../python/run-view.ts'));
/** The views of a run's results; page.ts fetches them ahead when it starts PostgreSQL. */
export const loadResultViews = () => asDownload(Promise.all([resultsView(), expectedOutput()]));
/** A Python block's transcript view, fetched on pages whose Python blocks run, ahead of their first run. */
export const loadPythonView = () => asDownload(pythonView());

function button(className: string, text: string, title?: string): HTMLButtonElement {
  const el = document.createElement('button');
  el.type = 'button';
  el.className = className;
  el.textContent = text;
  if (title) el.title = title;
  return el;
}

/** The offset in `code`'s text under a click, so the editor opens with the cursor there. */
function offsetAt(code: HTMLElement, x: number, y: number): number | undefined {
  let node: Node | undefined;
  let offset: number | undefined;
  const caret = document.caretPositionFromPoint?.(x, y);
  if (caret) [node, offset] = [caret.offsetNode, caret.offset];
  else {
    // Safari before 18.4 has only the older call.
    const range = document.caretRangeFromPoint?.(x, y);
    if (range) [node, offset] = [range.startContainer, range.startOffset];
  }
  if (!node || offset === undefined || !code.contains(node)) return undefined;
  const range = document.createRange();
  range.setStart(code, 0);
  range.setEnd(node, offset);
  return range.toString().length;
}

export class SqlBlockView {
  /** Its place among the page's blocks (SQL and Python): the chain's identity for it. */
  readonly id: number;
  /** A ```python block runs on its database's Python namespace; `firstLine` is its first code line in the note. */
  readonly lang: 'sql' | 'python';
  readonly firstLine: number;
  readonly db: string;
  readonly setup: boolean;
  readonly expected: ExpectedError;
  /** The views its `show=` asks for after it runs: `schema`, `changes`, `tables`. */
  readonly show: string[];
  private readonly original: string;
  private readonly pre: HTMLElement;
  private readonly editButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly progress: HTMLProgressElement;
  private readonly summary: HTMLElement;
  private readonly results: HTMLElement;
  /** Where views/page-views.ts puts the views of `show=` after a run. */
  private readonly views: HTMLElement;
  private editor: Promise<SqlEditor> | undefined;
  private loadedEditor: SqlEditor | undefined;
  private editing = false;
  /** State and summary from before the block was queued, back if its turn never comes. */
  private before: { state: string | undefined; summary: string } | undefined;
  readonly element: HTMLElement;
  private readonly t: SqlStrings;
  private readonly actions: BlockActions;

  constructor(element: HTMLElement, id: number, t: SqlStrings, actions: BlockActions) {
    this.element = element;
    this.t = t;
    this.actions = actions;
    this.id = id;
    this.lang = element.dataset.pythonBlock !== undefined ? 'python' : 'sql';
    this.firstLine = Number(element.dataset.line ?? 1);
    this.db = element.dataset.db ?? 'main';
    this.setup = element.dataset.setup !== undefined;
    this.expected = expectedErrorOf(element.dataset.expectError);
    this.show = element.dataset.show?.split(',').filter(Boolean) ?? [];
    this.pre = element.querySelector(':scope > pre')!;
    const code = this.pre.querySelector('code') ?? this.pre;
    // The text the build wrote as data (src/core/render/sql-markup.ts), not the highlighted markup's.
    this.original = element.dataset.code ?? '';

    const runButton = button('sql-run', t.run, t.runHint);
    runButton.setAttribute('aria-keyshortcuts', 'Control+Enter Meta+Enter');
    this.editButton = button('sql-edit', t.edit, t.editHint);
    this.stopButton = button('sql-stop', t.stop);
    this.stopButton.hidden = true;
    this.progress = document.createElement('progress');
    this.progress.hidden = true;
    const toolbar = document.createElement('div');
    toolbar.className = 'sql-toolbar';
    // Run and Edit sit in the code's header (src/core/render/code-header.ts), by its Copy.
    const header = element.querySelector(':scope > .code-header .code-actions');
    if (header) header.prepend(runButton, this.editButton);
    else toolbar.append(runButton, this.editButton);
    toolbar.append(this.stopButton, this.progress);
    this.summary = document.createElement('p');
    this.summary.className = 'sql-summary';
    this.summary.setAttribute('role', 'status');
    this.results = document.createElement('div');
    this.results.className = 'sql-results';
    this.views = document.createElement('div');
    this.views.className = 'sql-views';
    const output = document.createElement('div');
    output.className = 'sql-output';
    output.append(this.summary, this.results, this.views);
    this.pre.after(toolbar, output);

    runButton.addEventListener('click', () => actions.run(this));
    this.stopButton.addEventListener('click', () => actions.stop(this));
    this.editButton.addEventListener('click', () => (this.editing ? this.revert() : void this.openEditor().then((e) => e.focus())));
    this.pre.addEventListener('click', (event) => {
      // Selecting text to copy it is not a request to edit.
      if (getSelection()?.isCollapsed === false) return;
      const at = offsetAt(code, event.clientX, event.clientY);
      void this.openEditor().then((e) => e.focus(at));
    });
    // A reader who reaches the code is likely to edit it: start fetching the editor.
    this.pre.addEventListener('focus', () => void loadEditor().catch(() => undefined), { once: true });
    this.pre.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        actions.run(this);
      } else if (event.key === 'Enter' && !event.shiftKey && !event.altKey) {
        event.preventDefault();
        void this.openEditor().then((e) => e.focus());
      }
    });
  }

  /** The SQL to run: the reader's edit, or the author's text. */
  text(): string {
    return this.editing && this.loadedEditor ? this.loadedEditor.text() : this.original;
  }

  pending(text: string): void {
    if (this.element.dataset.state !== 'running') this.before = { state: this.element.dataset.state, summary: this.summary.textContent ?? '' };
    this.element.dataset.state = 'running';
    this.summary.textContent = text;
  }

  /** Its turn did not come (the plan stopped before it): back to what it showed before. */
  cancel(): void {
    if (this.element.dataset.state !== 'running') return;
    this.settle(this.before?.state);
    this.summary.textContent = this.before?.summary ?? '';
  }

  /** Download progress while this block waits for PostgreSQL; no `total`: size unknown. */
  loading(text: string, loaded?: number, total?: number): void {
    this.summary.textContent = text;
    this.progress.hidden = loaded === undefined;
    if (total) {
      this.progress.max = total;
      this.progress.value = loaded ?? 0;
    } else this.progress.removeAttribute('value');
  }

  offerStop(elapsedMs: number): void {
    this.summary.textContent = fill(this.t.slow, { seconds: seconds(elapsedMs) });
    this.stopButton.hidden = false;
  }

  /** Shows a run and says what it means; `notes` come first (earlier blocks run, …). */
  async showRun(run: BlockRun, sql: string, notes: string[]): Promise<Outcome> {
    const [{ renderStatements }, { expectedOutputView }] = await loadResultViews();
    const outcome = outcomeOf(run, this.expected);
    const error = run.error;
    // One statement: its command tag says what happened; several: each result has its own.
    const what = run.statements.length === 1 ? (run.statements[0].tag ?? '') : plural(this.t.statements, run.statements.length);
    const transaction = { idle: [], transaction: [this.t.transaction], failed: [this.t.failedTransaction] }[run.transaction];
    const check = expectedOutputView(this.element, run, sql !== this.original, this.t);
    this.display(outcome, error?.code, [what, duration(run.elapsedMs)], notes, transaction, [...(check ? [check] : []), ...renderStatements(run, sql, this.t)]);
    if ((outcome === 'error' || outcome === 'wrong-error') && error?.position !== undefined && sql === this.text()) {
      void this.markError(error, sql);
    }
    return outcome;
  }

  /** A Python block's run: what it printed and sent, in order, and its exception. */
  async showPythonRun(run: PythonRun, notes: string[]): Promise<Outcome> {
    const { renderPythonRun } = await loadPythonView();
    const outcome = pythonOutcomeOf(run, this.expected);
    const sent = run.events.filter((e) => e.kind === 'sql').length;
    const error = run.error && (run.error.database ? `${run.error.type} ${run.error.database.code}` : run.error.type);
    const parts = [...renderPythonRun(run, this.t), document.createElement('div')];
    parts.at(-1)!.className = 'py-changes';
    this.display(outcome, error ?? undefined, [sent > 0 ? plural(this.t.statements, sent) : '', duration(run.elapsedMs)], notes, [], parts);
    return outcome;
  }

  private display(outcome: Outcome, error: string | undefined, facts: string[], notes: string[], after: string[], results: HTMLElement[]): void {
    this.settle(outcome);
    const t = this.t;
    const verdicts: Record<Outcome, string[]> = {
      ok: [],
      error: [`${t.error} ${error}`],
      'failed-as-expected': [`${t.failedAsExpected} ${error}`],
      'wrong-error': [`${fill(t.wrongError, { expected: this.expected?.code ?? this.expected?.message ?? '' })} ${error}`],
      'ran-unexpectedly': [t.expectedError],
    };
    const line = [...verdicts[outcome], ...facts].filter(Boolean).join(' · ');
    this.summary.textContent = [...notes, line, ...after].join(' ');
    this.results.replaceChildren(...results);
    this.views.replaceChildren();
    if (isFailure(outcome)) {
      // An error the author did not expect is read out in full; a failing setup block unfolds.
      this.results.querySelector('.sql-error')?.setAttribute('role', 'alert');
      this.element.closest('details:not([open])')?.setAttribute('open', '');
    }
  }

  showStopped(elapsedMs: number, note: string): void {
    this.settle('stopped');
    this.summary.textContent = `${fill(this.t.stopped, { seconds: seconds(elapsedMs) })} ${note}`;
    this.results.replaceChildren();
    this.views.replaceChildren();
  }

  showProblem(text: string): void {
    this.settle('problem');
    this.summary.textContent = text;
  }

  clear(): void {
    this.settle(undefined);
    this.summary.textContent = '';
    this.results.replaceChildren();
    this.views.replaceChildren();
    this.loadedEditor?.mark(undefined);
  }

  /**
   * The part of the last run's results that belongs to its statement number `index`; for a
   * Python block, whose changes are the whole block's, the part after everything it sent.
   */
  statementPart(index: number): HTMLElement | undefined {
    if (this.lang === 'python') return this.results.querySelector<HTMLElement>(':scope > .py-changes') ?? undefined;
    return this.results.children[index] as HTMLElement | undefined;
  }

  /** The views to show after the results (a diagram, tables); the last run's go. */
  showViews(views: HTMLElement[]): void {
    this.views.replaceChildren(...views);
  }

  private settle(state: string | undefined): void {
    if (state) this.element.dataset.state = state;
    else delete this.element.dataset.state;
    this.stopButton.hidden = true;
    this.progress.hidden = true;
  }

  private async markError(error: SqlError, sql: string): Promise<void> {
    const [editor, { errorRange }] = await Promise.all([this.openEditor(), import('./position.ts')]);
    editor.mark({ ...errorRange(sql, error.position!), message: `${error.code}: ${error.message}` });
  }

  private openEditor(): Promise<SqlEditor> {
    this.editor ??= loadEditor().then(({ createEditor }) => {
      const host = document.createElement('div');
      host.className = 'sql-editor';
      this.pre.after(host);
      const label = this.lang === 'python' ? this.t.pythonEditorLabel : this.t.editorLabel;
      this.loadedEditor = createEditor(host, { text: this.original, label, onRun: () => this.actions.run(this), language: this.lang });
      return this.loadedEditor;
    });
    // A failed chunk download is tried again on the next attempt.
    this.editor.catch(() => (this.editor = undefined));
    return this.editor.then((editor) => {
      this.showEditor(true);
      return editor;
    });
  }

  private revert(): void {
    this.loadedEditor?.setText(this.original);
    this.loadedEditor?.mark(undefined);
    this.showEditor(false);
  }

  private showEditor(on: boolean): void {
    this.editing = on;
    this.pre.hidden = on;
    this.loadedEditor!.view.dom.parentElement!.hidden = !on;
    this.editButton.textContent = on ? this.t.revert : this.t.edit;
    this.editButton.title = on ? this.t.revertHint : '';
  }
}
