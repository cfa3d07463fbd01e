/**
 * What each row of the lanes shows after a run has been brought to some step: not issued
 * yet, waiting (and for whom), done (with its result, and the step it resumed after), or
 * refused by the lab. Rows are positions in the permutation, so a step that an
 * isolationtester permutation issues twice has a row for each issue. Browser-safe.
 */
import type { LabText } from '../lab-text.ts';
import type { LabRunProgress } from '../replayer.ts';
import type { StepResult, TranscriptEvent } from '../scenario.ts';

export type StepStatus =
  | { state: 'pending' }
  | { state: 'waiting'; waitsFor: string[] }
  | { state: 'done'; result: StepResult; resumedAfter?: string }
  | { state: 'refused'; text: LabText };

export function stepStatuses(permutation: readonly string[], progress: Pick<LabRunProgress, 'byStep' | 'final' | 'refused'>): StepStatus[] {
  const statuses: StepStatus[] = permutation.map(() => ({ state: 'pending' }));
  /** Positions whose step is waiting, by step name, oldest first. */
  const waiting = new Map<string, number[]>();
  const apply = (event: TranscriptEvent, position: number | undefined) => {
    if (event.kind === 'resumed') {
      const at = waiting.get(event.step)?.shift();
      if (at !== undefined) statuses[at] = { state: 'done', result: event.result, resumedAfter: event.after };
      return;
    }
    // A step's own event; isolationtester may report one issued earlier (a marker), so look back.
    const at = position !== undefined && permutation[position] === event.step ? position : permutation.lastIndexOf(event.step, position);
    if (at < 0) return;
    if (event.kind === 'done') statuses[at] = { state: 'done', result: event.result };
    else {
      statuses[at] = { state: 'waiting', waitsFor: event.waitsFor ?? [] };
      waiting.set(event.step, [...(waiting.get(event.step) ?? []), at]);
    }
  };
  progress.byStep.forEach((events, position) => events.forEach((event) => apply(event, position)));
  progress.final?.forEach((event) => apply(event, undefined));
  const refused = progress.refused;
  if (refused?.position !== undefined) statuses[refused.position] = { state: 'refused', text: refused.text };
  return statuses;
}

/** The whole run's events in time order, for verdict(). */
export function progressEvents(progress: Pick<LabRunProgress, 'byStep' | 'final'>): TranscriptEvent[] {
  return [...progress.byStep.flat(), ...(progress.final ?? [])];
}
