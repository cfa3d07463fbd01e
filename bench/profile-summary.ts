/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time by package / source
 * area and by function, and inclusive time of a few functions of interest, so a missed
 * budget can be explained without opening DevTools.
 *
 *   node bench/profile-summary.ts <file.cpuprofile> [top=25] [inclusive-name ...]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** `node_modules/shiki/…` → `shiki`; `/src/core/render/…` → `src/core/render`. */
export function areaOf(url: string): string {
  if (!url) return '(native / GC / idle)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm !== -1) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const src = /\/(src\/[^/]+(?:\/[^/]+)?)\//.exec(url);
  if (src) return src[1];
  if (url.startsWith('node:')) return 'node internals';
  return url.replace(/^file:\/\//, '').split('/').slice(-2).join('/');
}

export function summarise(profile: Profile, inclusiveNames: string[] = []) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const inclusive = new Map<string, number>(inclusiveNames.map((n) => [n, 0]));
  let total = 0;
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    total += us;
    const area = node.callFrame.functionName === '(idle)' ? '(idle)' : areaOf(node.callFrame.url);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${areaOf(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    // Inclusive: charge the sample once to each named function on its stack.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const name = byId.get(cur)!.callFrame.functionName;
      if (inclusive.has(name) && !seen.has(name)) (seen.add(name), inclusive.set(name, inclusive.get(name)! + us));
    }
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { totalMs: total / 1000, byArea: sorted(byArea), byFunction: sorted(byFunction), inclusive: sorted(inclusive) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, topArg, ...names] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node bench/profile-summary.ts <file.cpuprofile> [top] [function names for inclusive time…]');
    process.exit(2);
  }
  const top = Number(topArg ?? 25);
  const s = summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile, names);
  const row = ([name, us]: [string, number]) => `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / 1000 / s.totalMs).toFixed(1).padStart(5)}%  ${name}`;
  console.log(`total sampled: ${(s.totalMs / 1000).toFixed(1)} s\n\nself time by area:`);
  s.byArea.slice(0, top).forEach((e) => console.log(row(e)));
  console.log('\nself time by function:');
  s.byFunction.slice(0, top).forEach((e) => console.log(row(e)));
  if (names.length) {
    console.log('\ninclusive time:');
    s.inclusive.forEach((e) => console.log(row(e)));
  }
}
