/**
 * A note's ```lab blocks in page order, each parsed into a scenario (or the error that
 * keeps it from being one), with file lines. The renderer, `npm run lab` and the oracle
 * tests number them the same way, by this function. A build parses each block once, in
 * its analysis (src/core/markdown/analyze.ts keeps the parses in the note's facts); the
 * render hands those back as `known`, so a block is parsed again only if its text or line
 * is not the one analysed.
 */
import type { Code, Nodes, Parent, Root } from 'mdast';
import type { LabScenario } from './scenario.ts';
import { LabSpecError, parseLab } from './spec-parser.ts';

export const LAB_LANG = 'lab';

/** A block's parse as plain data (it crosses worker threads in the note's facts). */
export interface LabParse {
  /** Line of the opening fence. */
  line: number;
  code: string;
  scenario?: LabScenario;
  /** The full message (`line 6: …`) and the line it is about. */
  error?: { message: string; line: number };
}

export interface LabBlock extends LabParse {
  /** 0-based, in page order. */
  id: number;
  node: Code;
}

function parse(code: string, line: number): Pick<LabParse, 'scenario' | 'error'> {
  try {
    return { scenario: parseLab(code, { firstLine: line + 1 }) };
  } catch (error) {
    if (!(error instanceof LabSpecError)) throw error;
    return { error: { message: error.message, line: error.line } };
  }
}

export function findLabBlocks(tree: Root, known: readonly LabParse[] = []): LabBlock[] {
  const blocks: LabBlock[] = [];
  const walk = (parent: Parent) => {
    for (const child of parent.children) {
      const node = child as Nodes;
      if (node.type === 'code' && node.lang?.toLowerCase() === LAB_LANG) {
        const line = node.position?.start.line ?? 0;
        const code = node.value;
        const parsed = known[blocks.length];
        const { scenario, error } = parsed?.code === code && parsed.line === line ? parsed : parse(code, line);
        blocks.push({ id: blocks.length, node, line, code, ...(scenario ? { scenario } : {}), ...(error ? { error } : {}) });
      } else if ('children' in node) walk(node as Parent);
    }
  };
  walk(tree);
  return blocks;
}
