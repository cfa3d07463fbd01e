/**
 * The lab the reader drives, on one database for every lab of a page: a run is brought to
 * "n steps issued" on request. Going forward issues the next steps on the live run; going
 * back (or to another scenario, level or permutation) resets the database and replays the
 * first n steps, which is cheaper than keeping a database per position (PGlite costs about
 * 250 MB an instance in a browser). A statement the engine refuses (LabRunError) ends the
 * run on its step: the reader can still go back, reset or edit. Browser-safe; the browser's
 * worker (src/scripts/lab/worker.ts) and the unit tests both drive it.
 */
import type { ProtocolDatabase } from '../sql/session.ts';
import type { LabText } from './lab-text.ts';
import { LabRunError } from './run-error.ts';
import type { IsolationLevel, LabScenario, TranscriptEvent } from './scenario.ts';
import { LabStepper, type LabState } from './stepper.ts';

export interface LabRunRequest {
  /** Names the run: a request with another key starts afresh (an edited scenario, another lab). */
  key: string;
  scenario: LabScenario;
  level: IsolationLevel;
  /** Index into scenario.permutations. */
  permutation: number;
  /** How many of the permutation's steps should have been issued. */
  steps: number;
}

export interface LabRunProgress {
  /** Steps issued: `steps`, or fewer when one was refused or the permutation is shorter. */
  issued: number;
  /** Per issued step, the events it caused: its own (done or waiting) and the resumed steps it unblocked. */
  byStep: TranscriptEvent[][];
  /** Events after the last step (finish), once every step of the permutation was issued. */
  final?: TranscriptEvent[];
  /** The database between steps: undefined when the setup itself failed. */
  state?: LabState;
  /**
   * The run cannot go on: `step` is the step whose statement was refused (none: the setup
   * failed); `text` says why in any language, `message` in English.
   */
  refused?: { step?: string; position?: number; message: string; text: LabText };
}

/** A database back in its freshly booted state (reset, or booted anew when a reset cannot be proven). */
export type FreshDatabase = () => Promise<ProtocolDatabase>;

interface LiveRun {
  key: string;
  stepper?: LabStepper;
  byStep: TranscriptEvent[][];
  final?: TranscriptEvent[];
  refused?: LabRunProgress['refused'];
}

export class LabReplayer {
  private live: LiveRun | undefined;
  private readonly fresh: FreshDatabase;
  private readonly onStep: () => void;

  /** `onStep`: told before the setup and each step, so the page can time each one (and stop it). */
  constructor(fresh: FreshDatabase, onStep: () => void = () => {}) {
    this.fresh = fresh;
    this.onStep = onStep;
  }

  async advance(request: LabRunRequest): Promise<LabRunProgress> {
    const { scenario, permutation } = request;
    const order = scenario.permutations[permutation] ?? [];
    const target = Math.min(Math.max(0, request.steps), order.length);
    let run = this.live;
    // Going back, or back over a refused step: only a replay from the start restores that state.
    if (!run || run.key !== request.key || run.byStep.length > target || (run.refused && target <= run.byStep.length)) run = await this.start(request);
    try {
      while (!run.refused && run.stepper && run.byStep.length < target) {
        const position = run.byStep.length;
        const name = order[position];
        try {
          this.onStep();
          run.byStep.push(await run.stepper.step(name, scenario.blockers?.[permutation]?.[position] ?? []));
        } catch (error) {
          if (!(error instanceof LabRunError)) throw error;
          run.refused = { step: name, position, message: error.message, text: error.text };
        }
      }
      if (run.stepper && !run.refused && !run.final && run.byStep.length === order.length) run.final = run.stepper.finish();
    } catch (error) {
      // The database is in a state no request can name: the next one starts afresh.
      this.live = undefined;
      throw error;
    }
    return { issued: run.byStep.length, byStep: run.byStep, final: run.final, state: run.stepper?.state(), refused: run.refused };
  }

  private async start(request: LabRunRequest): Promise<LiveRun> {
    this.live = undefined;
    const db = await this.fresh();
    const run: LiveRun = { key: request.key, byStep: [] };
    this.onStep();
    try {
      run.stepper = await LabStepper.start(db, request.scenario, request.level);
    } catch (error) {
      if (!(error instanceof LabRunError)) throw error;
      run.refused = { message: error.message, text: error.text };
    }
    this.live = run;
    return run;
  }
}
