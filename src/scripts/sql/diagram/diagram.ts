/**
 * A live diagram of a page database's schema: the graph (schema-graph.ts) laid out by ELK
 * (layout.ts) and drawn as SVG (svg.ts); under it the legend and the same schema in words
 * (text.ts), which the picture points to with aria-describedby. Redrawn after each run in
 * its database: the layout is computed again only when tables or keys changed, and tables
 * are kept in the order the diagram first saw them, so a new one is added without moving
 * the others.
 *
 * The picture fits its column by default (scaled down, never up), so no table is cut off;
 * a toolbar zooms in and out (the frame then scrolls, and a mouse drags it to pan), back to
 * fit, and shows it over the whole window (Esc leaves). In a column narrower than
 * {@link VERTICAL_BELOW} px the tables are laid out top to bottom, as a row of them would be
 * unreadably small once fitted.
 */
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { SqlStrings } from '../../../components/i18n.ts';
import type { SchemaModel } from '../../../core/schema/introspect.ts';
import { element } from '../../dom.ts';
import { fill, plural } from '../strings.ts';
import { diagramGraph, layoutSignature, shownSchema, type DiagramGraph } from './schema-graph.ts';
import type { Highlight } from './highlight.ts';
import { layOut, type Direction } from './layout.ts';
import { drawDiagram, endMarks, type EndKind } from './svg.ts';
import { relationshipLines, tableLine } from './text.ts';

let diagrams = 0;

/** Below this column width (px) the layout is vertical. */
const VERTICAL_BELOW = 560;
const ZOOM = { step: 1.25, min: 0.25, max: 3 };

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
  /** What was drawn last, to lay it out again when the column crosses {@link VERTICAL_BELOW}. */
  private shown: { schema: SchemaModel; highlight: Highlight } | undefined;
  /** Fitted to the column, or a scale of the natural size. */
  private zoom: 'fit' | number = 'fit';

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
    this.element.append(this.tools(), this.canvas, legend, details);
    this.panByDragging();
    this.canvas.addEventListener('keydown', (event) => {
      const key = { '+': 'in', '=': 'in', '-': 'out', '0': 'fit', f: 'full', Escape: 'leave' }[event.key];
      if (!key || event.ctrlKey || event.metaKey || event.altKey) return;
      if (key === 'leave' && !this.element.classList.contains('is-full')) return;
      event.preventDefault();
      if (key === 'in' || key === 'out') this.zoomBy(key === 'in' ? ZOOM.step : 1 / ZOOM.step);
      else if (key === 'fit') this.setZoom('fit');
      else this.toggleFull();
    });
    // A column that becomes narrow (or wide) gets the other layout.
    new ResizeObserver(() => {
      if (this.shown && this.last && !this.last.signature.startsWith(this.direction())) void this.update(this.shown.schema, this.shown.highlight);
    }).observe(this.element);
  }

  private tools(): HTMLElement {
    const t = this.t;
    const bar = element('div', 'schema-tools');
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-label', t.diagramTools);
    const button = (className: string, text: string, title: string, act: () => void) => {
      const b = element('button', `schema-tool ${className}`, text);
      b.type = 'button';
      b.title = title;
      if (text.length === 1) b.setAttribute('aria-label', title);
      b.addEventListener('click', act);
      return b;
    };
    bar.append(
      button('schema-zoom-out', '−', t.zoomOut, () => this.zoomBy(1 / ZOOM.step)),
      button('schema-zoom-in', '+', t.zoomIn, () => this.zoomBy(ZOOM.step)),
      button('schema-zoom-fit', t.zoomFit, t.zoomFitHint, () => this.setZoom('fit')),
      button('schema-full', t.fullScreen, t.fullScreenHint, () => this.toggleFull()),
    );
    return bar;
  }

  private direction(): Direction {
    return this.element.clientWidth > 0 && this.element.clientWidth < VERTICAL_BELOW ? 'DOWN' : 'RIGHT';
  }

  /** The scale the picture is drawn at now, fitted or not. */
  private currentScale(): number {
    if (this.zoom !== 'fit') return this.zoom;
    const picture = this.canvas.querySelector('svg');
    const natural = Number(picture?.getAttribute('width'));
    return picture && natural > 0 ? picture.getBoundingClientRect().width / natural : 1;
  }

  private zoomBy(factor: number): void {
    this.setZoom(Math.min(ZOOM.max, Math.max(ZOOM.min, this.currentScale() * factor)));
  }

  private setZoom(zoom: 'fit' | number): void {
    this.zoom = zoom;
    this.applyZoom();
  }

  private applyZoom(): void {
    const picture = this.canvas.querySelector('svg');
    this.canvas.classList.toggle('is-fit', this.zoom === 'fit');
    if (!picture) return;
    if (this.zoom === 'fit') picture.style.removeProperty('width');
    else picture.style.width = `${Math.round(Number(picture.getAttribute('width')) * this.zoom)}px`;
  }

  private toggleFull(): void {
    const full = this.element.classList.toggle('is-full');
    this.element.querySelector('.schema-full')?.setAttribute('aria-pressed', String(full));
    this.setZoom('fit');
    this.canvas.focus();
  }

  /** A mouse or pen drags a zoomed picture around; touch scrolls the frame natively. */
  private panByDragging(): void {
    let from: { x: number; y: number; left: number; top: number } | undefined;
    this.canvas.addEventListener('pointerdown', (event) => {
      if (event.pointerType === 'touch' || event.button !== 0) return;
      if (this.canvas.scrollWidth <= this.canvas.clientWidth && this.canvas.scrollHeight <= this.canvas.clientHeight) return;
      from = { x: event.clientX, y: event.clientY, left: this.canvas.scrollLeft, top: this.canvas.scrollTop };
      this.canvas.setPointerCapture(event.pointerId);
      this.canvas.classList.add('is-panning');
    });
    this.canvas.addEventListener('pointermove', (event) => {
      if (!from) return;
      this.canvas.scrollLeft = from.left - (event.clientX - from.x);
      this.canvas.scrollTop = from.top - (event.clientY - from.y);
    });
    const stop = () => {
      from = undefined;
      this.canvas.classList.remove('is-panning');
    };
    this.canvas.addEventListener('pointerup', stop);
    this.canvas.addEventListener('pointercancel', stop);
  }

  async update(schema: SchemaModel, highlight: Highlight): Promise<void> {
    this.element.setAttribute('aria-busy', 'true');
    try {
      const model = shownSchema(schema, this.names);
      for (const table of model.tables) if (!this.order.includes(table.name)) this.order.push(table.name);
      const direction = this.direction();
      const signature = `${direction}${layoutSignature(model)}`;
      this.shown = { schema, highlight };
      if (model.tables.length === 0) this.last = undefined;
      else if (this.last?.signature !== signature) {
        const graph = diagramGraph(model, this.order, this.widths.measure);
        this.last = { signature, graph, layout: await layOut(graph.elk, direction) };
      }
      this.draw(model, highlight);
      this.applyZoom();
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
      const picture = drawDiagram(this.last.graph, this.last.layout, highlight, t);
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
        ul.append(element('li', undefined, line));
      }
      return ul;
    };
    const relationships = relationshipLines(model, t);
    this.words.replaceChildren(
      element('p', 'schema-words-head', t.relationships),
      relationships.length > 0 ? list('schema-relationships', relationships) : element('p', 'schema-relationships', t.noRelationships),
      element('p', 'schema-words-head', t.tables),
      list('schema-table-lines', model.tables.map(tableLine)),
    );
  }
}
