/**
 * Where the note's ```sql-schema and ```sql-table views will be, set out as the page opens:
 * each a note and a button that runs the blocks above it, until its database has run. Small
 * and loaded at once, so the page does not move when the views themselves (page-views.ts,
 * with the diagram and table code) come, with the first run or the prewarm of PostgreSQL.
 */
import type { SqlStrings } from '../../../components/i18n.ts';
import { element } from '../../dom.ts';
import { fill } from '../strings.ts';

/**
 * A ```sql-schema or ```sql-table block in the note: until its database has run, a note
 * and a button that runs the blocks above it; then the view. Its code (the original block)
 * stays in the page for browsers without scripts.
 */
export class Slot {
  readonly db: string;
  readonly host: HTMLElement;
  private readonly placeholder: HTMLElement;
  private content: HTMLElement | undefined;

  constructor(host: HTMLElement, text: string, t: SqlStrings, prepare: (slot: Slot) => void) {
    this.host = host;
    this.db = host.dataset.db ?? 'main';
    for (const child of host.children) (child as HTMLElement).hidden = true;
    this.placeholder = element('div', 'sql-view-pending');
    const button = element('button', 'sql-view-prepare', host.classList.contains('sql-schema-view') ? t.drawSchema : t.showRows);
    button.type = 'button';
    button.title = t.drawAfterBlocks;
    button.addEventListener('click', () => prepare(this));
    this.placeholder.append(element('p', undefined, text), button);
    host.append(this.placeholder);
  }

  show(content: HTMLElement): void {
    this.placeholder.hidden = true;
    if (this.content !== content) {
      this.content?.remove();
      this.content = content;
      this.host.append(content);
    }
    content.hidden = false;
  }

  reset(): void {
    if (this.content) this.content.hidden = true;
    this.placeholder.hidden = false;
  }
}

/** The note's views, in page order: diagrams with the tables they are limited to, table views with their table. */
export interface PlacedViews {
  diagrams: { slot: Slot; tables: string[] }[];
  tables: { slot: Slot; table: string }[];
}

/** `prepare(db, at)` runs what the view at `at` needs first: the blocks above it not run yet. */
export function placeViews(t: SqlStrings, prepare: (db: string, at: HTMLElement) => void): PlacedViews {
  const onPrepare = (slot: Slot) => prepare(slot.db, slot.host);
  return {
    diagrams: [...document.querySelectorAll<HTMLElement>('.note-content .sql-schema-view')].map((el) => ({
      slot: new Slot(el, t.diagramPending, t, onPrepare),
      tables: el.dataset.tables?.split(',').filter(Boolean) ?? [],
    })),
    tables: [...document.querySelectorAll<HTMLElement>('.note-content .sql-table-view')].map((el) => {
      const table = el.dataset.table ?? '';
      return { slot: new Slot(el, fill(t.tablePending, { table }), t, onPrepare), table };
    }),
  };
}
