/**
 * The three forms `vault-kb check --format` prints diagnostics in: `text` (the
 * `path:line:col: severity: message [code]` lines editors jump to), `github` (GitHub
 * Actions workflow commands, which a pull request shows on the line they name), and `json`
 * (one document with a `version`, for other tools; its schema is in README.md and changes
 * only with a new version number). Paths are given from the repository root (`prefix` is the
 * vault's folder in the repository), as GitHub matches them against the files of the commit.
 */
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from './diagnostics.ts';

export const REPORT_FORMATS = ['text', 'json', 'github'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Version of the JSON report's schema: raised when a field changes meaning or goes away. */
export const JSON_REPORT_VERSION = 1;

export interface CheckSummary {
  notes: number;
  /** Notes whose SQL (or Python) blocks were run. */
  notesWithSnippets: number;
}

/** `a/b.md` in a vault at `notes/` of the repository: `notes/a/b.md`. */
export function repoPath(prefix: string, file: string): string {
  const folder = prefix.replace(/\\/g, '/').replace(/^\.?\/+|\/+$/g, '');
  return folder && folder !== '.' ? `${folder}/${file}` : file;
}

// GitHub's workflow-command escaping: data escapes %, CR and LF; property values also `:` and `,`.
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function githubAnnotation(d: Diagnostic, prefix: string): string {
  const file = escapeProperty(repoPath(prefix, d.file));
  return `::${d.severity} file=${file},line=${d.line},col=${d.column},title=${escapeProperty(d.code)}::${escapeData(d.message)}`;
}

/** The diagnostics in `format`, one string to print (the JSON report also carries the counts). */
export function formatReport(format: ReportFormat, diagnostics: readonly Diagnostic[], summary: CheckSummary, prefix: string): string {
  const sorted = sortDiagnostics(diagnostics);
  const errors = sorted.filter((d) => d.severity === 'error').length;
  if (format === 'json') {
    return JSON.stringify(
      {
        version: JSON_REPORT_VERSION,
        summary: { ...summary, errors, warnings: sorted.length - errors },
        diagnostics: sorted.map((d) => ({ file: repoPath(prefix, d.file), line: d.line, column: d.column, severity: d.severity, code: d.code, message: d.message })),
      },
      null,
      2,
    );
  }
  return sorted.map((d) => (format === 'github' ? githubAnnotation(d, prefix) : formatDiagnostic({ ...d, file: repoPath(prefix, d.file) }))).join('\n');
}
