/**
 * A run that cannot be carried out as written: a failing setup, an impossible permutation, SQL
 * the lab cannot run faithfully. Its `text` is for the reader's language; its message is the
 * same in English, for `npm run lab` and the tests. Browser-safe (in the lab's worker).
 */
import { en } from '../i18n/en.ts';
import { labTextIn, type LabText } from './lab-text.ts';

export class LabRunError extends Error {
  readonly text: LabText;

  constructor(text: LabText) {
    super(labTextIn(en.labText, text));
    this.name = 'LabRunError';
    this.text = text;
  }
}
