/**
 * One ```lab block on the page, brought to life: the build drew its lanes and steps
 * (src/core/render/lab-markup.ts); this adds Step, Back, Run all and Reset (with keys), the
 * level switch, each step's result in its lane, the verdict, the state panel and an editor
 * for the steps. The scenario comes parsed from the build (`data-lab`); the step editor and
 * the parser it needs load only when a reader opens it (step-editor.ts). Every move asks the
 * page's lab worker to bring the run to "n steps issued" (going back replays on a reset
 * database) and draws what comes back.
 */
import { labTextIn, type LabTextStrings } from '../../core/lab/lab-text.ts';
import { LEVELS, parseLevel } from '../../core/lab/levels.ts';
import type { LabRunProgress } from '../../core/lab/replayer.ts';
import type { LabScenario } from '../../core/lab/scenario.ts';
import type { LabBlockData } from '../../core/lab/view/lab-data.ts';
import type { LabWidgetStrings } from './types.ts';
import { fill } from '../sql/strings.ts';
import { element } from '../dom.ts';

type ProgressView = typeof import('./progress-view.ts');
/** What draws a run's results, fetched with a lab's first step (or when PostgreSQL is prewarmed). */
export const loadProgressView = (): Promise<ProgressView> => import('./progress-view.ts');

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
  /** The latest request: answers to older ones are not drawn. */
  private request = 0;

  constructor(root: HTMLElement, t: LabWidgetStrings, runner: LabRunner) {
    this.element = root;
    this.t = t;
    this.runner = runner;
    this.id = Number(root.dataset.labBlock);
    const data = JSON.parse(root.dataset.lab ?? '{"source":""}') as LabBlockData;
    this.scenario = data.scenario;

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

    const editor = element('details', 'lab-edit');
    editor.append(element('summary', undefined, t.edit));
    // Opened the first time: the editor (and the parser) arrive and fill the details; a failed download is tried again on the next opening.
    let stepEditor: Promise<void> | undefined;
    editor.addEventListener('toggle', () => {
      if (!editor.open) return;
      stepEditor ??= import('./step-editor.ts').then(({ createStepEditor }) => createStepEditor(editor, data.source, t, (scenario) => void this.applyEdit(scenario)));
      stepEditor.catch(() => (stepEditor = undefined));
    });
    const keys = element('p', 'lab-keys', t.shortcuts);

    root.replaceChildren(this.title, toolbar, this.levelNote, this.view, this.status, this.verdictLine, this.state, editor, keys);
    root.dataset.ready = '';

    this.buttons.step.addEventListener('click', () => this.act('step'));
    this.buttons.back.addEventListener('click', () => this.act('back'));
    this.buttons.runAll.addEventListener('click', () => this.act('runAll'));
    this.buttons.reset.addEventListener('click', () => this.act('reset'));
    this.buttons.stop.addEventListener('click', () => this.act('stop'));
    this.levelSelect.addEventListener('change', () => this.chooseLevel(this.levelSelect.value));
    this.orderSelect.addEventListener('change', () => void this.chooseOrder(Number(this.orderSelect.value)));
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

  private async chooseOrder(permutation: number): Promise<void> {
    this.permutation = permutation;
    await this.redrawView();
    await this.goTo(Math.min(this.position, this.total), false);
  }

  /** An edit that parsed (step-editor.ts): the lab starts over on it. */
  private async applyEdit(scenario: LabScenario): Promise<void> {
    this.scenario = scenario;
    this.version++;
    this.permutation = 0;
    await this.redrawView();
    this.status.textContent = this.t.applied;
    await this.goTo(Math.min(this.position, this.total), false);
  }

  /** Brings the run to `steps` and draws it; `announce`: read the new step's result out. */
  private async goTo(steps: number, announce: boolean): Promise<void> {
    const request = ++this.request;
    this.position = steps;
    this.element.dataset.state = 'running';
    this.updateControls();
    const [answer, draw] = await Promise.all([this.runner.advance(this, steps), loadProgressView()]);
    if (request !== this.request) return;
    // A stopped step or a problem keeps its state; the request is over either way.
    if (this.element.dataset.state === 'running') delete this.element.dataset.state;
    if (!answer) return this.updateControls();
    this.show(answer.progress, answer.words, announce, draw);
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

  private show(progress: LabRunProgress, words: LabTextStrings, announce: boolean, draw: ProgressView): void {
    const scenario = this.scenario!;
    const refused = progress.refused;
    this.position = refused?.position !== undefined ? refused.position + 1 : progress.issued;
    this.shown = this.position;
    const announcement = draw.drawSteps(this.view, scenario, this.permutation, progress, this.position, this.t, words);
    if (refused && refused.position === undefined) this.problem(`${this.t.setupFailed} ${labTextIn(words, refused.text)}`);
    else this.status.textContent = announce ? announcement : '';
    draw.drawVerdict(this.verdictLine, scenario, this.permutation, this.level, progress, this.t, words);
    draw.drawState(this.state, progress, this.t);
    this.updateControls(progress);
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
  private async redrawView(): Promise<void> {
    const [title, ...rest] = (await loadProgressView()).drawLanes(this.scenario!, this.t.view, this.permutation);
    this.title.replaceWith(title);
    this.title = this.element.querySelector('.lab-title')!;
    this.view.replaceChildren(...rest);
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
