/**
 * A malformed scenario block: what is wrong, kept as a LabText (lab-text.ts, the string
 * table's `labText.parse`) so the step editor can say it in the page's language, and the
 * 1-based line (in the note or file) it is about. Its message is the same in English
 * (`line 6: …`), for `npm run lab`, `npm run check` and the build. Browser-safe (loaded
 * with the step editor).
 */
import { en } from '../i18n/en.ts';
import { labMessage, labTextIn, type LabText, type LabTextStrings, type LabValue } from './lab-text.ts';

export class LabSpecError extends Error {
  readonly line: number;
  /** The whole text, line included (`line {line}: {message}`). */
  readonly text: LabText;

  constructor(text: LabText, line: number) {
    const located = labMessage('parse', 'atLine', { line, message: text });
    super(labTextIn(en.labText, located));
    this.name = 'LabSpecError';
    this.line = line;
    this.text = located;
  }
}

/** A parse error's text: a key of `labText.parse` and its values. */
export function parseText(key: keyof LabTextStrings['parse'] & string, values: Record<string, LabValue> = {}): LabText {
  return labMessage('parse', key, values);
}
