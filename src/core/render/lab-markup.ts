/**
 * Marks a note's ```lab blocks up for the page's lab (src/scripts/lab): a `div.lab` with
 * the block's number and its data (the parsed scenario and the text: JSON in `data-lab`,
 * src/core/lab/view/lab-data.ts), around the scenario drawn as static HTML
 * (lanes and steps, src/core/lab/view/lab-view.ts) so it reads without any script. A block
 * that does not parse shows its error and its text (the build reports it too, see
 * analyze.ts). `known`: the note's blocks as its analysis parsed them. Kept out of the
 * search index.
 */
import type { Root, RootContent } from 'mdast';
import { findLabBlocks, type LabParse } from '../lab/blocks.ts';
import type { LabBlockData } from '../lab/view/lab-data.ts';
import { labErrorView, labView } from '../lab/view/lab-view.ts';
import type { RenderLabels } from './labels.ts';

export function markLabBlocks(tree: Root, labels: RenderLabels, known: readonly LabParse[]): void {
  for (const block of findLabBlocks(tree, known)) {
    const data: LabBlockData = { source: block.code, ...(block.scenario ? { scenario: block.scenario } : {}) };
    const children = block.scenario ? labView(block.scenario, labels.lab) : labErrorView(block.error!.message, block.code, labels.lab);
    const marked = {
      type: 'labBlock',
      data: {
        hName: 'div',
        hProperties: {
          className: ['lab'],
          dataLabBlock: block.id,
          dataLab: JSON.stringify(data),
          ...(block.error ? { dataInvalid: '' } : {}),
          // Its lanes and step texts would glue into search excerpts ("150; preventedSERIALIZABLE").
          dataPagefindIgnore: '',
        },
        hChildren: children,
      },
      children: [],
    };
    replaceNode(tree, block.node, marked as unknown as RootContent);
  }
}

function replaceNode(tree: Root, node: RootContent, replacement: RootContent): void {
  const walk = (parent: { children: RootContent[] }): boolean => {
    const index = parent.children.indexOf(node);
    if (index >= 0) {
      parent.children[index] = replacement;
      return true;
    }
    return parent.children.some((child) => 'children' in child && walk(child as { children: RootContent[] }));
  };
  walk(tree);
}
