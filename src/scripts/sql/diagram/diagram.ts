/**
 * A live diagram of a page database's schema: the graph (graph.ts) laid out by ELK
 * (layout.ts) and drawn as SVG (svg.ts) in a frame that scrolls, by keyboard too, on a
 * narrow screen; under it the legend and the same schema in words (text.ts), which the
 * picture points to with aria-describedby. Redrawn after each run in its database: the
 * layout is computed again only when tables or keys changed, and tables are kept in the
 * order the diagram first saw them, so a new one is added without moving the others.
 */
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { SqlStrings } from '../../../components/i18n.ts';
import type { SchemaModel } from '../../../core/schema/introspect.ts';
import { element } from '../../dom.ts';
import { fill, plural } from '../strings.ts';
import { diagramGraph, layoutSignature, shownSchema, type DiagramGraph } from './graph.ts';
import type { Highlight } from './highlight.ts';
import { layOut } from './layout.ts';
import { drawDiagram, endMarks, type EndKind } from './svg.ts';
import { relationshipLines, tableLine } from './text.ts';

let diagrams = 0;

/** Text widths in the diagram's font, measured on a canvas (no layout of the page needed). */
class TextWidths {
  private readonly known = new Map<string, number>();
  private context: CanvasRenderingContext2D | null | undefined;
  private readonly fontOf: () => string;

  constructor(fontOf: () => string) {
    this.fontOf = fontOf;
  }

  measure = (text: string, bold = false): number => {
    const key = `${bold ? 'b' : ''}|${text}`;
    let width = this.known.get(key);
    if (width === undefined) {
      this.context ??= document.createElement('canvas').getContext('2d');
      if (this.context) {
        this.context.font = `${bold ? 'bold ' : ''}12px ${this.fontOf()}`;
        width = this.context.measureText(text).width;
      } else width = text.length * 7.3;
      this.known.set(key, width);
    }
    return width;
  };
}

function legendGlyph(kind: EndKind): SVGSVGElement {
  const glyph = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  glyph.setAttribute('class', 'schema-legend-glyph');
  glyph.setAttribute('width', '36');
  glyph.setAttribute('height', '16');
  glyph.setAttribute('aria-hidden', 'true');
  const line = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  line.setAttribute('class', 'schema-edge-line');
  line.setAttribute('d', 'M2 8H34');
  glyph.append(line, ...endMarks({ x: 34, y: 8 }, { x: 2, y: 8 }, kind));
  return glyph;
}

export class SchemaDiagram {
  readonly element: HTMLElement;
  private readonly canvas: HTMLElement;
  private readonly marks: HTMLElement;
  private readonly words: HTMLElement;
  private readonly wordsId: string;
  private readonly names: string[];
  private readonly t: SqlStrings;
  private readonly widths: TextWidths;
  /** Every table the diagram has shown, in the order it first showed them. */
  private readonly order: string[] = [];
  private last: { signature: string; graph: DiagramGraph; layout: ElkNode } | undefined;

  /** `names`: the tables to show, all when empty. */
  constructor(t: SqlStrings, db: string, names: string[]) {
    this.t = t;
    this.names = names;
    this.wordsId = `kb:schema-words-${++diagrams}`;
    this.element = element('div', 'schema-diagram');
    this.canvas = element('div', 'schema-canvas');
    // Focusable, so the keyboard can scroll a diagram wider than the screen.
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'region');
    this.canvas.setAttribute('aria-label', fill(t.diagramLabel, { db }));
    this.widths = new TextWidths(() => getComputedStyle(this.canvas).fontFamily || 'monospace');

    const legend = element('div', 'schema-legend');
    const notation = element('ul', 'schema-notation');
    notation.setAttribute('aria-label', t.legend);
    const kinds: [EndKind, string][] = [['one', t.legendOne], ['zero-or-one', t.legendZeroOrOne], ['zero-or-many', t.legendMany]];
    for (const [kind, text] of kinds) {
      const item = element('li');
      item.append(legendGlyph(kind), text);
      notation.append(item);
    }
    notation.append(element('li', 'schema-legend-keys', t.legendKeys));
    this.marks = element('ul', 'schema-highlights');
    legend.append(notation, this.marks);

    const details = element('details', 'schema-words');
    details.append(element('summary', undefined, t.inWords));
    this.words = element('div');
    this.words.id = this.wordsId;
    details.append(this.words);
    this.element.append(this.canvas, legend, details);
  }

  async update(schema: SchemaModel, highlight: Highlight): Promise<void> {
    this.element.setAttribute('aria-busy', 'true');
    try {
      const model = shownSchema(schema, this.names);
      for (const table of model.tables) if (!this.order.includes(table.name)) this.order.push(table.name);
      const signature = layoutSignature(model);
      if (model.tables.length === 0) this.last = undefined;
      else if (this.last?.signature !== signature) {
        const graph = diagramGraph(model, this.order, this.widths.measure);
        this.last = { signature, graph, layout: await layOut(graph.elk) };
      }
      this.draw(model, highlight);
      this.describe(model);
    } finally {
      this.element.removeAttribute('aria-busy');
    }
  }

  private draw(model: SchemaModel, highlight: Highlight): void {
    const t = this.t;
    if (!this.last) {
      this.canvas.replaceChildren(element('p', 'schema-empty', t.diagramEmpty));
    } else {
      const picture = drawDiagram(this.last.graph, this.last.layout, highlight);
      picture.setAttribute('role', 'img');
      picture.setAttribute('aria-label', `${plural(t.tablesCount, model.tables.length)}, ${plural(t.keysCount, model.foreignKeys.length)}`);
      picture.setAttribute('aria-describedby', this.wordsId);
      this.canvas.replaceChildren(picture);
    }
    const lit: [string, boolean][] = [
      ['is-touched', highlight.tables.size > 0],
      ['is-fired', highlight.fired.size > 0],
      ['is-blocker', highlight.blocker !== undefined || highlight.blockedKey !== undefined],
    ];
    const texts: Record<string, string> = { 'is-touched': t.legendTouched, 'is-fired': t.legendFired, 'is-blocker': t.legendBlocker };
    this.marks.replaceChildren(
      ...lit.filter(([, on]) => on).map(([name]) => {
        const item = element('li', `schema-highlight ${name}`);
        item.append(element('span', 'schema-swatch'), texts[name]);
        return item;
      }),
    );
  }

  private describe(model: SchemaModel): void {
    const t = this.t;
    const list = (className: string, lines: string[]) => {
      const ul = element('ul', className);
      for (const line of lines) {
        // Worded by the core in English, as SQL is.
        const li = element('li', undefined, line);
        li.lang = 'en';
        ul.append(li);
      }
      return ul;
    };
    const relationships = relationshipLines(model);
    this.words.replaceChildren(
      element('p', 'schema-words-head', t.relationships),
      relationships.length > 0 ? list('schema-relationships', relationships) : element('p', 'schema-relationships', t.noRelationships),
      element('p', 'schema-words-head', t.tables),
      list('schema-table-lines', model.tables.map(tableLine)),
    );
  }
}
