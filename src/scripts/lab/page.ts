/**
 * The isolation labs of a note page (markup: src/components/LabRunner.astro): every
 * ```lab block becomes a LabWidget, and all of them share one worker with one PGlite
 * database, each run brought to its step on request (a lab moved after another replays on
 * the reset database). A step may run STEP_LIMIT_MS at most, and a Stop ends it sooner
 * (client.ts). PostgreSQL starts on the first step, or once a lab has been in view
 * for a moment, so the first step answers at once.
 */
import { EngineProblem } from '../db/client.ts';
import type { LoadEvent, Problem } from '../db/messages.ts';
import { LabClient, LabStopped, STEP_LIMIT_MS } from './client.ts';
import { LabWidget, loadProgressView, type LabRunner } from './lab-widget.ts';
import { labWords } from './lab-words.ts';
import type { LabWidgetStrings } from './types.ts';
import { pageAssets } from '../sql/page-assets.ts';
import { fill, megabytes, problemText, seconds } from '../sql/strings.ts';

const PREWARM_AFTER_MS = 1500;

class LabPage {
  private readonly client: LabClient;
  private readonly t: LabWidgetStrings;
  /** The lab whose request waits for PostgreSQL: loading news goes to it. */
  private current: LabWidget | undefined;
  private loading = true;
  private observer: IntersectionObserver | undefined;
  private prewarmTimer = 0;

  constructor(root: HTMLElement, t: LabWidgetStrings) {
    this.t = t;
    this.client = new LabClient(root.dataset.dataDir!, pageAssets(), (event) => this.onLoad(event));
    const runner = { advance: (widget: LabWidget, steps: number) => this.advance(widget, steps), stop: () => this.client.stop() };
    const widgets = [...document.querySelectorAll<HTMLElement>('.note-content .lab[data-lab-block]')].map((el) => new LabWidget(el, t, runner));
    this.prewarmWhenSeen(widgets);
  }

  private async advance(widget: LabWidget, steps: number): ReturnType<LabRunner['advance']> {
    this.current = widget;
    if (this.loading) widget.say(this.t.running);
    try {
      const scenario = widget.scenario!;
      const [{ progress }, words] = await Promise.all([
        this.client.advance({ key: widget.key, scenario, level: widget.level, permutation: widget.permutation, steps }),
        labWords(),
      ]);
      return { progress, words };
    } catch (error) {
      // Another lab's step was stopped, ending the worker this request waited in: ask again.
      if (error instanceof LabStopped && error.reason === 'restart') return this.advance(widget, steps);
      if (error instanceof LabStopped && error.reason === 'closed') return undefined;
      if (error instanceof LabStopped) {
        const t = this.t;
        widget.interrupted(error.reason === 'timeout' ? fill(t.stepTimedOut, { limit: seconds(STEP_LIMIT_MS) }) : fill(t.stepStopped, { seconds: seconds(error.elapsedMs) }));
        return undefined;
      }
      if (!(error instanceof EngineProblem)) throw error;
      widget.problem(this.describe(error.problem));
      return undefined;
    } finally {
      if (this.current === widget) this.current = undefined;
    }
  }

  private onLoad(event: LoadEvent): void {
    const t = this.t;
    if (event.type === 'ready') this.loading = false;
    const text =
      event.type === 'progress'
        ? fill(event.total ? t.downloading : t.downloadingUnknown, { loaded: megabytes(event.loaded), total: megabytes(event.total ?? 0) })
        : event.type === 'starting'
          ? t.starting
          : event.type === 'ready'
            ? t.running
            : undefined;
    if (text) this.current?.say(text);
  }

  private describe(problem: Problem): string {
    return problemText(problem, this.t);
  }

  private prewarmWhenSeen(widgets: LabWidget[]): void {
    if (typeof IntersectionObserver !== 'function' || widgets.length === 0) return;
    const observer = new IntersectionObserver((entries) => {
      clearTimeout(this.prewarmTimer);
      if (!entries.some((e) => e.isIntersecting)) return;
      this.prewarmTimer = window.setTimeout(() => {
        observer.disconnect();
        this.client.boot().catch(() => undefined);
        // What draws the first step's results, while PostgreSQL loads.
        loadProgressView().catch(() => undefined);
      }, PREWARM_AFTER_MS);
    });
    for (const widget of widgets) observer.observe(widget.element);
    this.observer = observer;
  }

  /** The page is left (client-side navigation): no prewarm later, and the worker stops. */
  dispose(): void {
    clearTimeout(this.prewarmTimer);
    this.observer?.disconnect();
    this.client.close();
  }
}

/** Sets up the page's labs; returns what undoes it when client-side navigation leaves the page (src/scripts/page-lifecycle.ts). */
export function setupLabs(): (() => void) | void {
  const root = document.querySelector<HTMLElement>('.lab-runner');
  if (!root?.dataset.strings) return;
  const page = new LabPage(root, JSON.parse(root.dataset.strings) as LabWidgetStrings);
  return () => page.dispose();
}
