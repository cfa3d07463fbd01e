/** A malformed scenario block: the message and the 1-based line (in the note or file) it is about. */
export class LabSpecError extends Error {
  readonly line: number;

  constructor(message: string, line: number) {
    super(`line ${line}: ${message}`);
    this.name = 'LabSpecError';
    this.line = line;
  }
}
