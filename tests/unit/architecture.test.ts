/**
 * The layers, defended. Every import in src/ (type imports, `import()`, worker entries
 * written as `new URL('./x.ts', import.meta.url)`, and the frontmatter and `<script>`
 * blocks of .astro files) is read with @babel/parser into one graph, and:
 *
 * - src/core imports only src/core and packages: no Node built-in (`node:fs` or `fs`), no
 *   Node-only package, nothing of Astro, and it compiles without the DOM and Node type
 *   libraries (tsconfig.core.json), so no `document`, `window` or `process` either;
 * - nothing a browser bundle reaches (src/scripts/**, the `<script>` of components) leads
 *   to a Node built-in, a Node-only package, src/node, src/shell or src/cli;
 * - src/node is Node's by rule, whatever file is added there: src/cli, src/shell, Astro's
 *   frontmatter and pages, and tools/, bench/ and tests/ (which are not in the graph)
 *   may import it freely; src/core and the browser may not;
 * - no import cycle anywhere in src/, type imports included (shared types go to a
 *   `types.ts` of their own).
 *
 * A failure prints the offending import chain, file:line at each step.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { parse } from '@babel/parser';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC = path.join(ROOT, 'src');

/** Packages that only run in Node (native code, sockets, threads). */
const NODE_ONLY_PACKAGES = new Set(['pg', 'piscina', '@resvg/resvg-js', 'pagefind']);


interface Edge {
  /** A file relative to the repository (`src/core/x.ts`), or the specifier of a package or built-in. */
  to: string;
  line: number;
  typeOnly: boolean;
  /** A file of src/, not a package or built-in. */
  local: boolean;
  /** `new URL('./worker.ts', import.meta.url)`: the file starts a thread of its own, so it is reached but no import cycle runs through it. */
  workerEntry: boolean;
}

/** `foo.astro` has two modules: its frontmatter (server) and its `<script>` (browser). */
const BROWSER_PART = '#script';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|mts|astro|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)));
}

/** The code of a module, with its first line's number: .astro files give their frontmatter and their processed `<script>`s. */
function modulesOf(file: string): { id: string; code: string; firstLine: number }[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  if (!file.endsWith('.astro')) return [{ id: file, code: text, firstLine: 1 }];
  const lineAt = (offset: number) => text.slice(0, offset).split('\n').length;
  const modules: { id: string; code: string; firstLine: number }[] = [];
  const front = /^---\n([\s\S]*?)\n---/.exec(text);
  if (front) modules.push({ id: file, code: front[1], firstLine: 2 });
  for (const script of text.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/g)) {
    if (/\bis:inline\b|\bset:html\b/.test(script[1] ?? '')) continue;
    modules.push({ id: file + BROWSER_PART, code: script[2], firstLine: lineAt(script.index + script[0].indexOf('>') + 1) });
  }
  return modules;
}

function resolveLocal(from: string, specifier: string): string {
  const bare = specifier.replace(/\?.*$/, '');
  const base = path.resolve(path.dirname(path.join(ROOT, from)), bare);
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
    try {
      if (readFileSync(candidate)) return path.relative(ROOT, candidate);
    } catch {
      // Not this candidate: try the next.
    }
  }
  throw new Error(`${from}: cannot resolve ${specifier}`);
}

type AstNode = { type: string; loc?: { start: { line: number } } | null; [key: string]: unknown };

function walk(node: unknown, visit: (node: AstNode) => void): void {
  if (Array.isArray(node)) for (const child of node) walk(child, visit);
  else if (node && typeof node === 'object') {
    if (typeof (node as AstNode).type === 'string') visit(node as AstNode);
    for (const [key, value] of Object.entries(node)) if (key !== 'loc' && key !== 'extra') walk(value, visit);
  }
}

const isString = (node: unknown): node is { type: 'StringLiteral'; value: string } =>
  !!node && typeof node === 'object' && (node as AstNode).type === 'StringLiteral';

function importsOf(id: string, code: string, firstLine: number): Edge[] {
  const file = id.replace(BROWSER_PART, '');
  // Astro's frontmatter may `return` (a redirect) outside a function.
  const ast = parse(code, { sourceType: 'module', plugins: ['typescript'], startLine: firstLine, allowReturnOutsideFunction: true, sourceFilename: id });
  const edges: Edge[] = [];
  const add = (specifier: string, node: AstNode, typeOnly: boolean, workerEntry = false) => {
    const local = specifier.startsWith('.');
    edges.push({ to: local ? resolveLocal(file, specifier) : specifier, line: node.loc?.start.line ?? 0, typeOnly, local, workerEntry });
  };
  walk(ast.program, (node) => {
    if (node.type === 'ImportDeclaration' || node.type === 'ExportNamedDeclaration' || node.type === 'ExportAllDeclaration') {
      if (!isString(node.source)) return;
      const specifiers = (node.specifiers as { importKind?: string; exportKind?: string }[] | undefined) ?? [];
      const typeOnly =
        node.importKind === 'type' ||
        node.exportKind === 'type' ||
        (specifiers.length > 0 && specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type'));
      add(node.source.value, node, typeOnly);
    } else if (node.type === 'CallExpression' && (node.callee as AstNode).type === 'Import') {
      const [argument] = node.arguments as unknown[];
      if (isString(argument)) add(argument.value, node, false);
    } else if (node.type === 'TSImportType') {
      const argument = node.argument as AstNode & { literal?: unknown };
      const literal = isString(argument) ? argument : argument?.literal;
      if (isString(literal)) add(literal.value, node, true);
    } else if (node.type === 'NewExpression' && (node.callee as AstNode & { name?: string }).name === 'URL') {
      const [target, base] = node.arguments as AstNode[];
      const meta = base as AstNode & { object?: AstNode; property?: { name?: string } };
      if (isString(target) && target.value.startsWith('.') && meta?.object?.type === 'MetaProperty' && meta.property?.name === 'url') {
        add(target.value, node, false, true);
      }
    }
  });
  return edges;
}

function buildGraph(): Map<string, Edge[]> {
  const graph = new Map<string, Edge[]>();
  for (const file of sourceFiles(SRC)) {
    for (const { id, code, firstLine } of modulesOf(file)) graph.set(id, importsOf(id, code, firstLine));
  }
  return graph;
}

const graph = buildGraph();
const inside = (file: string, folder: string) => file.startsWith(`${folder}/`);
const packageName = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
const isNodeOnly = (edge: Edge) => !edge.local && (isBuiltin(edge.to) || NODE_ONLY_PACKAGES.has(packageName(edge.to)));
/** One step of a chain: where the import is, and whether it imports types only. */
const step = (file: string, edge: Edge) => `${file}:${edge.line}${edge.typeOnly ? ' (type import)' : ''}`;
const isAstro = (edge: Edge) =>
  edge.local ? edge.to.endsWith('.astro') : edge.to === 'astro' || edge.to.startsWith('astro:') || edge.to.startsWith('astro/') || edge.to.startsWith('@astrojs/');

/** Breadth-first from the roots: each forbidden import found, as the chain that reaches it. */
function forbiddenChains(roots: string[], forbidden: (edge: Edge) => boolean, allowed: (file: string) => boolean = () => true): string[] {
  const cameFrom = new Map<string, { from: string; edge: Edge } | null>(roots.map((root) => [root, null]));
  /** The imports that led to a file, `importer:line` each. */
  const chainTo = (file: string): string[] => {
    const steps: string[] = [];
    for (let at = cameFrom.get(file); at; at = cameFrom.get(at.from)) steps.unshift(step(at.from, at.edge));
    return steps;
  };
  const found: string[] = [];
  const queue = [...roots];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    for (const edge of graph.get(file) ?? []) {
      if (forbidden(edge)) {
        found.push([...chainTo(file), step(file, edge), edge.to].join(' → '));
      } else if (edge.local && allowed(edge.to) && !cameFrom.has(edge.to)) {
        cameFrom.set(edge.to, { from: file, edge });
        queue.push(edge.to);
      }
    }
  }
  return found;
}

/** Tarjan's strongly connected components: every group of files that import each other. */
function cycles(): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (file: string) => {
    index.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    onStack.add(file);
    for (const edge of graph.get(file) ?? []) {
      if (!edge.local || edge.workerEntry) continue;
      if (!index.has(edge.to)) {
        visit(edge.to);
        low.set(file, Math.min(low.get(file) as number, low.get(edge.to) as number));
      } else if (onStack.has(edge.to)) low.set(file, Math.min(low.get(file) as number, index.get(edge.to) as number));
    }
    if (low.get(file) === index.get(file)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        group.push(member);
      } while (member !== file);
      if (group.length > 1 || (graph.get(file) ?? []).some((edge) => edge.to === file)) groups.push(group.sort());
    }
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return groups;
}

/** One cycle of a group, as an import chain back to where it started. */
function cycleChain(group: string[]): string {
  const members = new Set(group);
  const start = group[0];
  const cameFrom = new Map<string, { from: string; edge: Edge }>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    for (const edge of graph.get(file) ?? []) {
      if (!members.has(edge.to) || edge.workerEntry) continue;
      if (edge.to === start) {
        const steps = [step(file, edge)];
        for (let at = cameFrom.get(file); at; at = cameFrom.get(at.from)) steps.unshift(step(at.from, at.edge));
        const chain = [...steps, start].join(' → ');
        return group.length > steps.length ? `${chain} (with ${group.filter((f) => !chain.includes(f)).join(', ')})` : chain;
      }
      if (!cameFrom.has(edge.to) && edge.to !== start) {
        cameFrom.set(edge.to, { from: file, edge });
        queue.push(edge.to);
      }
    }
  }
  return group.join(', ');
}

describe('architecture', () => {
  const core = [...graph.keys()].filter((file) => inside(file, 'src/core'));

  it('reads the whole of src/: every component script and worker entry is in the graph', () => {
    expect(core.length).toBeGreaterThan(50);
    expect(graph.has(`src/components/SqlRunner.astro${BROWSER_PART}`)).toBe(true);
    expect(graph.get('src/scripts/sql/client.ts')?.some((edge) => edge.to === 'src/scripts/sql/worker.ts')).toBe(true);
    expect(graph.get('src/node/site/build-site.ts')?.some((edge) => edge.to === 'node:path')).toBe(true);
  });

  it('a check thread does not load the Markdown parser: the blocks it runs come from the notes\' facts', () => {
    const chains = forbiddenChains(['src/node/workers/sql-worker.ts'], (edge) => edge.to === 'src/core/markdown/analyze.ts' || edge.to === 'micromark');
    expect(chains, 'send the thread data (DocTestBlock), not notes to parse').toEqual([]);
  });

  it('src/core imports only src/core and packages that are neither Node-only nor Astro', () => {
    const chains = forbiddenChains(
      core,
      (edge) => isNodeOnly(edge) || isAstro(edge) || (edge.local && !inside(edge.to, 'src/core')),
      (file) => inside(file, 'src/core'),
    );
    expect(chains, 'src/core must stay pure: move Node or Astro code to src/node or src/shell').toEqual([]);
  });

  it('src/core compiles without the DOM and Node type libraries', () => {
    let output = '';
    try {
      execFileSync(path.join(ROOT, 'node_modules/.bin/tsc'), ['--project', 'tsconfig.core.json'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(output, 'src/core uses a DOM or Node global or type').toBe('');
  });

  it('nothing a browser bundle reaches leads to Node, src/node, src/shell or src/cli', () => {
    const roots = [...graph.keys()].filter((id) => inside(id, 'src/scripts') || id.endsWith(BROWSER_PART));
    const chains = forbiddenChains(
      roots,
      (edge) => isNodeOnly(edge) || (edge.local && ['src/node', 'src/shell', 'src/cli'].some((layer) => inside(edge.to, layer))),
    );
    expect(chains, 'the browser reaches Node-only code').toEqual([]);
  });

  it('has no import cycle in src/, type imports included', () => {
    const found = cycles().map(cycleChain);
    expect(found, 'import cycles: move the shared types to a types.ts').toEqual([]);
  });
});
