/**
 * One ```lab block on the page, brought to life: the build drew its lanes and steps
 * (src/core/render/lab-markup.ts); this adds Step, Back, Run all and Reset (with keys), the
 * level switch, each step's result in its lane, the verdict, the state panel and an editor
 * for the steps. Every move asks the page's lab worker to bring the run to "n steps
 * issued" (going back replays on a reset database) and draws what comes back.
 */
import type { LabStrings } from '../../components/i18n.ts';
import { verdict } from '../../core/lab/expectations.ts';
import { labTextIn, type LabTextStrings } from '../../core/lab/lab-text.ts';
import { levelTitle, LEVELS, parseLevel } from '../../core/lab/levels.ts';
import type { LabRunProgress } from '../../core/lab/replayer.ts';
import type { LabScenario } from '../../core/lab/scenario.ts';
import { LabSpecError, parseLab } from '../../core/lab/spec-parser.ts';
import { parseEdited } from '../../core/lab/view/edited-text.ts';
import { labView, type LabViewLabels } from '../../core/lab/view/lab-view.ts';
import { tableViews } from '../../core/lab/view/state-diff.ts';
import { progressEvents, stepStatuses } from '../../core/lab/view/step-status.ts';
import { fill } from '../sql/strings.ts';
import { hastToDom } from './hast-dom.ts';
import { element } from '../dom.ts';
import { statePanel, statusNodes, statusText } from './result-view.ts';

export type LabWidgetStrings = LabStrings & { view: LabViewLabels };

/** What the page does for a lab: run it to a step on the shared worker. */
export interface LabRunner {
  /** `words`: the lab's words about runs, in the page's language (lab-words.ts). */
  advance(widget: LabWidget, steps: number): Promise<{ progress: LabRunProgress; words: LabTextStrings } | undefined>;
  /** Ends the step running now, whichever lab it belongs to (they share one worker). */
  stop(): void;
}

const UNCOMMITTED = 'read uncommitted';

/** Keys that drive a lab while focus is in it (not in its editor or a select). */
const KEYS: Record<string, 'step' | 'back' | 'runAll' | 'reset' | 'stop'> = { ArrowRight: 'step', ArrowLeft: 'back', End: 'runAll', Home: 'reset', Escape: 'stop' };

function button(className: string, text: string, hint: string, keys: string): HTMLButtonElement {
  const el = element('button', className, text);
  el.type = 'button';
  el.title = hint;
  el.setAttribute('aria-keyshortcuts', keys);
  return el;
}

export class LabWidget {
  readonly element: HTMLElement;
  readonly id: number;
  scenario: LabScenario | undefined;
  /** Bumped by each edit: the worker then starts the run afresh. */
  version = 0;
  permutation = 0;
  /** The level chosen: a level, or READ UNCOMMITTED (run as READ COMMITTED). */
  private chosen = 'read committed';
  /** Steps the reader has gone through (a refused step included). */
  position = 0;
  /** The position last drawn: back to it when a step is stopped. */
  private shown = 0;
  private readonly t: LabWidgetStrings;
  private readonly runner: LabRunner;
  private readonly view: HTMLElement;
  private title: HTMLElement;
  private readonly buttons: Record<'step' | 'back' | 'runAll' | 'reset' | 'stop', HTMLButtonElement>;
  private readonly levelSelect: HTMLSelectElement;
  private readonly orderLabel: HTMLLabelElement;
  private readonly orderSelect: HTMLSelectElement;
  private readonly positionText: HTMLElement;
  private readonly levelNote: HTMLElement;
  private readonly status: HTMLElement;
  private readonly verdictLine: HTMLElement;
  private readonly state: HTMLElement;
  private readonly source: HTMLTextAreaElement;
  private readonly editError: HTMLElement;
  /** The latest request: answers to older ones are not drawn. */
  private request = 0;

  constructor(root: HTMLElement, t: LabWidgetStrings, runner: LabRunner) {
    this.element = root;
    this.t = t;
    this.runner = runner;
    this.id = Number(root.dataset.labBlock);
    const text = root.dataset.source ?? '';
    const firstLine = Number(root.dataset.line ?? 1);
    this.scenario = root.dataset.invalid === undefined ? parseLab(text, { firstLine }) : undefined;

    // The build's markup becomes the view, redrawn after an edit; the title stays on top.
    this.title = root.querySelector('.lab-title') ?? element('p', 'lab-title', t.view.lab);
    this.view = element('div', 'lab-view');
    this.view.append(...[...root.childNodes].filter((n) => n !== this.title));

    this.buttons = {
      step: button('lab-step-button', t.step, t.stepHint, 'ArrowRight'),
      back: button('lab-back', t.back, t.backHint, 'ArrowLeft'),
      runAll: button('lab-run-all', t.runAll, t.runAllHint, 'End'),
      reset: button('lab-reset', t.reset, t.resetHint, 'Home'),
      stop: button('lab-stop', t.stop, t.stopHint, 'Escape'),
    };
    this.buttons.stop.hidden = true;
    this.levelSelect = element('select', 'lab-level');
    for (const level of [UNCOMMITTED, ...LEVELS]) {
      const option = element('option', undefined, level.toUpperCase());
      option.value = level;
      this.levelSelect.append(option);
    }
    this.levelSelect.value = this.chosen;
    const levelLabel = element('label', 'lab-level-label');
    levelLabel.append(`${t.level} `, this.levelSelect);
    this.orderSelect = element('select', 'lab-order');
    this.orderLabel = element('label', 'lab-order-label');
    this.orderLabel.append(`${t.order} `, this.orderSelect);
    this.positionText = element('span', 'lab-position');
    const toolbar = element('div', 'lab-toolbar');
    toolbar.setAttribute('role', 'toolbar');
    toolbar.setAttribute('aria-label', t.controls);
    toolbar.append(this.buttons.step, this.buttons.back, this.buttons.runAll, this.buttons.reset, this.buttons.stop, levelLabel, this.orderLabel, this.positionText);
    this.levelNote = element('p', 'lab-level-note', t.uncommittedNote);
    this.levelNote.hidden = true;
    this.status = element('p', 'lab-status');
    this.status.setAttribute('role', 'status');
    this.verdictLine = element('p', 'lab-verdict');
    this.verdictLine.hidden = true;
    this.state = element('section', 'lab-state');
    this.state.setAttribute('aria-label', t.state);
    this.state.hidden = true;

    this.source = element('textarea', 'lab-source');
    this.source.value = text;
    this.source.rows = Math.min(24, text.split('\n').length + 1);
    this.source.spellcheck = false;
    this.source.setAttribute('aria-label', t.editorLabel);
    this.source.setAttribute('aria-keyshortcuts', 'Control+Enter Meta+Enter');
    const apply = element('button', 'lab-apply', t.apply);
    apply.type = 'button';
    apply.title = t.applyHint;
    this.editError = element('p', 'lab-edit-error');
    this.editError.setAttribute('role', 'alert');
    this.editError.hidden = true;
    const editor = element('details', 'lab-edit');
    const summary = element('summary', undefined, t.edit);
    editor.append(summary, this.source, apply, this.editError);
    const keys = element('p', 'lab-keys', t.shortcuts);

    root.replaceChildren(this.title, toolbar, this.levelNote, this.view, this.status, this.verdictLine, this.state, editor, keys);
    root.dataset.ready = '';

    this.buttons.step.addEventListener('click', () => this.act('step'));
    this.buttons.back.addEventListener('click', () => this.act('back'));
    this.buttons.runAll.addEventListener('click', () => this.act('runAll'));
    this.buttons.reset.addEventListener('click', () => this.act('reset'));
    this.buttons.stop.addEventListener('click', () => this.act('stop'));
    this.levelSelect.addEventListener('change', () => this.chooseLevel(this.levelSelect.value));
    this.orderSelect.addEventListener('change', () => this.chooseOrder(Number(this.orderSelect.value)));
    apply.addEventListener('click', () => this.applyEdit());
    this.source.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.applyEdit();
      }
    });
    // Focusable by a click anywhere in it (not by Tab): a click in the lab gives it the keys.
    root.tabIndex = -1;
    root.addEventListener('keydown', (event) => {
      const action = KEYS[event.key];
      const target = event.target as HTMLElement;
      if (!action || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || target.closest('textarea, select, input, summary')) return;
      event.preventDefault();
      this.act(action);
    });
    this.redraw();
  }

  /** The level the engine runs: READ UNCOMMITTED is READ COMMITTED in PostgreSQL. */
  get level() {
    return parseLevel(this.chosen)!.level;
  }

  get total(): number {
    return this.scenario?.permutations[this.permutation]?.length ?? 0;
  }

  /** Names the run for the worker: another version, level or order starts afresh. */
  get key(): string {
    return `${this.id}/${this.version}/${this.level}/${this.permutation}`;
  }

  private act(action: 'step' | 'back' | 'runAll' | 'reset' | 'stop'): void {
    if (action === 'stop') {
      if (this.element.dataset.state === 'running') this.runner.stop();
      return;
    }
    if (!this.scenario || this.buttons[action].getAttribute('aria-disabled') === 'true') return;
    const to = { step: this.position + 1, back: this.position - 1, runAll: this.total, reset: 0 }[action];
    if (to < 0 || to > this.total || (to === this.position && action !== 'reset')) return;
    void this.goTo(to, action === 'step');
  }

  private chooseLevel(level: string): void {
    this.chosen = level;
    this.levelNote.hidden = level !== UNCOMMITTED;
    void this.goTo(this.position, false);
  }

  private chooseOrder(permutation: number): void {
    this.permutation = permutation;
    this.redrawView();
    void this.goTo(Math.min(this.position, this.total), false);
  }

  private applyEdit(): void {
    let scenario: LabScenario;
    let setAside: string[];
    try {
      ({ scenario, setAside } = parseEdited(this.source.value, parseLab));
    } catch (error) {
      if (!(error instanceof LabSpecError)) throw error;
      this.editError.textContent = `${this.t.editError} ${error.message}`;
      this.editError.classList.remove('is-note');
      this.editError.hidden = false;
      return;
    }
    this.editError.hidden = true;
    this.scenario = scenario;
    this.version++;
    this.permutation = 0;
    this.redrawView();
    this.status.textContent = this.t.applied;
    // Beside the editor, where the loading news on the status line cannot replace it.
    if (setAside.length > 0) {
      this.editError.textContent = fill(this.t.expectationsSetAside, { detail: setAside.join('; ') });
      this.editError.hidden = false;
    }
    this.editError.classList.toggle('is-note', setAside.length > 0);
    void this.goTo(Math.min(this.position, this.total), false);
  }

  /** Brings the run to `steps` and draws it; `announce`: read the new step's result out. */
  private async goTo(steps: number, announce: boolean): Promise<void> {
    const request = ++this.request;
    this.position = steps;
    this.element.dataset.state = 'running';
    this.updateControls();
    const answer = await this.runner.advance(this, steps);
    if (request !== this.request) return;
    // A stopped step or a problem keeps its state; the request is over either way.
    if (this.element.dataset.state === 'running') delete this.element.dataset.state;
    if (!answer) return this.updateControls();
    this.show(answer.progress, answer.words, announce);
  }

  /** Loading news (download, start) while a request waits for PostgreSQL. */
  say(text: string): void {
    this.status.textContent = text;
  }

  problem(text: string): void {
    this.element.dataset.state = 'problem';
    this.status.textContent = text;
  }

  /** Its step was stopped (by the reader, or its time limit): back to the position drawn last. */
  interrupted(text: string): void {
    this.position = this.shown;
    this.element.dataset.state = 'stopped';
    this.status.textContent = text;
    this.updateControls();
  }

  private show(progress: LabRunProgress, words: LabTextStrings, announce: boolean): void {
    const scenario = this.scenario!;
    const order = scenario.permutations[this.permutation];
    const refused = progress.refused;
    this.position = refused?.position !== undefined ? refused.position + 1 : progress.issued;
    this.shown = this.position;
    const statuses = stepStatuses(order, progress);
    const lanes = [...this.view.querySelectorAll<HTMLElement>('thead th[data-session]')].map((th) => th.dataset.session);
    this.view.querySelectorAll<HTMLElement>('tr.lab-row').forEach((row, position) => {
      const status = statuses[position];
      row.dataset.state = status.state === 'done' && status.result.error ? 'error' : status.state;
      row.toggleAttribute('data-next', position === this.position && !refused);
      row.querySelector('.lab-result')?.replaceChildren(...statusNodes(status, this.t, words));
      // A waited step completes where isolationtester shows it: in the row of the step that
      // let it go on, in its own session's lane.
      for (const idle of row.querySelectorAll('td.lab-idle')) idle.replaceChildren();
      for (const event of progress.byStep[position] ?? []) {
        if (event.kind !== 'resumed') continue;
        const session = scenario.sessions.find((s) => s.steps.some((step) => step.name === event.step))?.name;
        const cell = row.children[lanes.indexOf(session) + 1];
        if (cell?.classList.contains('lab-idle')) cell.append(element('p', 'lab-completed', fill(this.t.completedHere, { step: event.step })));
      }
    });
    if (refused && refused.position === undefined) this.problem(`${this.t.setupFailed} ${labTextIn(words, refused.text)}`);
    else if (announce && this.position > 0) {
      // The step just issued, and any step it let go on.
      const last = this.position - 1;
      const resumed = (progress.byStep[last] ?? []).filter((e) => e.kind === 'resumed').map((e) => order.lastIndexOf(e.step, last));
      this.status.textContent = [last, ...resumed].map((p) => statusText(order[p], statuses[p], this.t, words)).join(' ');
    } else this.status.textContent = '';
    this.showVerdict(progress, words);
    this.showState(progress);
    this.updateControls(progress);
  }

  private showVerdict(progress: LabRunProgress, words: LabTextStrings): void {
    const scenario = this.scenario!;
    if (!progress.final) {
      this.verdictLine.hidden = true;
      return;
    }
    const result = verdict(scenario, this.level, { permutation: scenario.permutations[this.permutation], level: this.level, events: progressEvents(progress) }, words);
    const stillWaiting = stepStatuses(scenario.permutations[this.permutation], progress).some((s) => s.state === 'waiting');
    this.verdictLine.textContent = `${result.line}${stillWaiting ? ` ${this.t.stepsLeft}` : ''}`;
    this.verdictLine.dataset.status = result.status;
    this.verdictLine.hidden = false;
  }

  private showState(progress: LabRunProgress): void {
    const state = progress.state;
    this.state.hidden = !state;
    if (!state) return;
    const t = this.t;
    const panels = [statePanel(t.committed, '', tableViews(state.committed), t)];
    for (const session of state.sessions) {
      const detail = [
        levelTitle(session.level),
        session.waiting ? fill(t.waiting, { sessions: session.waiting.for.join(', '), step: session.waiting.step }) : t[session.transaction],
      ].join(' · ');
      const panel = statePanel(fill(t.session, { name: session.name }), detail, tableViews(state.committed, session.tables), t);
      panel.dataset.session = session.name;
      panels.push(panel);
    }
    const title = element('p', 'lab-state-title', t.state);
    this.state.replaceChildren(title, element('div', 'lab-state-panels'), element('p', 'lab-legend', t.legend));
    this.state.children[1].append(...panels);
  }

  private updateControls(progress?: LabRunProgress): void {
    const total = this.total;
    const stuck = progress?.refused !== undefined;
    const busy = this.element.dataset.state === 'running';
    // aria-disabled, not disabled: a disabled button loses focus, and with it the lab's keys.
    const off = (button: HTMLButtonElement, disabled: boolean) => button.setAttribute('aria-disabled', String(disabled));
    off(this.buttons.step, !this.scenario || this.position >= total || stuck);
    off(this.buttons.runAll, !this.scenario || this.position >= total || stuck);
    off(this.buttons.back, !this.scenario || this.position === 0);
    off(this.buttons.reset, !this.scenario);
    this.positionText.textContent = fill(this.t.position, { n: Math.min(this.position, total), total });
    this.element.setAttribute('aria-busy', String(busy));
    this.buttons.stop.hidden = !busy;
  }

  /** The view drawn again from the scenario (after an edit or another order). */
  private redrawView(): void {
    const [title, ...rest] = labView(this.scenario!, this.t.view, this.permutation);
    this.title.replaceWith(hastToDom(title));
    this.title = this.element.querySelector('.lab-title')!;
    this.view.replaceChildren(...rest.map(hastToDom));
    this.redraw();
  }

  /** Controls that depend on the scenario: the order select, positions, an empty state. */
  private redraw(): void {
    const permutations = this.scenario?.permutations.length ?? 0;
    this.orderLabel.hidden = permutations < 2;
    this.orderSelect.replaceChildren(
      ...Array.from({ length: permutations }, (_, i) => {
        const option = element('option', undefined, `${i + 1}: ${this.scenario!.permutations[i].join(' ')}`);
        option.value = String(i);
        return option;
      }),
    );
    this.orderSelect.value = String(this.permutation);
    this.verdictLine.hidden = true;
    this.state.hidden = true;
    this.updateControls();
  }
}
