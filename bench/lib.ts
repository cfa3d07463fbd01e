/**
 * Shared helpers for the benchmarks: paths, running a command while sampling the peak
 * memory of its whole process tree, and printing Markdown tables.
 */
import type { Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Scratch space for generated vaults and build outputs (gitignored). */
export const OUT = path.join(ROOT, 'bench/.out');
export const ASTRO = path.join(ROOT, 'node_modules/.bin/astro');

/** The environment with the project's Node 24 first on PATH, as `npm run` would set it. */
export function projectEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${path.join(ROOT, 'node_modules/.bin')}${path.delimiter}${process.env.PATH}`,
    ASTRO_TELEMETRY_DISABLED: '1',
    ...extra,
  };
}

export interface TimedLine { ms: number; text: string }

/** pid → ppid for every process, from /proc/<pid>/stat (the field after the `(comm)`). */
function parentMap(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // The process exited between readdir and read.
    }
  }
  return parents;
}

export interface ProcRss { pid: number; name: string; rss: number }

function statusOf(pid: number): ProcRss | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    return { pid, name: /Name:\s+(.*)/.exec(status)?.[1] ?? '?', rss: rss ? Number(rss[1]) * 1024 : 0 };
  } catch {
    return undefined;
  }
}

/** VmRSS of `root` and each of its descendants (a page shared by two processes counts twice). */
export function treeRss(root: number): ProcRss[] {
  const parents = parentMap();
  const tree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parents) if (tree.has(ppid) && !tree.has(pid)) (tree.add(pid), (grew = true));
  }
  return [...tree].map(statusOf).filter((p) => p !== undefined);
}

/** A process's memory: RSS, and PSS (each shared page divided among the processes sharing it). */
export interface ProcMemory { pid: number; type: string; rss: number; pss: number }

/**
 * RSS and PSS (from /proc/<pid>/smaps_rollup) of each descendant of `root`, with Chromium's
 * process type (`--type=renderer`, `gpu-process`, a utility's sub-type; `browser` for the
 * main process). Summed PSS counts a page shared by many processes once.
 */
export function treeMemory(root: number): ProcMemory[] {
  return treeRss(root).flatMap(({ pid }) => {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0) * 1024;
      // Chromium rewrites its children's command lines with spaces between the arguments.
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
      const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
      const type = flag('type') ?? 'browser';
      const sub = flag('utility-sub-type');
      return [{ pid, type: sub ? `${type} (${sub})` : type, rss: kb('Rss'), pss: kb('Pss') }];
    } catch {
      // The process exited while being read.
      return [];
    }
  });
}

export interface RunResult {
  code: number;
  wallMs: number;
  /** User + system CPU time of the command and its descendants (from /usr/bin/time). */
  cpuMs: number;
  /** Largest sum of VmRSS over the process tree seen while it ran, when, and who held it. */
  peakRss: number;
  peakAtMs: number;
  peakProcesses: ProcRss[];
  /** Every sample: time and tree RSS. */
  samples: { ms: number; rss: number }[];
  lines: TimedLine[];
}

const SAMPLE_INTERVAL_MS = 50;
const TIME = '/usr/bin/time';

/**
 * An npm script of package.json as a command and its arguments, `extra` appended: a bench runs
 * what `npm run <name> -- <extra>` runs (its Node flags included) without npm's own start.
 */
export function npmScript(name: string, ...extra: string[]): [string, string[]] {
  const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const [command, ...args] = scripts[name].split(' ');
  return [command, [...args, ...extra]];
}

/**
 * Runs a command to completion under /usr/bin/time (for CPU time), timestamping every
 * output line and sampling the RSS of the whole process tree every 50 ms.
 */
export function runMeasured(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; echo?: (line: string) => boolean } = {},
): Promise<RunResult> {
  const timeFile = path.join(tmpdir(), `vault-kb-bench-time-${process.pid}-${Date.now()}`);
  const useTime = existsSync(TIME);
  const [cmd, argv] = useTime ? [TIME, ['-o', timeFile, '-f', '%U %S', command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(cmd, argv, { cwd: options.cwd ?? ROOT, env: options.env ?? projectEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: TimedLine[] = [];
    let peak = { rss: 0, at: 0, processes: [] as ProcRss[] };
    const samples: { ms: number; rss: number }[] = [];
    const sample = () => {
      if (child.pid === undefined) return;
      const processes = treeRss(child.pid);
      const rss = processes.reduce((sum, p) => sum + p.rss, 0);
      const ms = performance.now() - start;
      samples.push({ ms, rss });
      if (rss > peak.rss) peak = { rss, at: ms, processes };
    };
    const timer = setInterval(sample, SAMPLE_INTERVAL_MS);
    const collect = (stream: NodeJS.ReadableStream) => {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const parts = (rest + chunk).split('\n');
        rest = parts.pop() ?? '';
        const ms = performance.now() - start;
        for (const text of parts) {
          lines.push({ ms, text });
          if (options.echo?.(text)) console.log(`    ${text}`);
        }
      });
      stream.on('end', () => rest && lines.push({ ms: performance.now() - start, text: rest }));
    };
    collect(child.stdout!);
    collect(child.stderr!);
    child.on('error', (error) => (clearInterval(timer), reject(error)));
    child.on('close', (code) => {
      clearInterval(timer);
      const wallMs = performance.now() - start;
      let cpuMs = Number.NaN;
      if (useTime && existsSync(timeFile)) {
        const [user, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
        cpuMs = (user + sys) * 1000;
        rmSync(timeFile, { force: true });
      }
      const processes = peak.processes.filter((p) => p.rss > 16 * 2 ** 20).sort((a, b) => b.rss - a.rss);
      resolve({ code: code ?? 1, wallMs, cpuMs, peakRss: peak.rss, peakAtMs: peak.at, peakProcesses: processes, samples, lines });
    });
  });
}

/** Astro's log lines carry ANSI colours when a terminal is attached; strip them for matching. */
export function plain(text: string): string {
  return stripVTControlCharacters(text);
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
/** Milliseconds as the budget tables print them. */
export const ms = (v: number) => `${Math.round(v)} ms`;
/** The spread of a few runs, `min–max`. */
export const range = (v: number[]) => `${ms(Math.min(...v))}–${ms(Math.max(...v))}`;
/** A budget table's result column. */
export const verdict = (ok: boolean) => (ok ? 'pass' : '**FAIL**');
export const megabytes = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
export const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function table(headers: string[], rows: (string | number)[][]): string {
  const all = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(headers), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map((r) => line(r.map(String)))].join('\n');
}

/**
 * Milliseconds from clicking Run on the runnable block `selector` (SQL or Python) until it
 * has a result: until its data-state leaves `running` (it may show an earlier result).
 */
export async function clickToDone(page: Page, selector: string): Promise<number> {
  await page.locator(`${selector} .sql-run`).waitFor();
  return page.evaluate(
    (selector) =>
      new Promise<number>((resolve) => {
        const target = document.querySelector<HTMLElement>(selector)!;
        const started = performance.now();
        new MutationObserver((records) => {
          if (records.some((r) => r.oldValue === 'running') && target.dataset.state !== 'running') resolve(performance.now() - started);
        }).observe(target, { attributes: true, attributeFilter: ['data-state'], attributeOldValue: true });
        target.querySelector<HTMLButtonElement>('.sql-run')!.click();
      }),
    selector,
  );
}
