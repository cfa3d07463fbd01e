/**
 * All benchmarks in sequence (`npm run bench`): full builds of 1,000 and 5,000 notes,
 * link resolution at 1k/5k/20k, page weight, the Markdown engine comparison, the SQL
 * runner, a second page after one ran SQL, the relationship views, the isolation lab, the graph view (Chromium) and hostile
 * vaults (bench/hostile.ts). Prints
 * the machine, the tables and the verdicts, and writes them to bench/.out/results/report.md
 * (docs/benchmarks.md is written from that report).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildTables, runBuildBench } from './build.ts';
import { runLinkBench } from './link-resolution.ts';
import { runEngineBench } from './md-engines.ts';
import { runGraphBench } from './graph.ts';
import { runPageWeight } from './page-weight.ts';
import { runRelationshipsBench } from './relationships.ts';
import { runSqlBench } from './sql.ts';
import { runSecondPageBench } from './second-page.ts';
import { runLabBench } from './lab.ts';
import { runHostileBench } from './hostile.ts';
import { OUT, ROOT } from './lib.ts';

function machine(): string {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? '?';
  const memKb = Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0);
  const version = (pkg: string) => (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  const commit = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const dirty = execFileSync('git', ['-C', ROOT, 'status', '--porcelain', '--', 'src'], { encoding: 'utf8' }).trim() ? ' + uncommitted changes in src/' : '';
  return [
    `- Date: ${execFileSync('date', { encoding: 'utf8' }).trim()}`,
    `- CPU: ${model}, ${os.cpus().length} cores; RAM: ${(memKb / 2 ** 20).toFixed(1)} GB`,
    `- Node ${process.version}, Astro ${version('astro')}, Pagefind ${version('pagefind')}, Shiki ${version('shiki')}`,
    `- Code: ${commit}${dirty}; load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  ].join('\n');
}

const started = performance.now();
const sections: string[] = [`## Machine\n\n${machine()}`];
console.log(sections[0]);

const builds = await runBuildBench([1000, 5000]);
sections.push(`## Full build\n\n${buildTables(builds)}`);
sections.push(`## Link resolution\n\n${await runLinkBench([1000, 5000, 20000])}`);
sections.push(`## Page weight\n\n${await runPageWeight()}`);
sections.push(`## Markdown engines (1,000 notes)\n\n${await runEngineBench(1000)}`);
sections.push(`## Runnable SQL\n\n${await runSqlBench()}`);
sections.push(`## A second page\n\n${await runSecondPageBench()}`);
sections.push(`## Relationships and changes\n\n${await runRelationshipsBench()}`);
sections.push(`## Isolation lab\n\n${await runLabBench()}`);
sections.push(`## Graph view\n\n${await runGraphBench()}`);
sections.push(`## Hostile vaults (2,000 notes)\n\n${await runHostileBench(2000)}`);

const report = `# Benchmark report\n\n${sections.join('\n\n')}\n\n(all benchmarks: ${((performance.now() - started) / 60000).toFixed(1)} min)\n`;
mkdirSync(path.join(OUT, 'results'), { recursive: true });
writeFileSync(path.join(OUT, 'results/report.md'), report);
console.log(`\n${report}\nwritten to bench/.out/results/report.md`);
