/**
 * A note's ```lab blocks in page order, each parsed into a scenario (or the error that
 * keeps it from being one), with file lines. The renderer, `npm run lab` and the oracle
 * tests number them the same way, by this function. Browser-safe.
 */
import type { Code, Nodes, Parent, Root } from 'mdast';
import type { LabScenario } from './scenario.ts';
import { LabSpecError, parseLab } from './spec-parser.ts';

export const LAB_LANG = 'lab';

export interface LabBlock {
  /** 0-based, in page order. */
  id: number;
  node: Code;
  /** Line of the opening fence. */
  line: number;
  code: string;
  scenario?: LabScenario;
  error?: LabSpecError;
}

export function findLabBlocks(tree: Root): LabBlock[] {
  const blocks: LabBlock[] = [];
  const walk = (parent: Parent) => {
    for (const child of parent.children) {
      const node = child as Nodes;
      if (node.type === 'code' && node.lang?.toLowerCase() === LAB_LANG) {
        const line = node.position?.start.line ?? 0;
        const block: LabBlock = { id: blocks.length, node, line, code: node.value };
        try {
          block.scenario = parseLab(node.value, { firstLine: line + 1 });
        } catch (error) {
          if (!(error instanceof LabSpecError)) throw error;
          block.error = error;
        }
        blocks.push(block);
      } else if ('children' in node) walk(node as Parent);
    }
  };
  walk(tree);
  return blocks;
}
