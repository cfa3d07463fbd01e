/** A run that cannot be carried out as written: a failing setup, an impossible permutation, SQL the lab cannot run faithfully. Browser-safe. */
export class LabRunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabRunError';
  }
}
