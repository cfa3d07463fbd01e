/** Prints diagnostics as `path:line:col: severity: message`, warnings and errors apart. */
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
