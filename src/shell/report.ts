/**
 * Prints diagnostics as `path:line:col: severity: message`, warnings and errors apart, and
 * decides whether they fail a build.
 */
import type { AstroIntegrationLogger } from 'astro';
import { formatDiagnostic, problemsOf, sortDiagnostics, type Diagnostic } from '../core/diagnostics.ts';

/** Errors and warnings; info lines are for `npm run check --verbose`. */
export function reportDiagnostics(all: readonly Diagnostic[], logger: AstroIntegrationLogger): void {
  const diagnostics = problemsOf(all);
  for (const d of sortDiagnostics(diagnostics)) {
    if (d.severity === 'error') logger.error(formatDiagnostic(d));
    else logger.warn(formatDiagnostic(d));
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  logger.info(`vault: ${errors} error(s), ${diagnostics.length - errors} warning(s)`);
}

/**
 * Why a build with these diagnostics fails, or undefined when it ships. A note that could
 * not be parsed or rendered is reported and shown as an error page, and the rest of the
 * vault still builds: one bad note must not take the site down. Only strict mode fails on
 * diagnostics, any of them.
 */
export function buildFailure(diagnostics: readonly Diagnostic[], strict: boolean): string | undefined {
  const problems = problemsOf(diagnostics);
  return strict && problems.length > 0 ? `strict mode: ${problems.length} diagnostic(s); see above.` : undefined;
}
