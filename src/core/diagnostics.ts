/**
 * Build diagnostics: everything an author should fix, with the place to fix it.
 * Formatted as `path:line:col: severity: message` so editors and terminals can jump to it.
 */
export type Severity = 'error' | 'warning';

export type DiagnosticCode =
  | 'unresolved-link'
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
