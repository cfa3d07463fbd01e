/**
 * A lab's step editor, loaded (with the scenario parser it needs) only when a reader opens
 * "Edit the steps": an unedited lab runs on the scenario the build parsed and wrote into the
 * page (src/core/lab/view/lab-data.ts). The block's text in a textarea; Apply (or
 * Ctrl+Enter) parses it, sets aside expectations that no longer fit the edited steps
 * (src/core/lab/view/edited-text.ts) and hands the scenario to the lab, or says what is wrong.
 */
import type { LabScenario } from '../../core/lab/scenario.ts';
import { LabSpecError, parseLab } from '../../core/lab/spec-parser.ts';
import { parseEdited } from '../../core/lab/view/edited-text.ts';
import { element } from '../dom.ts';
import { fill } from '../sql/strings.ts';
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

  const applyEdit = () => {
    let scenario: LabScenario;
    let setAside: string[];
    try {
      ({ scenario, setAside } = parseEdited(text.value, parseLab));
    } catch (error) {
      if (!(error instanceof LabSpecError)) throw error;
      message.textContent = `${t.editError} ${error.message}`;
      message.classList.remove('is-note');
      message.hidden = false;
      return;
    }
    apply(scenario);
    // Beside the editor, where the loading news on the lab's status line cannot replace it.
    message.hidden = setAside.length === 0;
    if (setAside.length > 0) message.textContent = fill(t.expectationsSetAside, { detail: setAside.join('; ') });
    message.classList.toggle('is-note', setAside.length > 0);
  };
  button.addEventListener('click', applyEdit);
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      applyEdit();
    }
  });
}
