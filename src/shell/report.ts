/**
 * Prints diagnostics as `path:line:col: severity: message`, warnings and errors apart, and
 * decides whether they fail a build.
 */
import type { AstroIntegrationLogger } from 'astro';
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from '../core/diagnostics.ts';

export function reportDiagnostics(diagnostics: readonly Diagnostic[], logger: AstroIntegrationLogger): void {
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
  return strict && diagnostics.length > 0 ? `strict mode: ${diagnostics.length} diagnostic(s); see above.` : undefined;
}
