/**
 * What a lab draws once a run has come back: each step's result in its row (and where a
 * waited step completed), the line read out for the step just issued, the verdict and the
 * state panel; and the lanes drawn again for an edited scenario or another order. Loaded
 * with a lab's first step, which waits for PostgreSQL anyway (lab-widget.ts), so a page
 * whose labs are only read does not fetch it.
 */
import { verdict } from '../../core/lab/expectations.ts';
import type { LabTextStrings } from '../../core/lab/lab-text.ts';
import { levelTitle } from '../../core/lab/levels.ts';
import type { LabRunProgress } from '../../core/lab/replayer.ts';
import type { IsolationLevel, LabScenario } from '../../core/lab/scenario.ts';
import { labView, type LabViewLabels } from '../../core/lab/view/lab-view.ts';
import { tableViews } from '../../core/lab/view/state-diff.ts';
import { progressEvents, stepStatuses } from '../../core/lab/view/step-status.ts';
import { element } from '../dom.ts';
import { fill } from '../sql/strings.ts';
import { hastToDom } from './hast-dom.ts';
import type { LabWidgetStrings } from './types.ts';
import { statePanel, statusNodes, statusText } from './result-view.ts';

/**
 * Draws each row's status into the lanes (`view`), `position` being the next step to issue;
 * returns the line that announces the step just issued and any step it let go on.
 */
export function drawSteps(view: HTMLElement, scenario: LabScenario, permutation: number, progress: LabRunProgress, position: number, t: LabWidgetStrings, words: LabTextStrings): string {
  const order = scenario.permutations[permutation];
  const refused = progress.refused;
  const statuses = stepStatuses(order, progress);
  const lanes = [...view.querySelectorAll<HTMLElement>('thead th[data-session]')].map((th) => th.dataset.session);
  view.querySelectorAll<HTMLElement>('tr.lab-row').forEach((row, at) => {
    const status = statuses[at];
    row.dataset.state = status.state === 'done' && status.result.error ? 'error' : status.state;
    row.toggleAttribute('data-next', at === position && !refused);
    row.querySelector('.lab-result')?.replaceChildren(...statusNodes(status, t, words));
    // A waited step completes where isolationtester shows it: in the row of the step that
    // let it go on, in its own session's lane.
    for (const idle of row.querySelectorAll('td.lab-idle')) idle.replaceChildren();
    for (const event of progress.byStep[at] ?? []) {
      if (event.kind !== 'resumed') continue;
      const session = scenario.sessions.find((s) => s.steps.some((step) => step.name === event.step))?.name;
      const cell = row.children[lanes.indexOf(session) + 1];
      if (cell?.classList.contains('lab-idle')) cell.append(element('p', 'lab-completed', fill(t.completedHere, { step: event.step })));
    }
  });
  if (position === 0) return '';
  const last = position - 1;
  const resumed = (progress.byStep[last] ?? []).filter((e) => e.kind === 'resumed').map((e) => order.lastIndexOf(e.step, last));
  return [last, ...resumed].map((p) => statusText(order[p], statuses[p], t, words)).join(' ');
}

/** The verdict once the run has ended (hidden before). */
export function drawVerdict(line: HTMLElement, scenario: LabScenario, permutation: number, level: IsolationLevel, progress: LabRunProgress, t: LabWidgetStrings, words: LabTextStrings): void {
  line.hidden = !progress.final;
  if (!progress.final) return;
  const order = scenario.permutations[permutation];
  const result = verdict(scenario, level, { permutation: order, level, events: progressEvents(progress) }, words);
  const stillWaiting = stepStatuses(order, progress).some((s) => s.state === 'waiting');
  line.textContent = `${result.line}${stillWaiting ? ` ${t.stepsLeft}` : ''}`;
  line.dataset.status = result.status;
}

/** The state panel: the committed rows, and what each session sees. */
export function drawState(panel: HTMLElement, progress: LabRunProgress, t: LabWidgetStrings): void {
  const state = progress.state;
  panel.hidden = !state;
  if (!state) return;
  const panels = [statePanel(t.committed, '', tableViews(state.committed), t)];
  for (const session of state.sessions) {
    const detail = [
      levelTitle(session.level),
      session.waiting ? fill(t.waiting, { sessions: session.waiting.for.join(', '), step: session.waiting.step }) : t[session.transaction],
    ].join(' · ');
    const part = statePanel(fill(t.session, { name: session.name }), detail, tableViews(state.committed, session.tables), t);
    part.dataset.session = session.name;
    panels.push(part);
  }
  const title = element('p', 'lab-state-title', t.state);
  panel.replaceChildren(title, element('div', 'lab-state-panels'), element('p', 'lab-legend', t.legend));
  panel.children[1].append(...panels);
}

/** The lab's title and lanes as the build draws them, for `scenario` in its order `permutation`. */
export function drawLanes(scenario: LabScenario, labels: LabViewLabels, permutation: number): Node[] {
  return labView(scenario, labels, permutation).map(hastToDom);
}
