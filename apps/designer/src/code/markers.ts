// pure: turns DSL diagnostics into editor markers without importing Monaco
import type { Diagnostic } from '@routewright/strategy-dsl'

/** The `source` of every marker the code view sets: the quick fixes answer only those. */
export const MARKER_SOURCE = 'routewright'

/** A marker in Monaco's coordinates (1-based lines and columns), with the severity still as the DSL's name. */
export interface MarkerData {
  startLineNumber: number
  startColumn: number
  endLineNumber: number
  endColumn: number
  message: string
  severity: Diagnostic['severity']
  code: string
  source: string
}

/**
 * One marker per diagnostic. A diagnostic without a range marks the first line so it is still visible in the
 * editor; an empty range is widened to one character so Monaco draws a squiggle.
 */
export function markersFromDiagnostics(diagnostics: readonly Diagnostic[]): MarkerData[] {
  return diagnostics.map((d) => {
    const start = d.range?.start ?? { line: 1, column: 1 }
    const end = d.range?.end ?? { line: start.line, column: start.column + 1 }
    const empty = end.line === start.line && end.column <= start.column
    return {
      startLineNumber: start.line,
      startColumn: start.column,
      endLineNumber: end.line,
      endColumn: empty ? start.column + 1 : end.column,
      message: d.node ? `${d.message} (node ${d.node})` : d.message,
      severity: d.severity,
      code: d.code,
      source: MARKER_SOURCE,
    }
  })
}

/** Counts by severity, for the status line: "2 errors, 1 warning". */
export function describeCounts(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length
  const parts: string[] = []
  if (errors) parts.push(`${errors} error${errors === 1 ? '' : 's'}`)
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`)
  return parts.length ? parts.join(', ') : 'no problems'
}
