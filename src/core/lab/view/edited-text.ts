/**
 * A reader's edit of a lab: its steps always run. An expectation line that no longer fits
 * the edited steps (it names a step that is gone, "unknown step B4") is set aside, not a
 * reason to refuse the edit, and the lab says that the expectations no longer apply. Any
 * other error in the text is still the reader's to fix. What was set aside is kept as texts
 * (lab-text.ts), for the page to word in its language. Browser-safe.
 */
import type { LabText } from '../lab-text.ts';
import { LabSpecError } from '../spec-error.ts';
import type { LabScenario } from '../scenario.ts';

const HEADER = /^--\s*(setup|teardown|steps|expect)\s*:?\s*$/i;

/** Line `i` (0-based) states an expectation: `# expect …`, or a line in a `-- expect` section. */
export function isExpectationLine(lines: readonly string[], i: number): boolean {
  if (/^\s*#\s*expect\s/i.test(lines[i] ?? '')) return true;
  for (let j = i; j >= 0; j--) {
    const header = HEADER.exec(lines[j].trim());
    if (header) return j < i && header[1].toLowerCase() === 'expect';
  }
  return false;
}

export function parseEdited(text: string, parse: (text: string) => LabScenario): { scenario: LabScenario; setAside: LabText[] } {
  const lines = text.split('\n');
  const setAside: LabText[] = [];
  // Each pass sets one line aside; a text has no more expectation lines than lines.
  for (;;) {
    try {
      return { scenario: parse(lines.join('\n')), setAside };
    } catch (error) {
      if (!(error instanceof LabSpecError) || !isExpectationLine(lines, error.line - 1)) throw error;
      setAside.push(error.text);
      // Blanked, not removed: the other lines keep their numbers for later errors.
      lines[error.line - 1] = '';
    }
  }
}
