/**
 * Build diagnostics: everything an author should fix, with the place to fix it.
 * Formatted as `path:line:col: severity: message` so editors and terminals can jump to it.
 */
/** `info`: worth knowing, not a problem (printed by `npm run check --verbose` only, never fails a build). */
export type Severity = 'error' | 'warning' | 'info';

export type DiagnosticCode =
  | 'unresolved-link'
  | 'link-syntax'
  | 'ambiguous-link'
  | 'missing-heading'
  | 'missing-block'
  | 'missing-embed'
  | 'embed-cycle'
  | 'duplicate-url'
  | 'invalid-frontmatter'
  | 'unservable-name'
  | 'render-crash'
  | 'sql-block-option'
  | 'sql-error'
  | 'sql-expected-error'
  | 'sql-output'
  | 'python-error'
  | 'python-expected-error'
  | 'python-output'
  | 'python-packages'
  | 'lab-spec'
  | 'outside-vault'
  | 'invalid-encoding'
  | 'tag-url'
  | 'mdx-disabled'
  | 'mdx-error'
  | 'unsafe-html'

  | 'note-limit'
  | 'sql-timeout';

export interface Diagnostic {
  /** Vault-relative POSIX path of the file the problem is in. */
  file: string;
  line: number;
  column: number;
  severity: Severity;
  code: DiagnosticCode;
  message: string;
}

/** Errors and warnings: what an author should fix, what strict builds fail on. */
export function problemsOf<D extends Diagnostic>(diagnostics: readonly D[]): D[] {
  return diagnostics.filter((d) => d.severity !== 'info');
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]`;
}

/** Stable order: by file, then position, so reports and test snapshots do not flap. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}
