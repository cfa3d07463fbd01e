/**
 * An isolation scenario: shared setup, two to four sessions with their steps, and the
 * order to run the steps in. The same shape whether it was written in PostgreSQL's
 * isolationtester format or the compact one (see spec-parser.ts), and whichever engine
 * runs it: the PGlite engine in the browser or a real PostgreSQL server (the oracle).
 */
export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

export interface LabStep {
  /** Unique in the scenario: `s1u`, or `A1` for compact specs. */
  name: string;
  session: string;
  sql: string;
  /** 1-based line in the note or spec file, for messages. */
  line: number;
}

export interface LabSession {
  name: string;
  /** Run when the session connects, before the first step (isolationtester's per-session setup). */
  setup: string[];
  /** Isolation level its transactions start with, unless its SQL says otherwise. */
  level?: IsolationLevel;
  steps: LabStep[];
  /** isolationtester's per-session teardown, run after the permutation's last step. */
  teardown?: string[];
}

/**
 * isolationtester's annotation on a permutation step, which delays when its completion is
 * reported: `s1a(s2b)` while step s2b is still running; `s1a(s2b notices 1)` until s2b's
 * session has sent one more notice; `s1a(*)` reported waiting once, whatever happens.
 */
export type StepBlocker = { kind: 'step'; step: string } | { kind: 'notices'; step: string; count: number } | { kind: 'once' };

export interface LabScenario {
  title?: string;
  /** Shared setup blocks, each run in its own transaction before the sessions start. */
  setup: string[];
  teardown: string[];
  sessions: LabSession[];
  /** Step names in the order they are issued; several permutations for isolationtester specs. */
  permutations: string[][];
  /** Markers of isolationtester specs: per permutation, per position (absent without any). */
  blockers?: StepBlocker[][][];
  /** What the author says should happen, per isolation level (one line each, shown as the verdict). */
  expected: Partial<Record<IsolationLevel, string>>;
  /** The same lines, parsed (expectation-parser.ts): what a run is checked against. */
  expectations: Partial<Record<IsolationLevel, Expectation>>;
}

/** One expectation line, parsed: the checks a run at that level must pass, and its label. */
export interface Expectation {
  label?: string;
  errors: { step: string; code: string }[];
  waits: { step: string; until?: string }[];
  rows: { step: string; rows: (string | null)[][] }[];
  tags: { step: string; tag: string }[];
}

/** What one step did, as both engines report it, for the step-by-step comparison. */
export interface StepResult {
  /** PostgreSQL's command tag of the step's last statement (`UPDATE 1`, `COMMIT`, `ROLLBACK`). */
  tag?: string;
  columns?: string[];
  /** Rows in text format; NULL is null. */
  rows?: (string | null)[][];
  /** SQLSTATE of the error the step failed with. */
  error?: { code: string; message: string };
  /** Notices the step raised, in order. */
  notices?: string[];
}

export type TranscriptEvent =
  /** A step was issued and completed at once. */
  | { kind: 'done'; step: string; session: string; result: StepResult }
  /** A step was issued and is waiting for a lock; `waitsFor` names the sessions holding it, when known. */
  | { kind: 'waiting'; step: string; session: string; waitsFor?: string[] }
  /** A step that was waiting completed, right after the step named in `after` was issued. */
  | { kind: 'resumed'; step: string; session: string; after: string; result: StepResult };

export interface Transcript {
  permutation: string[];
  level: IsolationLevel;
  events: TranscriptEvent[];
}

/** An engine runs one permutation of a scenario at one isolation level. */
export interface LabEngine {
  readonly name: string;
  run(scenario: LabScenario, permutation: string[], level: IsolationLevel, blockers?: StepBlocker[][]): Promise<Transcript>;
}
