/**
 * A scenario laid out as the lab shows it: one lane (column) per session, in the order the
 * sessions are declared, and one row per issued step, in time order. Browser-safe.
 */
import type { LabScenario, LabSession, LabStep } from '../scenario.ts';

export interface LaneRow {
  /** 0-based position in the permutation. */
  position: number;
  step: LabStep;
  /** Index of the step's session in `sessions`. */
  lane: number;
}

export interface Lanes {
  sessions: LabSession[];
  rows: LaneRow[];
}

export function labLanes(scenario: LabScenario, permutation = 0): Lanes {
  const steps = new Map(scenario.sessions.flatMap((session) => session.steps.map((step) => [step.name, step] as const)));
  const lane = new Map(scenario.sessions.map((session, i) => [session.name, i]));
  const rows = (scenario.permutations[permutation] ?? []).map((name, position): LaneRow => {
    const step = steps.get(name)!;
    return { position, step, lane: lane.get(step.session)! };
  });
  return { sessions: scenario.sessions, rows };
}
