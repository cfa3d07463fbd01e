/**
 * The editor a block turns into when the reader edits it: CodeMirror 6 with PostgreSQL
 * (or, for a Python block, Python) highlighting in the site's code colours, Ctrl/Cmd+Enter to run, and the
 * error position underlined. Loaded only when first needed (it is most of the runner's
 * JavaScript). Tab is left to move focus, so the keyboard never gets trapped.
 */
import { python } from '@codemirror/lang-python';
import { PostgreSQL, sql } from '@codemirror/lang-sql';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorState, Prec, StateEffect, StateField } from '@codemirror/state';
import { Decoration, type DecorationSet, drawSelection, EditorView, keymap } from '@codemirror/view';
import { tags } from '@lezer/highlight';

export interface SqlEditor {
  readonly view: EditorView;
  text(): string;
  setText(text: string): void;
  /** Underlines from–to (UTF-16 offsets) until the text changes; `undefined` clears it. */
  mark(range: { from: number; to: number; message: string } | undefined): void;
  focus(at?: number): void;
}

/** The same CSS variables Shiki's build-time highlighting uses, so editing changes no colour. */
const colours = HighlightStyle.define([
  { tag: [tags.keyword, tags.typeName, tags.operatorKeyword, tags.modifier], color: 'var(--shiki-token-keyword)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--shiki-token-string-expression)' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--shiki-token-constant)' },
  { tag: [tags.lineComment, tags.blockComment], color: 'var(--shiki-token-comment)', fontStyle: 'italic' },
  { tag: [tags.function(tags.variableName), tags.special(tags.name)], color: 'var(--shiki-token-function)' },
]);

const setMark = StateEffect.define<{ from: number; to: number; message: string } | undefined>();

const errorMark = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, transaction) {
    for (const effect of transaction.effects) {
      if (!effect.is(setMark)) continue;
      const range = effect.value;
      if (!range || range.to <= range.from) return Decoration.none;
      const mark = Decoration.mark({ class: 'sql-error-mark', attributes: { title: range.message } });
      return Decoration.set([mark.range(range.from, range.to)]);
    }
    // The reader is fixing it: the old position means nothing any more.
    return transaction.docChanged ? Decoration.none : marks;
  },
  provide: (field) => EditorView.decorations.from(field),
});

export function createEditor(parent: HTMLElement, options: { text: string; label: string; onRun: () => void; language: 'sql' | 'python' }): SqlEditor {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.text,
      extensions: [
        Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => (options.onRun(), true) }])),
        history(),
        drawSelection(),
        bracketMatching(),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        options.language === 'python' ? python() : sql({ dialect: PostgreSQL }),
        syntaxHighlighting(colours),
        errorMark,
        // Long lines wrap rather than scroll their start out of view.
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': options.label, spellcheck: 'false', autocapitalize: 'off', autocorrect: 'off' }),
      ],
    }),
  });
  return {
    view,
    text: () => view.state.doc.toString(),
    setText: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    mark(range) {
      const clamp = (n: number) => Math.min(Math.max(n, 0), view.state.doc.length);
      const value = range && { ...range, from: clamp(range.from), to: clamp(range.to) };
      view.dispatch({ effects: [setMark.of(value), ...(value ? [EditorView.scrollIntoView(value.from, { y: 'nearest' })] : [])] });
    },
    focus(at) {
      if (at !== undefined) view.dispatch({ selection: { anchor: Math.min(at, view.state.doc.length) } });
      view.focus();
    },
  };
}
