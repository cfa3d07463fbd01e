/**
 * A lab's step editor, loaded (with the scenario parser it needs) only when a reader opens
 * "Edit the steps": an unedited lab runs on the scenario the build parsed and wrote into the
 * page (src/core/lab/view/lab-data.ts). The block's text in a textarea; Apply (or
 * Ctrl+Enter) parses it, sets aside expectations that no longer fit the edited steps
 * (src/core/lab/view/edited-text.ts) and hands the scenario to the lab, or says what is wrong,
 * in the page's language (the parser's errors are texts: src/core/lab/spec-error.ts).
 */
import { labTextIn, type LabText } from '../../core/lab/lab-text.ts';
import type { LabScenario } from '../../core/lab/scenario.ts';
import { LabSpecError, parseLab } from '../../core/lab/spec-parser.ts';
import { parseEdited } from '../../core/lab/view/edited-text.ts';
import { element } from '../dom.ts';
import { fill, uiLang } from '../sql/strings.ts';
import { labWords } from './lab-words.ts';
import type { LabWidgetStrings } from './types.ts';

/** Fills the editor's `<details>` (its summary already there); `apply` gets each edit that parses. */
export function createStepEditor(details: HTMLElement, source: string, t: LabWidgetStrings, apply: (scenario: LabScenario) => void): void {
  const text = element('textarea', 'lab-source');
  text.value = source;
  text.rows = Math.min(24, source.split('\n').length + 1);
  text.spellcheck = false;
  text.setAttribute('aria-label', t.editorLabel);
  text.setAttribute('aria-keyshortcuts', 'Control+Enter Meta+Enter');
  const button = element('button', 'lab-apply', t.apply);
  button.type = 'button';
  button.title = t.applyHint;
  const message = element('p', 'lab-edit-error');
  message.setAttribute('role', 'alert');
  message.hidden = true;
  details.append(text, button, message);

  /** Counts the edits applied, so that an answer worded late does not replace a newer one. */
  let edits = 0;
  /** Beside the editor, where the loading news on the lab's status line cannot replace it. */
  const say = async (words: (texts: string[]) => string, texts: LabText[], note: boolean) => {
    const edit = edits;
    const table = await labWords();
    if (edit !== edits) return;
    message.textContent = words(texts.map((text) => labTextIn(table, text, uiLang)));
    message.classList.toggle('is-note', note);
    message.hidden = false;
  };
  const applyEdit = () => {
    edits++;
    let scenario: LabScenario;
    let setAside: LabText[];
    try {
      ({ scenario, setAside } = parseEdited(text.value, parseLab));
    } catch (error) {
      if (!(error instanceof LabSpecError)) throw error;
      void say(([problem]) => `${t.editError} ${problem}`, [error.text], false);
      return;
    }
    apply(scenario);
    message.hidden = true;
    if (setAside.length > 0) void say((detail) => fill(t.expectationsSetAside, { detail: detail.join('; ') }), setAside, true);
  };
  button.addEventListener('click', applyEdit);
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      applyEdit();
    }
  });
}
