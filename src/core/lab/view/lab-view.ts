/**
 * The markup of a ```lab block, as readers see it before any script runs (and in Obsidian's
 * spirit, readable as it is): its title, the setup folded, one lane per session with the
 * steps in time order, and what the author expects at each level. The build renders it
 * (src/core/render/lab-markup.ts); the browser renders it again from an edited scenario,
 * then adds the controls (src/scripts/lab). Built as hast, so both share one function.
 * Browser-safe.
 */
import type { Element } from 'hast';
import { levelTitle, LEVELS } from '../levels.ts';
import type { LabScenario } from '../scenario.ts';
import { el } from './hast.ts';
import { labLanes } from './lanes.ts';

/** The words of the lab's static markup, in the site's interface language (src/core/render/labels.ts). */
export interface LabViewLabels {
  lab: string;
  setup: string;
  time: string;
  expected: string;
  permutation: string;
  parseError: string;
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (slot, name: string) => (name in values ? String(values[name]) : slot));
}

/** The lanes table: a row per step in time order, a column per session. */
export function lanesTable(scenario: LabScenario, labels: LabViewLabels, permutation = 0): Element {
  const { sessions, rows } = labLanes(scenario, permutation);
  const head = el(
    'tr',
    {},
    el('th', { scope: 'col', className: ['lab-time'] }, labels.time),
    ...sessions.map((s) => el('th', { scope: 'col', dataSession: s.name }, s.name, s.level && el('span', { className: ['lab-fixed-level'] }, ` ${levelTitle(s.level)}`))),
  );
  const body = rows.map(({ position, step, lane }) =>
    el(
      'tr',
      { className: ['lab-row'], dataPosition: position, dataStep: step.name },
      el('th', { scope: 'row', className: ['lab-time'] }, String(position + 1)),
      ...sessions.map((_, i) =>
        i === lane
          ? el(
              'td',
              { className: ['lab-step'], dataSession: step.session },
              el('span', { className: ['lab-step-name'] }, step.name),
              el('code', { className: ['lab-sql'] }, step.sql),
              el('div', { className: ['lab-result'] }),
            )
          : el('td', { className: ['lab-idle'] }),
      ),
    ),
  );
  return el('table', { className: ['lab-lanes'] }, el('thead', {}, head), el('tbody', {}, ...body));
}

/** Everything of a lab but its controls; `source` is the block's text, for the reader's editor. */
export function labView(scenario: LabScenario, labels: LabViewLabels, permutation = 0): Element[] {
  const expected = LEVELS.filter((level) => scenario.expected[level] !== undefined);
  const permutations = scenario.permutations.length;
  return [
    el('p', { className: ['lab-title'] }, scenario.title ?? labels.lab),
    scenario.setup.length > 0 &&
      el('details', { className: ['lab-setup'] }, el('summary', {}, labels.setup), el('pre', {}, el('code', { className: ['language-sql'] }, scenario.setup.join('\n').trim()))),
    permutations > 1 && el('p', { className: ['lab-permutation'] }, fill(labels.permutation, { n: permutation + 1, total: permutations })),
    el('div', { className: ['lab-lanes-wrap'] }, lanesTable(scenario, labels, permutation)),
    expected.length > 0 &&
      el(
        'div',
        { className: ['lab-expected'] },
        el('p', { className: ['lab-expected-title'] }, labels.expected),
        el('dl', {}, ...expected.flatMap((level) => [el('dt', {}, levelTitle(level)), el('dd', {}, scenario.expected[level]!)])),
      ),
  ].filter((e): e is Element => e !== false);
}

/** A block that does not parse: the error with its line, and the text as written. */
export function labErrorView(message: string, source: string, labels: LabViewLabels): Element[] {
  return [
    el('p', { className: ['lab-parse-error'], role: 'alert' }, `${labels.parseError}: ${message}`),
    el('pre', {}, el('code', {}, source)),
  ];
}
